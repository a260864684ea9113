@testable import TUI

/// Render contexts for the modes the widgets have to handle.
enum TestContext {
    static func make(colors: ColorMode = .palette256, unicode: Bool = true, markers: MarkerMode = .dots,
                     logScale: Bool = false) -> RenderContext {
        RenderContext(palette: Palette(theme: .fallback, mode: colors), display: DisplayMode(colors: colors, unicode: unicode),
                      markers: markers, logScale: logScale)
    }

    static let braille = make()
    static let ascii = make(colors: .monochrome, unicode: false)
}

extension Canvas {
    /// The rows of a rectangle as text, trailing spaces kept.
    func rows(_ rect: Rect) -> [String] {
        (rect.y..<rect.maxY).map { y in
            var text = String.UnicodeScalarView()
            for x in rect.x..<rect.maxX { text.append(self[x, y].glyph) }
            return String(text)
        }
    }
}
