/// The `?` overlay: every key of the screen and what it does, in a box over the middle of the screen.
public struct HelpOverlay {
    public var entries: [KeyHelp]
    public var context: RenderContext

    public init(entries: [KeyHelp], context: RenderContext) {
        self.entries = entries
        self.context = context
    }

    public func draw(into canvas: inout Canvas, in screen: Rect) {
        let palette = context.palette
        let width = min(screen.width - 2, 62), height = min(screen.height - 2, entries.count + 4)
        guard width > 10, height > 3 else { return }
        let box = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width: width, height: height)
        canvas.fill(box)
        canvas.drawBox(box, glyphs: context.display.box, style: palette.highlight, title: "keys", titleStyle: palette.highlight)
        let inner = box.inset(by: 1)
        for (row, entry) in entries.prefix(inner.height - 1).enumerated() {
            canvas.write(" " + entry.key, x: inner.x, y: inner.y + row, style: palette.highlight, limit: 8)
            canvas.write(entry.help, x: inner.x + 8, y: inner.y + row, style: palette.text, limit: inner.width - 8)
        }
        canvas.write(" Ctrl-C, SIGTERM, SIGHUP: like q", x: inner.x, y: inner.maxY - 1, style: palette.muted, limit: inner.width)
    }
}
