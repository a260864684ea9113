/// The bottom line: the keys (in the longest form that fits), or a message when there is one, and
/// the active display mode at the right.
public struct FooterWidget {
    public var keys: [KeyHelp]
    public var message: FooterMessage?
    public var themeName: String
    /// What the screen adds to the mode at the right (e.g. its marker style).
    public var modeLabels: [String]
    public var context: RenderContext

    /// How much of the key list to show, from most to least.
    enum KeyForm: CaseIterable {
        case spaced, tight, keysOnly, minimal

        /// The pieces of the line: text, and whether it is a key (drawn highlighted).
        /// `keys` that have a footer label, written as the footer writes them (`+/-`, not `+ / -`).
        func segments(_ keys: [KeyHelp]) -> [(text: String, isKey: Bool)] {
            let listed = keys.filter { $0.footer != nil }
            let shown = self == .minimal ? listed.filter(\.essential) : listed
            let gap = self == .spaced || self == .minimal ? "  " : " "
            return shown.enumerated().flatMap { index, entry -> [(text: String, isKey: Bool)] in
                let labelled = self != .keysOnly || entry.essential
                return [(index == 0 ? "" : gap, false), (entry.label.replacingOccurrences(of: " ", with: ""), true),
                        (labelled ? " \(entry.footer!)" : "", false)]
            }
        }

        func width(_ keys: [KeyHelp]) -> Int { segments(keys).reduce(0) { $0 + $1.text.count } }
    }

    public init(keys: [KeyHelp], message: FooterMessage?, themeName: String, modeLabels: [String] = [], context: RenderContext) {
        self.keys = keys
        self.message = message
        self.themeName = themeName
        self.modeLabels = modeLabels
        self.context = context
    }

    /// The mode as shown at the right, e.g. "dark · 256 colours · UTF-8 · dots", or shorter.
    func modeText(compact: Bool) -> String {
        let dot = compact ? " " : context.display.unicode ? " · " : ", "
        let colors = compact ? context.display.colors.shortLabel : context.display.colors.label
        return ([themeName, colors, context.display.unicode ? "UTF-8" : "ASCII"] + modeLabels).joined(separator: dot)
    }

    /// The fullest keys and mode that fit together in `width` columns (keys matter more).
    func layout(width: Int) -> (keys: KeyForm, mode: String) {
        let modes = [modeText(compact: false), modeText(compact: true)]
        for form in KeyForm.allCases {
            for mode in modes where form.width(keys) + mode.count + 3 <= width { return (form, mode) }
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
            for segment in chosen.keys.segments(keys) {
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
