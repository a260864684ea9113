/// The `?` overlay: every key of the screen and the lab and what it does, in a box over the middle
/// of the screen.
public struct HelpOverlay {
    public var entries: [KeyHelp]
    public var context: RenderContext

    static let signalNote = "Ctrl-C, SIGTERM, SIGHUP: like q"

    public init(entries: [KeyHelp], context: RenderContext) {
        self.entries = entries
        self.context = context
    }

    public func draw(into canvas: inout Canvas, in screen: Rect) {
        let palette = context.palette
        let keyWidth = (entries.map(\.label.count).max() ?? 0) + 3
        let textWidth = max(entries.map(\.help.count).max() ?? 0, Self.signalNote.count)
        let width = min(screen.width - 2, keyWidth + textWidth + 2), height = min(screen.height - 2, entries.count + 4)
        guard width > 10, height > 3 else { return }
        let box = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width: width, height: height)
        canvas.fill(box)
        canvas.drawBox(box, glyphs: context.display.box, style: palette.highlight, title: "keys", titleStyle: palette.highlight)
        let inner = box.inset(by: 1)
        for (row, entry) in entries.prefix(inner.height - 1).enumerated() {
            canvas.write(" " + entry.label, x: inner.x, y: inner.y + row, style: palette.highlight, limit: keyWidth)
            canvas.write(entry.help, x: inner.x + keyWidth, y: inner.y + row, style: palette.text, limit: inner.width - keyWidth)
        }
        canvas.write(" " + Self.signalNote, x: inner.x, y: inner.maxY - 1, style: palette.muted, limit: inner.width)
    }
}
