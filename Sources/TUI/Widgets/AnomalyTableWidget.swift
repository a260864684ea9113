import Engine

/// The anomaly figures as a table that fills as models finish. One-class runs of several digits:
/// a row per normal digit with each score's ROC AUC, and their mean. Otherwise a row per (model,
/// score) with ROC AUC, average precision and precision@n. The selected row is highlighted.
public struct AnomalyTableWidget {
    public var entries: [AnomalySession.Entry]
    /// What a row shows before its model is scored ("queued", "epoch 3/30").
    public var progress: [String]
    public var selectedEntry: Int
    public var selectedScore: AnomalyScore
    public var context: RenderContext

    public init(entries: [AnomalySession.Entry], progress: [String], selectedEntry: Int, selectedScore: AnomalyScore,
                context: RenderContext) {
        self.entries = entries
        self.progress = progress
        self.selectedEntry = selectedEntry
        self.selectedScore = selectedScore
        self.context = context
    }

    /// Several one-class splits: the digit table of the one-class benchmark.
    var isDigitTable: Bool { entries.count > 1 && entries.allSatisfy(\.split.isOneClass) }

    static func auc(_ value: Double?) -> String { value.map { $0.isNaN ? "  -  " : String(format: "%.3f", $0) } ?? "  -  " }

    /// The table's lines for a width, which line is selected, and a last line kept in view (the mean).
    func lines(width: Int) -> (header: [String], rows: [String], selected: Int?, footer: String?) {
        if isDigitTable {
            let scores = AnomalyScore.available(for: .standard)
            let column = max(6, min(13, (width - 7) / scores.count))
            func cell(_ text: String) -> String { String(text.prefix(column - 1)).padding(toLength: column, withPad: " ", startingAt: 0) }
            let header = "digit  " + scores.map { cell($0.title.count < column ? $0.title : $0.shortTitle) }.joined()
            let rows = entries.enumerated().map { index, entry -> String in
                let name = entry.split.name.padding(toLength: 7, withPad: " ", startingAt: 0)
                guard let report = entry.report else { return name + progress[index] }
                return name + scores.map { cell(Self.auc(report.result($0)?.metrics.rocAUC)) }.joined()
            }
            let reports = entries.compactMap(\.report)
            var footer: String?
            if !reports.isEmpty {
                let means = scores.map { score -> String in
                    let values = reports.compactMap { $0.result(score)?.metrics.rocAUC }
                    return cell(Self.auc(values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)))
                }
                let line = "mean   " + means.joined()
                let count = "(\(reports.count)/\(entries.count) digits)"
                footer = line + (line.count + count.count <= width ? count : "\(reports.count)/\(entries.count)")
            }
            return (["ROC AUC per normal digit", header], rows, selectedEntry, footer)
        }
        let header = "model       score            AUC    AP     P@n"
        var rows: [String] = []
        var selected: Int?
        for (index, entry) in entries.enumerated() {
            let model = entry.model.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            guard let report = entry.report else {
                rows.append(model + progress[index])
                if index == selectedEntry { selected = rows.count - 1 }
                continue
            }
            for result in report.results {
                if index == selectedEntry && result.score == selectedScore { selected = rows.count }
                rows.append(model + result.score.title.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + "  \(Self.auc(result.metrics.rocAUC))  \(Self.auc(result.metrics.averagePrecision))  \(Self.auc(result.metrics.precisionAtN))")
            }
        }
        return ([header], rows, selected, nil)
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        let (header, rows, selected, footer) = lines(width: rect.width)
        var y = rect.y
        for line in header where y < rect.maxY {
            canvas.write(line, x: rect.x, y: y, style: palette.muted, limit: rect.width)
            y += 1
        }
        // Keep the selected row in view when the table is taller than the room (the mean stays too).
        let room = max(0, rect.maxY - y - (footer == nil ? 0 : 1))
        let first = max(0, min((selected ?? 0) - room + 1, rows.count - room))
        // Rows out of view: the title line says which are shown.
        if rows.count > room, room > 0, y > rect.y {
            let shown = " \(first + 1)-\(first + room)/\(rows.count)"
            canvas.write(shown, x: rect.x + header[0].count, y: rect.y, style: palette.muted, limit: max(0, rect.width - header[0].count))
        }
        for (offset, row) in rows.dropFirst(first).prefix(room).enumerated() {
            let isSelected = first + offset == selected
            canvas.write(row, x: rect.x, y: y + offset, style: isSelected ? palette.highlight.adding(.reverse) : palette.text, limit: rect.width)
        }
        if let footer, y < rect.maxY {
            canvas.write(footer, x: rect.x, y: y + min(rows.count, room), style: palette.highlight, limit: rect.width)
        }
    }
}
