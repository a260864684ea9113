/// The bottom line: the keys (in the longest form that fits), or a message when there is one, and
/// the active display mode at the right.
public struct FooterWidget {
    public var message: FooterMessage?
    public var themeName: String
    public var context: RenderContext

    /// The keys of `KeyMap` that have a footer label, as the footer writes them (`+/-`, not `+ / -`).
    static let keys: [(key: String, label: String, essential: Bool)] = KeyMap.bindings.compactMap { binding in
        binding.footer.map { (binding.label.replacingOccurrences(of: " ", with: ""), $0, binding.essential) }
    }

    /// How much of the key list to show, from most to least.
    enum KeyForm: CaseIterable {
        case spaced, tight, keysOnly, minimal

        /// The pieces of the line: text, and whether it is a key (drawn highlighted).
        var segments: [(text: String, isKey: Bool)] {
            let shown = self == .minimal ? FooterWidget.keys.filter(\.essential) : FooterWidget.keys
            let gap = self == .spaced || self == .minimal ? "  " : " "
            return shown.enumerated().flatMap { index, entry -> [(text: String, isKey: Bool)] in
                let labelled = self != .keysOnly || entry.essential
                return [(index == 0 ? "" : gap, false), (entry.key, true), (labelled ? " \(entry.label)" : "", false)]
            }
        }

        var width: Int { segments.reduce(0) { $0 + $1.text.count } }
    }

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

    /// The fullest keys and mode that fit together in `width` columns (keys matter more).
    func layout(width: Int) -> (keys: KeyForm, mode: String) {
        let modes = [modeText(compact: false), modeText(compact: true)]
        for form in KeyForm.allCases {
            for mode in modes where form.width + mode.count + 3 <= width { return (form, mode) }
        }
        return (.minimal, "")
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        var column = rect.x + 1
        let mode: String
        if let message {
            // A message that would not fit beside the mode takes the whole line.
            mode = [modeText(compact: false), modeText(compact: true)].first { message.text.count + $0.count + 3 <= rect.width } ?? ""
            canvas.write(message.text, x: column, y: rect.y, style: message.isError ? palette.warning : palette.highlight,
                         limit: rect.width - (mode.isEmpty ? 1 : mode.count + 2))
        } else {
            let chosen = layout(width: rect.width)
            mode = chosen.mode
            for segment in chosen.keys.segments {
                column += canvas.write(segment.text, x: column, y: rect.y, style: segment.isKey ? palette.highlight : palette.text,
                                       limit: rect.maxX - column)
            }
        }
        if !mode.isEmpty { canvas.write(mode, x: rect.maxX - mode.count - 1, y: rect.y, style: palette.muted) }
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
