import Engine
import Foundation

/// Several runs' validation curves overlaid on one chart, numbered 1, 2, … with a legend above:
/// braille lines in one colour per curve, or (digit markers, no colour, logs) each cell showing
/// the number of the curve with most dots in it.
public struct CurveOverlayWidget {
    public struct Curve: Sendable {
        public var label: String
        /// One value per epoch, from epoch 1.
        public var values: [Double]

        public init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }
    }

    public var title: String
    public var curves: [Curve]
    public var context: RenderContext

    public init(title: String, curves: [Curve], context: RenderContext) {
        self.title = title
        self.curves = Array(curves.prefix(9))
        self.context = context
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        guard !curves.isEmpty else {
            canvas.write("no finished trial yet", x: rect.x, y: rect.y + rect.height / 2, style: palette.muted, limit: rect.width)
            return
        }
        // Without colour only digits tell the curves apart.
        let markers = context.display.colors == .monochrome ? MarkerMode.digits : context.markers
        let legendRows = min(curves.count + 1, max(0, rect.height - 5))
        canvas.write(title, x: rect.x, y: rect.y, style: palette.highlight, limit: rect.width)
        for (index, curve) in curves.prefix(max(0, legendRows - 1)).enumerated() {
            let mark = markers == .digits ? "\(index + 1)" : "\(index + 1) \(context.display.unicode ? "━━" : "--")"
            let column = rect.x + 2 + canvas.write(mark, x: rect.x + 2, y: rect.y + 1 + index, style: palette.digit(index))
            canvas.write(" " + curve.label, x: column, y: rect.y + 1 + index, style: palette.text, limit: rect.maxX - column)
        }
        let plot = Rect(x: rect.x + ChartAxes.labelWidth + 1, y: rect.y + legendRows, width: rect.width - ChartAxes.labelWidth - 1,
                        height: rect.height - legendRows - 2)
        guard plot.width >= 4, plot.height >= 2 else { return }
        // Epoch 1 at the left edge: x is the epoch less one.
        let epochs = curves.map(\.values.count).max() ?? 1
        let span = Double(max(epochs - 1, 1))
        let scale = ChartScale.fitting(curves.flatMap(\.values), log: false)
        var raster = DotRaster(columns: plot.width, rows: plot.height, inkCount: curves.count)
        // A cell shared by two curves shows the one with more dots there, the better one on a tie.
        for (index, curve) in curves.enumerated() {
            let points = curve.values.enumerated().map { ChartPoint(x: Double($0.offset), y: $0.element) }
            ChartAxes.plot(points, scale: scale, epochLimit: span, ink: index, into: &raster)
        }
        switch markers {
        case .dots:
            raster.render(into: &canvas, x: plot.x, y: plot.y, glyphs: context.display.dots) { palette.digit($0) }
        case .digits:
            // Curves are numbered from 1, as in the legend.
            raster.renderDigits(into: &canvas, x: plot.x, y: plot.y, firstDigit: 1) { palette.digit($0) }
        }
        ChartAxes.draw(into: &canvas, plot: plot, scale: scale, epochLimit: span + 1, firstEpoch: 1, context: context)
    }
}

extension CurveOverlayWidget {
    /// The validation curves of a search's best trials of one model, the first-ranked one's (each
    /// model is ranked on its own figure, and their losses differ in scale): val accuracy (%) for
    /// the supervised model, val loss for the standard one.
    public init(topOf board: Leaderboard, count: Int = 5, context: RenderContext) {
        let ranked = board.top(Int.max)
        let model = ranked.first?.model
        let trials = Array(ranked.filter { $0.model == model }.prefix(count))
        let accuracy = model == .supervised
        let noun = Set(ranked.map(\.model)).count > 1 ? "\(model?.rawValue ?? "") trial" : "trial"
        self.init(title: "validation \(accuracy ? "accuracy (%)" : "loss") of the top \(counted(trials.count, noun))",
                  curves: trials.map { trial in
                      Curve(label: board.label(trial), values: accuracy ? trial.accuracyCurve.map { $0 * 100 } : trial.lossCurve.map(Double.init))
                  }, context: context)
    }

    /// The chart as plain text (ASCII, digits for the curves), for a log or a headless terminal.
    public func plainText(width: Int, height: Int) -> String {
        var plain = self
        plain.context = .plainText
        var canvas = Canvas(width: width, height: height)
        plain.draw(into: &canvas, in: canvas.bounds)
        return canvas.text
    }
}
