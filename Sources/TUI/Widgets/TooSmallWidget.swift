/// Shown instead of the panels when the terminal is smaller than the layout needs.
public struct TooSmallWidget {
    public var minimumWidth: Int
    public var minimumHeight: Int
    public var palette: Palette

    public init(minimumWidth: Int, minimumHeight: Int, palette: Palette) {
        self.minimumWidth = minimumWidth
        self.minimumHeight = minimumHeight
        self.palette = palette
    }

    public func draw(into canvas: inout Canvas) {
        let lines = ["terminal \(canvas.width) x \(canvas.height) is too small",
                     "enlarge to \(minimumWidth) x \(minimumHeight)", "(q quits)"]
        let top = max(0, (canvas.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            canvas.write(line, x: max(0, (canvas.width - line.count) / 2), y: top + index,
                         style: index == 1 ? palette.highlight : palette.text, limit: canvas.width)
        }
    }
}
