import Engine

/// The ROC curve (true against false positive rate) in braille or ASCII dots, with the chance
/// diagonal and the operating point of the current threshold marked.
public struct ROCCurveWidget {
    public var points: [(falsePositiveRate: Double, truePositiveRate: Double)]
    public var operatingPoint: (falsePositiveRate: Double, truePositiveRate: Double)?
    public var auc: Double
    public var context: RenderContext

    public init(points: [(falsePositiveRate: Double, truePositiveRate: Double)],
                operatingPoint: (falsePositiveRate: Double, truePositiveRate: Double)?, auc: Double, context: RenderContext) {
        self.points = points
        self.operatingPoint = operatingPoint
        self.auc = auc
        self.context = context
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        guard rect.width >= 12, rect.height >= 4 else { return }
        let labelWidth = 4
        let plot = Rect(x: rect.x + labelWidth, y: rect.y, width: rect.width - labelWidth, height: rect.height - 1)
        var raster = DotRaster(columns: plot.width, rows: plot.height, inkCount: 2)
        func dot(_ rate: (falsePositiveRate: Double, truePositiveRate: Double)) -> (x: Int, y: Int) {
            (Int((rate.falsePositiveRate * Double(raster.dotWidth - 1)).rounded()),
             Int(((1 - rate.truePositiveRate) * Double(raster.dotHeight - 1)).rounded()))
        }
        // The chance diagonal, dotted: every fourth dot.
        let steps = max(raster.dotWidth, raster.dotHeight)
        for step in stride(from: 0, through: steps, by: 4) {
            let t = Double(step) / Double(steps)
            let position = dot((t, t))
            raster.plot(x: position.x, y: position.y, ink: 1)
        }
        var previous: (x: Int, y: Int)?
        for point in points {
            let position = dot(point)
            if let previous { raster.line(from: previous, to: position, ink: 0) } else { raster.plot(x: position.x, y: position.y, ink: 0) }
            previous = position
        }
        raster.render(into: &canvas, x: plot.x, y: plot.y, glyphs: context.display.dots) { $0 == 0 ? palette.train : palette.muted }
        if let operatingPoint {
            let position = dot(operatingPoint)
            canvas.put(context.display.unicode ? "●" : "O", x: plot.x + position.x / 2, y: plot.y + position.y / 4, style: palette.highlight)
        }
        canvas.write("1", x: rect.x + labelWidth - 2, y: plot.y, style: palette.muted)
        canvas.write("TPR", x: rect.x, y: plot.y + plot.height / 2, style: palette.muted)
        canvas.write("0", x: rect.x + labelWidth - 2, y: plot.maxY - 1, style: palette.muted)
        let axis = "FPR 0" + String(repeating: " ", count: max(1, plot.width - 2)) + "1"
        canvas.write(axis, x: plot.x - 4, y: rect.maxY - 1, style: palette.muted, limit: rect.width)
        let title = String(format: "AUC %.3f", auc)
        canvas.write(title, x: plot.maxX - title.count, y: plot.maxY - 1, style: palette.highlight)
    }
}
