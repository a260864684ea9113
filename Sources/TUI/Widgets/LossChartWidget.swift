import Engine

/// Loss curves: train and validation loss per epoch, the smoothed per-batch loss, and for the
/// supervised run the validation accuracy on its own axis at the right. Braille lines (ASCII
/// dots without UTF-8) over labelled axes; x in epochs, y linear or log. First-epoch batch
/// losses above the linear scale show as arrows on its top edge.
public struct LossChartWidget {
    public var train: [ChartPoint]
    public var validation: [ChartPoint]
    public var batch: [ChartPoint]
    /// Validation accuracy in 0-1, or nil for a model without a classifier.
    public var accuracy: [ChartPoint]?
    /// The right end of the x axis, in epochs.
    public var epochLimit: Double
    public var context: RenderContext
    /// An epoch to mark with a vertical line (the one the time-lapse shows).
    public var marker: Double?

    static let labelWidth = ChartAxes.labelWidth
    /// Inks in order of precedence: a cell shared by two epoch series shows the one with more
    /// dots, the earlier one on a tie; the batch line gives way to all of them.
    enum Ink: Int, CaseIterable { case validation, train, accuracy, batch }

    public init(train: [ChartPoint], validation: [ChartPoint], batch: [ChartPoint], accuracy: [ChartPoint]?,
                epochLimit: Double, context: RenderContext) {
        self.train = train
        self.validation = validation
        self.batch = batch
        self.accuracy = accuracy
        self.epochLimit = max(epochLimit, 1)
        self.context = context
    }

    public init(snapshot: RunSnapshot, context: RenderContext) {
        let epochs = snapshot.epochs
        self.init(train: epochs.map { ChartPoint(x: Double($0.epoch), y: Double($0.trainLoss)) },
                  validation: epochs.map { ChartPoint(x: Double($0.epoch), y: Double($0.valLoss)) },
                  batch: snapshot.batchLoss.points,
                  accuracy: snapshot.model == .supervised
                      ? epochs.compactMap { metrics in metrics.valAccuracy.map { ChartPoint(x: Double(metrics.epoch), y: $0) } } : nil,
                  epochLimit: Self.epochLimit(progress: snapshot.progress, epochs: snapshot.config.epochs),
                  context: context)
    }

    /// The x axis end: all epochs for short runs; for long ones the next multiple of 5 or 10 past
    /// the progress, so the chart fills up and rescales only now and then.
    static func epochLimit(progress: Double, epochs: Int) -> Double {
        guard epochs > 10 else { return Double(max(epochs, 1)) }
        let step = progress >= 50 ? 10.0 : 5.0
        return min(Double(epochs), max(step, ((progress + 1e-9) / step).rounded(.up) * step))
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        guard !(train.isEmpty && validation.isEmpty && batch.isEmpty) else {
            let text = context.display.unicode ? "waiting for the first batches…" : "waiting for the first batches..."
            canvas.write(text, x: rect.x, y: rect.y + rect.height / 2, style: palette.muted, limit: rect.width)
            return
        }
        let showLegend = rect.height >= 6
        let accuracyWidth = accuracy == nil ? 0 : 5
        let plot = Rect(x: rect.x + Self.labelWidth + 1, y: rect.y + (showLegend ? 1 : 0),
                        width: rect.width - Self.labelWidth - 1 - accuracyWidth,
                        height: rect.height - (showLegend ? 1 : 0) - 2)
        guard plot.width >= 4, plot.height >= 2 else { return }
        if showLegend { drawLegend(into: &canvas, x: rect.x, y: rect.y, width: rect.width) }

        let scale = ChartScale.fitting(fittedValues, log: context.logScale)
        let accuracyScale = accuracy.map { points in
            let values = points.map(\.y)
            let low = ((values.min() ?? 0) * 20).rounded(.down) / 20, high = ((values.max() ?? 1) * 20).rounded(.up) / 20
            return ChartScale(lower: max(0, min(low, high - 0.05)), upper: min(1, max(high, low + 0.05)), isLog: false)
        }
        // The batch line on a raster of its own, drawn first: a cell it shares with an epoch curve
        // shows the curve alone, so train and validation stay the strongest marks.
        var background = DotRaster(columns: plot.width, rows: plot.height, inkCount: Ink.allCases.count)
        let clipped = plotSeries(batch, scale: scale, ink: .batch, into: &background)
        var raster = DotRaster(columns: plot.width, rows: plot.height, inkCount: Ink.allCases.count)
        if let accuracy, let accuracyScale { plotSeries(accuracy, scale: accuracyScale, ink: .accuracy, into: &raster) }
        plotSeries(train, scale: scale, ink: .train, into: &raster)
        plotSeries(validation, scale: scale, ink: .validation, into: &raster)
        for layer in [background, raster] {
            layer.render(into: &canvas, x: plot.x, y: plot.y, glyphs: context.display.dots) { style(for: Ink(rawValue: $0)!) }
        }
        ChartAxes.markClipped(clipped, plot: plot, style: context.palette.batch, context: context, into: &canvas)
        if context.display.colors == .monochrome { markValidationEpochs(plot: plot, scale: scale, into: &canvas) }
        if let marker { drawMarker(at: marker, plot: plot, into: &canvas) }

        drawAxes(into: &canvas, plot: plot, scale: scale, accuracyScale: accuracyScale, accuracyWidth: accuracyWidth)
    }

