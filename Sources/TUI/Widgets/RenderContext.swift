/// How the latent scatter marks its points.
public enum MarkerMode: CaseIterable, Equatable, Sendable {
    /// Braille dots (ASCII dots without UTF-8), each cell in the colour of its majority class.
    case dots
    /// The digit of each cell's majority class: readable without colour.
    case digits

    public var label: String { self == .dots ? "dots" : "digits" }
}

/// What every widget needs to know besides its data: colours, glyphs and the view toggles.
public struct RenderContext: Sendable {
    public var palette: Palette
    public var display: DisplayMode
    public var markers: MarkerMode
    public var logScale: Bool

    public init(palette: Palette, display: DisplayMode, markers: MarkerMode = .dots, logScale: Bool = false) {
        self.palette = palette
        self.display = display
        self.markers = markers
        self.logScale = logScale
    }

    /// No colour, ASCII glyphs, digit markers: a chart for a log file or a pipe.
    public static let plainText = RenderContext(palette: Palette(theme: .fallback, mode: .monochrome),
                                                display: DisplayMode(colors: .monochrome, unicode: false), markers: .digits)
}
