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
        let width = min(screen.width - 2, keyWidth + textWidth + 2)
        // A help line wider than the box wraps under itself; what the box cannot hold ends in an ellipsis.
        let room = width - 2 - keyWidth
        let lines = entries.flatMap { entry in
            Format.wrap(entry.help, width: max(1, room)).enumerated().map { (key: $0.offset == 0 ? entry.label : "", text: $0.element) }
        }
        let height = min(screen.height - 2, lines.count + 4)
        guard width > 10, height > 3 else { return }
        let box = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width: width, height: height)
        canvas.fill(box)
        canvas.drawBox(box, glyphs: context.display.box, style: palette.highlight, title: "keys", titleStyle: palette.highlight)
        let inner = box.inset(by: 1)
        let shown = lines.prefix(inner.height - 1)
        for (row, line) in shown.enumerated() {
            let cut = row == shown.count - 1 && shown.count < lines.count
            canvas.write(" " + line.key, x: inner.x, y: inner.y + row, style: palette.highlight, limit: keyWidth)
            canvas.write(Format.fit(line.text, width: room, unicode: context.display.unicode, continues: cut),
                         x: inner.x + keyWidth, y: inner.y + row, style: palette.text, limit: room)
        }
        canvas.write(" " + Self.signalNote, x: inner.x, y: inner.maxY - 1, style: palette.muted, limit: inner.width)
    }
}
