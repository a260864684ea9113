/// How many colours the terminal shows, from best to none.
public enum ColorMode: Equatable, Sendable {
    case palette256
    case palette16
    case palette8
    case monochrome

    public var label: String {
        switch self {
        case .palette256: "256 colours"
        case .palette16: "16 colours"
        case .palette8: "8 colours"
        case .monochrome: "no colour"
        }
    }

    public var shortLabel: String {
        switch self {
        case .palette256: "256c"
        case .palette16: "16c"
        case .palette8: "8c"
        case .monochrome: "mono"
        }
    }
}

/// What the terminal can show: its colours, and whether it takes UTF-8 (else ASCII fallbacks).
public struct DisplayMode: Equatable, Sendable {
    public var colors: ColorMode
    public var unicode: Bool

    public init(colors: ColorMode, unicode: Bool) {
        self.colors = colors
        self.unicode = unicode
    }

    public var box: BoxGlyphs { unicode ? .unicode : .ascii }
    public var dots: DotGlyphs { unicode ? .braille : .ascii }
    /// A thin separator between items of a line.
    public var separator: String { unicode ? " │ " : " | " }

    public var image: ImageEncoding {
        guard unicode else { return .asciiRamp }
        return colors == .palette256 ? .halfBlock : .shade
    }
}
