/// The bottom line: the keys (shortened to fit), a message when there is one, and the active
/// display mode at the right.
public struct FooterWidget {
    public var message: FooterMessage?
    public var themeName: String
    public var context: RenderContext

    static let keys: [(key: String, label: String)] = [
        ("Tab", "run"), ("c", "compare"), ("space", "pause"), ("r", "restart"), ("+/-", "lr"), ("l", "log"),
        ("m", "markers"), ("t", "theme"), ("w", "save"), ("?", "help"), ("q", "quit"),
    ]

    public init(message: FooterMessage?, themeName: String, context: RenderContext) {
        self.message = message
        self.themeName = themeName
        self.context = context
    }

    /// The mode as shown at the right, e.g. "dark · 256 colours · UTF-8 · dots", or shorter.
    func modeText(compact: Bool) -> String {
        let dot = compact ? " " : context.display.unicode ? " · " : ", "
        let colors = compact ? context.display.colors.shortLabel : context.display.colors.label
        var parts = [themeName, colors, context.display.unicode ? "UTF-8" : "ASCII", context.markers.label]
        if context.logScale { parts.append("log") }
        return parts.joined(separator: dot)
    }

    /// The keys in the longest form that fits `width` columns.
    static func keyText(width: Int) -> String {
        let full = keys.map { "\($0.key) \($0.label)" }.joined(separator: "  ")
        if full.count <= width { return full }
        let short = keys.map { $0.key == "?" || $0.key == "q" ? "\($0.key) \($0.label)" : $0.key }.joined(separator: " ")
        if short.count <= width { return short }
        return "? help  q quit"
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        let mode = modeText(compact: rect.width < 100)
        // A message that would not fit beside the mode takes the whole line.
        let messageWidth = message.map { $0.text.count + 2 } ?? 0
        let modeWidth = rect.width >= 60 && messageWidth + mode.count + 1 <= rect.width ? mode.count + 1 : 0
        let left = rect.width - modeWidth - 1
        if let message {
            canvas.write(" " + message.text, x: rect.x, y: rect.y, style: message.isError ? palette.warning : palette.highlight, limit: left)
        } else {
            canvas.write(" " + Self.keyText(width: left - 1), x: rect.x, y: rect.y, style: palette.text, limit: left)
        }
        if modeWidth > 0 { canvas.write(mode, x: rect.maxX - mode.count - 1, y: rect.y, style: palette.muted) }
    }
}

/// A short note in the footer (saved, theme error, …) that stays for a few seconds.
public struct FooterMessage: Equatable, Sendable {
    public var text: String
    public var isError: Bool
    /// Monotonic seconds after which it is no longer shown.
    public var until: Double

    public init(text: String, isError: Bool = false, until: Double) {
        self.text = text
        self.isError = isError
        self.until = until
    }
}
