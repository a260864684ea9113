/// What every epoch chart shares: placing a series on a dot raster, and the axes with their
/// labels (value ticks at the left, "0 … epoch … N" below).
enum ChartAxes {
    static let labelWidth = 6

    /// A point's dot on a plot `width` x `height` dots: nil where the scale has no place for it
    /// (a log scale's non-positive value), `y` nil above the top.
    static func dot(_ point: ChartPoint, scale: ChartScale, epochLimit: Double, width: Int, height: Int) -> (x: Int, y: Int?)? {
        guard let position = scale.position(point.y) else { return nil }
        let x = Int((point.x / epochLimit * Double(width - 1)).rounded())
        guard position <= 1 + 1e-9 else { return (x, nil) }
        return (x, Int(((1 - min(max(position, 0), 1)) * Double(height - 1)).rounded()))
    }

    /// Plots points (x in epochs) as a connected line of dots; a value the scale cannot place
    /// breaks the line. A value above the scale breaks it too rather than running along the top
    /// edge (which reads as a plateau): the cell columns where that happened are returned, to be
    /// marked with `markClipped`.
    @discardableResult
    static func plot(_ points: [ChartPoint], scale: ChartScale, epochLimit: Double, ink: Int, into raster: inout DotRaster) -> Set<Int> {
        var previous: (x: Int, y: Int)?
        var clipped = Set<Int>()
        for point in points {
            guard let dot = dot(point, scale: scale, epochLimit: epochLimit, width: raster.dotWidth, height: raster.dotHeight) else {
                previous = nil
                continue
            }
            let x = dot.x
            guard let y = dot.y else {
                clipped.insert(x / 2)
                previous = nil
                continue
            }
            if let previous { raster.line(from: previous, to: (x, y), ink: ink) } else { raster.plot(x: x, y: y, ink: ink) }
            previous = (x, y)
        }
        return clipped
    }

    /// An arrow on the plot's top row over each column where a series went above the scale.
    static func markClipped(_ columns: Set<Int>, plot: Rect, style: Style, context: RenderContext, into canvas: inout Canvas) {
        let arrow: Unicode.Scalar = context.display.unicode ? "↑" : "^"
        for column in columns where column >= 0 && column < plot.width {
            canvas.put(arrow, x: plot.x + column, y: plot.y, style: style)
        }
    }

    /// The rows that get a value label: top, bottom and, when there is room, the middle.
    static func tickRows(of plot: Rect) -> [Int] {
        var rows = [plot.y, plot.maxY - 1]
        if plot.height >= 5 { rows.insert(plot.y + (plot.height - 1) / 2, at: 1) }
        return rows
    }

    /// The fraction of the scale at a row (1 at the top).
    static func fraction(of row: Int, in plot: Rect) -> Double {
        1 - Double(row - plot.y) / Double(max(plot.height - 1, 1))
    }

    /// The axes left of and below `plot`, the value labels in the `labelWidth` columns left of it;
    /// the x axis runs from epoch `firstEpoch` to `epochLimit`.
    static func draw(into canvas: inout Canvas, plot: Rect, scale: ChartScale, epochLimit: Double, firstEpoch: Int = 0,
                     context: RenderContext) {
        let box = context.display.box, axes = context.palette.axes, labels = context.palette.muted
        let axisX = plot.x - 1, axisY = plot.maxY
        for y in plot.y..<plot.maxY { canvas.put(box.vertical, x: axisX, y: y, style: axes) }
        for x in plot.x..<plot.maxX { canvas.put(box.horizontal, x: x, y: axisY, style: axes) }
        canvas.put(box.bottomLeft, x: axisX, y: axisY, style: axes)
        for row in tickRows(of: plot) {
            canvas.put(box.leftTick, x: axisX, y: row, style: axes)
            canvas.write(Format.padLeft(Format.axis(scale.value(at: fraction(of: row, in: plot))), labelWidth),
                         x: axisX - labelWidth, y: row, style: labels)
        }
        let end = epochLimit == epochLimit.rounded() ? "\(Int(epochLimit))" : Format.axis(epochLimit)
        canvas.write("\(firstEpoch)", x: plot.x, y: axisY + 1, style: labels)
        canvas.write("epoch", x: plot.x + (plot.width - 5) / 2, y: axisY + 1, style: labels)
        canvas.write(end, x: plot.maxX - end.count, y: axisY + 1, style: labels)
    }
}