    /// A vertical line at epoch `epoch` through the plot's empty cells (the curves stay on top).
    private func drawMarker(at epoch: Double, plot: Rect, into canvas: inout Canvas) {
        let column = plot.x + Int((epoch / epochLimit * Double(plot.width * 2 - 1)).rounded()) / 2
        guard column >= plot.x, column < plot.maxX else { return }
        for y in plot.y..<plot.maxY where canvas[column, y].glyph == " " {
            canvas.put(context.display.box.vertical, x: column, y: y, style: context.palette.highlight)
        }
    }

    /// Without colour, bold train and plain validation braille look alike where they meet: each
    /// validation epoch also gets a mark of its own, as the legend shows.
    private func markValidationEpochs(plot: Rect, scale: ChartScale, into canvas: inout Canvas) {
        for point in validation {
            // The dot the curve's own raster draws (2 x 4 dots a cell), as `ChartAxes.plot` places it.
            guard let dot = ChartAxes.dot(point, scale: scale, epochLimit: epochLimit, width: plot.width * 2, height: plot.height * 4),
                  let y = dot.y else { continue }
            canvas.put(validationMark, x: plot.x + dot.x / 2, y: plot.y + y / 4, style: context.palette.validation)
        }
    }

    private var validationMark: Unicode.Scalar { context.display.unicode ? "•" : "o" }

    /// The losses the y axis is fitted to. On a linear scale the first epoch's batch losses are
    /// left out once two epochs are in: they start many times higher than where training
    /// settles and would flatten every later curve against the bottom (the log scale shows them).
    var fittedValues: [Double] {
        let settled = context.logScale || (batch.last?.x ?? 0) < 2 ? batch : batch.filter { $0.x >= 1 }
        return (train + validation + settled).map(\.y)
    }

    private func style(for ink: Ink) -> Style {
        switch ink {
        case .validation: context.palette.validation
        case .train: context.palette.train
        case .accuracy: context.palette.accuracy
        case .batch: context.palette.batch
        }
    }

    @discardableResult
    private func plotSeries(_ points: [ChartPoint], scale: ChartScale, ink: Ink, into raster: inout DotRaster) -> Set<Int> {
        ChartAxes.plot(points, scale: scale, epochLimit: epochLimit, ink: ink.rawValue, into: &raster)
    }

    private func drawLegend(into canvas: inout Canvas, x: Int, y: Int, width: Int) {
        let mark = context.display.unicode ? "━" : "-"
        var entries: [(String, Style)] = [("train", context.palette.train), ("val", context.palette.validation),
                                          ("batch", context.palette.batch)]
        if accuracy != nil { entries.append(("val acc %", context.palette.accuracy)) }
        // Two-dash marks and wide gaps when they fit, one and narrow ones when not.
        let roomy = entries.reduce(Self.labelWidth + 1) { $0 + $1.0.count + 5 } + 3 <= width
        var column = x + (roomy ? Self.labelWidth + 1 : 0)
        for (name, style) in entries {
            // Without colour the validation curve's epochs carry a mark of their own.
            let own = context.display.colors == .monochrome && name == "val"
            let sample = own ? (roomy ? "\(mark)\(validationMark) " : "\(validationMark) ") : (roomy ? "\(mark)\(mark) " : mark)
            column += canvas.write(sample, x: column, y: y, style: style, limit: x + width - column)
            column += canvas.write(roomy ? "\(name)  " : "\(name) ", x: column, y: y, style: context.palette.text, limit: x + width - column)
        }
        if context.logScale { canvas.write("log", x: column, y: y, style: context.palette.muted, limit: x + width - column) }
    }

    private func drawAxes(into canvas: inout Canvas, plot: Rect, scale: ChartScale, accuracyScale: ChartScale?, accuracyWidth: Int) {
        ChartAxes.draw(into: &canvas, plot: plot, scale: scale, epochLimit: epochLimit, context: context)
        guard let accuracyScale else { return }
        for row in ChartAxes.tickRows(of: plot) {
            let percent = "\(Int((accuracyScale.value(at: ChartAxes.fraction(of: row, in: plot)) * 100).rounded()))%"
            canvas.write(Format.padLeft(percent, accuracyWidth), x: plot.maxX, y: row, style: context.palette.accuracy)
        }
    }
}
