import Engine

/// The scores of normal and anomalous test images as two overlaid histograms (each scaled to its
/// own total, so 1,000 normal images and 9,000 anomalies compare), the threshold as a vertical line,
/// and what it decides: the confusion matrix with precision, recall and F1.
///
/// The classes differ by glyph as well as colour, so the picture reads without colour too.
public struct ScoreHistogramWidget {
    public var scores: [Float]
    public var isAnomaly: [Bool]
    public var threshold: Float
    public var context: RenderContext

    /// The x axis ends at this quantile of all scores; larger scores fall in the last column, so a
    /// few extreme images do not squeeze the rest into one column.
    static let rangeQuantile = 0.99

    public init(scores: [Float], isAnomaly: [Bool], threshold: Float, context: RenderContext) {
        self.scores = scores
        self.isAnomaly = isAnomaly
        self.threshold = threshold
        self.context = context
    }

    struct Glyphs {
        let normal: Unicode.Scalar, anomalous: Unicode.Scalar, both: Unicode.Scalar, threshold: Unicode.Scalar
    }

    var glyphs: Glyphs {
        context.display.unicode ? Glyphs(normal: "░", anomalous: "▓", both: "█", threshold: "│")
            : Glyphs(normal: ":", anomalous: "#", both: "@", threshold: "|")
    }

    /// The score range on the x axis.
    static func range(_ scores: [Float]) -> ClosedRange<Float> {
        guard let low = scores.min() else { return 0...1 }
        let high = max(quantile(scores, rangeQuantile), low)
        return high > low ? low...high : low...(low + 1)
    }

    /// The column of a score among `columns`.
    static func column(of score: Float, range: ClosedRange<Float>, columns: Int) -> Int {
        let fraction = (score - range.lowerBound) / (range.upperBound - range.lowerBound)
        return min(max(Int(fraction * Float(columns)), 0), columns - 1)
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        guard rect.height >= 5, rect.width >= 20, !scores.isEmpty else { return }
        let glyphs = self.glyphs
        let normalTotal = isAnomaly.count { !$0 }, anomalousTotal = isAnomaly.count { $0 }
        var x = rect.x
        x += canvas.write("\(Character(glyphs.normal)) normal (\(normalTotal))  ", x: x, y: rect.y, style: palette.validation)
        x += canvas.write("\(Character(glyphs.anomalous)) anomalous (\(anomalousTotal))  ", x: x, y: rect.y, style: palette.warning)
        x += canvas.write("\(Character(glyphs.both)) both  ", x: x, y: rect.y, style: palette.text, limit: rect.maxX - x)
        canvas.write("\(Character(glyphs.threshold)) threshold", x: x, y: rect.y, style: palette.highlight, limit: rect.maxX - x)

        let plot = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 3)
        let range = Self.range(scores)
        var normal = [Int](repeating: 0, count: plot.width), anomalous = normal
        for (score, anomaly) in zip(scores, isAnomaly) {
            let column = Self.column(of: score, range: range, columns: plot.width)
            if anomaly { anomalous[column] += 1 } else { normal[column] += 1 }
        }
        let normalShare = normal.map { Double($0) / Double(max(1, normalTotal)) }
        let anomalousShare = anomalous.map { Double($0) / Double(max(1, anomalousTotal)) }
        let peak = max(normalShare.max() ?? 0, anomalousShare.max() ?? 0, 1e-12)
        func height(_ share: Double) -> Int { share > 0 ? max(1, Int((share / peak * Double(plot.height)).rounded())) : 0 }
        for column in 0..<plot.width {
            let n = height(normalShare[column]), a = height(anomalousShare[column])
            for level in 0..<max(n, a) {
                let y = plot.maxY - 1 - level
                if level < min(n, a) {
                    canvas.put(glyphs.both, x: plot.x + column, y: y, style: palette.text)
                } else if level < n {
                    canvas.put(glyphs.normal, x: plot.x + column, y: y, style: palette.validation)
                } else {
                    canvas.put(glyphs.anomalous, x: plot.x + column, y: y, style: palette.warning)
                }
            }
        }
        let marker = Self.column(of: threshold, range: range, columns: plot.width)
        for y in plot.y..<plot.maxY where canvas[plot.x + marker, y].glyph == " " {
            canvas.put(glyphs.threshold, x: plot.x + marker, y: y, style: palette.highlight)
        }

        let axis = plot.maxY
        canvas.write(Format.axis(Double(range.lowerBound)), x: rect.x, y: axis, style: palette.muted)
        let high = (context.display.unicode ? "≥" : ">=") + Format.axis(Double(range.upperBound))
        canvas.write(high, x: rect.maxX - high.count, y: axis, style: palette.muted)
        let label = Format.axis(Double(threshold))
        let labelX = min(max(plot.x + marker - label.count / 2, rect.x + 7), rect.maxX - high.count - label.count - 1)
        canvas.write(label, x: labelX, y: axis, style: palette.highlight)

        let matrix = ConfusionMatrix(scores: scores, isAnomaly: isAnomaly, threshold: threshold)
        let (precision, recall, f1) = (Self.fraction(matrix.precision), Self.fraction(matrix.recall), Self.fraction(matrix.f1))
        let (tp, fp, tn, fn) = (matrix.truePositives, matrix.falsePositives, matrix.trueNegatives, matrix.falseNegatives)
        // The longest wording that fits: the rates matter most, the counts of errors next.
        let wordings = ["TP \(tp)  FP \(fp)  TN \(tn)  FN \(fn)  precision \(precision)  recall \(recall)  F1 \(f1)",
                        "TP \(tp) FP \(fp) TN \(tn) FN \(fn) P \(precision) R \(recall) F1 \(f1)",
                        "P \(precision) R \(recall) F1 \(f1) FP \(fp) FN \(fn)",
                        "P \(precision) R \(recall) F1 \(f1)"]
        let summary = wordings.first { $0.count <= rect.width } ?? wordings[wordings.count - 1]
        canvas.write(summary, x: rect.x, y: rect.maxY - 1, style: palette.text, limit: rect.width)
    }

    static func fraction(_ value: Double) -> String { value.isNaN ? "-" : String(format: "%.3f", value) }
}
