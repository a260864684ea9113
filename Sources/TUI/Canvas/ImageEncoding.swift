/// How a greyscale image is drawn, two pixels (one above the other) per cell, which keeps square
/// pixels square on a terminal whose cells are twice as tall as wide.
public enum ImageEncoding: Equatable, Sendable {
    /// `▀` with the upper pixel as foreground and the lower as background, on the grey ramp of
    /// 256-colour terminals.
    case halfBlock
    /// Shade characters by the mean of the two pixels, for 8/16 colours or none.
    case shade
    /// An ASCII ramp by the mean of the two pixels, without UTF-8.
    case asciiRamp

    public static let shades: [Unicode.Scalar] = [" ", "░", "▒", "▓", "█"]
    public static let asciiLevels: [Unicode.Scalar] = Array(" .:-=+*#%@".unicodeScalars)

    /// The cell for an upper and a lower pixel in [0, 1]; `style` is the image's style for the
    /// shade and ASCII encodings.
    public func cell(upper: Float, lower: Float, style: Style) -> Cell {
        switch self {
        case .halfBlock:
            return Cell("▀", style: Style(foreground: GreyRamp.color(upper), background: GreyRamp.color(lower)))
        case .shade:
            return Cell(Self.shades[Self.level((upper + lower) / 2, count: Self.shades.count)], style: style)
        case .asciiRamp:
            return Cell(Self.asciiLevels[Self.level((upper + lower) / 2, count: Self.asciiLevels.count)], style: style)
        }
    }

    static func level(_ value: Float, count: Int) -> Int {
        let scaled = (value.isFinite ? min(max(value, 0), 1) : 0) * Float(count - 1)
        return Int(scaled.rounded())
    }
}

/// The greys used for half-block images: evenly spaced steps of the 24-step ramp (palette
/// entries 232-255). Fewer than 24 steps so that every (upper, lower) pair fits in the 255
/// colour pairs allocated up front.
public enum GreyRamp {
    public static let steps = 14

    /// The palette colour of step `index` (0 = darkest).
    public static func color(step index: Int) -> TerminalColor {
        .indexed(UInt8(232 + (index * 23 + (steps - 1) / 2) / (steps - 1)))
    }

    public static func color(_ value: Float) -> TerminalColor {
        color(step: ImageEncoding.level(value, count: steps))
    }

    public static var colors: [TerminalColor] { (0..<steps).map { color(step: $0) } }
}
