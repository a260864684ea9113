/// The `?` overlay: every key and what it does, in a box over the middle of the screen.
public struct HelpOverlay {
    public var context: RenderContext

    public static let entries: [(key: String, action: String)] = [
        ("Tab", "switch focus: standard <-> supervised"),
        ("c", "compare view: both latent spaces side by side"),
        ("space", "pause / resume the focused run"),
        ("r", "restart the focused run (the stopped one is saved)"),
        ("+ / -", "raise / lower its learning rate (x2, /2)"),
        ("l", "loss chart: linear / log scale"),
        ("m", "latent markers: dots / digits"),
        ("t", "next colour theme"),
        ("w", "save the focused run now"),
        ("?", "this help (Esc closes it too)"),
        ("q", "quit: stop both runs, save, restore the terminal"),
    ]

    public init(context: RenderContext) { self.context = context }

    public func draw(into canvas: inout Canvas, in screen: Rect) {
        let palette = context.palette
        let width = min(screen.width - 2, 62), height = min(screen.height - 2, Self.entries.count + 4)
        guard width > 10, height > 3 else { return }
        let box = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width: width, height: height)
        canvas.fill(box)
        canvas.drawBox(box, glyphs: context.display.box, style: palette.highlight, title: "keys", titleStyle: palette.highlight)
        let inner = box.inset(by: 1)
        for (row, entry) in Self.entries.prefix(inner.height - 1).enumerated() {
            canvas.write(" " + entry.key, x: inner.x, y: inner.y + row, style: palette.highlight, limit: 8)
            canvas.write(entry.action, x: inner.x + 8, y: inner.y + row, style: palette.text, limit: inner.width - 8)
        }
        canvas.write(" Ctrl-C, SIGTERM, SIGHUP: like q", x: inner.x, y: inner.maxY - 1, style: palette.muted, limit: inner.width)
    }
}
