import Engine
import Foundation

/// The runs browser: every saved run under the runs folder (searches included), sortable and
/// filterable by model; `space` marks runs, whose validation curves are overlaid and whose
/// configs are shown side by side with the differences highlighted; `Enter` opens a run.
public final class RunsBrowserScreen: LabScreen {
    private let runsDirectory: URL
    private let openRun: (URL) throws -> LabScreen
    private let all: [SavedRun]
    private var sort: RunCatalog.SortKey
    private var filter: ModelKind?
    private var shown: [SavedRun] = []
    private var selected = 0
    private var marked: [String] = []

    private struct FrameKey: Hashable {
        var sort: String
        var filter: ModelKind?
        var selected: Int
        var marked: [String]
    }

    public init(runsDirectory: URL, sort: RunCatalog.SortKey = .date, display: DisplayMode, openRun: @escaping (URL) throws -> LabScreen) {
        self.runsDirectory = runsDirectory
        self.openRun = openRun
        self.sort = sort
        all = RunCatalog.list(runsDirectory)
        refresh()
    }

    private func refresh() {
        let name = shown.indices.contains(selected) ? shown[selected].name : nil
        var kept: [SavedRun] = []
        for run in all where filter == nil || run.config?.model == filter { kept.append(run) }
        shown = RunCatalog.sorted(kept, by: sort)
        if let name, let index = shown.firstIndex(where: { $0.name == name }) {
            selected = index
        } else {
            selected = min(selected, max(0, shown.count - 1))
        }
    }

    public var keys: [KeyHelp] { KeyMap.runs.help }
    public var modeLabels: [String] { ["sort \(sort.rawValue)", filter.map { "only \($0.rawValue)" } ?? "all models"] }

    public func handle(_ key: KeyInput, now: Double) -> ScreenResponse {
        guard let action = KeyMap.runs.action(for: key) else { return .ignored }
        switch action {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(max(0, shown.count - 1), selected + 1)
        case .cycleSort:
            let keys = RunCatalog.SortKey.allCases
            sort = keys[(keys.firstIndex(of: sort)! + 1) % keys.count]
            refresh()
            return .message("sorted by \(sort.rawValue)")
        case .cycleFilter:
            filter = switch filter {
            case nil: .standard
            case .standard?: .supervised
            case .supervised?: nil
            }
            refresh()
            return .message(filter.map { "only \($0.rawValue) runs" } ?? "all runs")
        case .mark:
            guard shown.indices.contains(selected) else { return .handled }
            let run = shown[selected]
            guard run.damage == nil else { return .message("\(run.name) is damaged: \(run.damage!)", isError: true) }
            if let index = marked.firstIndex(of: run.name) { marked.remove(at: index) } else { marked.append(run.name) }
            if marked.count > 9 { marked.removeFirst() }
        case .open:
            guard shown.indices.contains(selected) else { return .message("no run to open") }
            let run = shown[selected]
            guard run.damage == nil else { return .message("\(run.name) is damaged: \(run.damage!)", isError: true) }
            do {
                return .open(try openRun(run.directory))
            } catch {
                return .message("\(error)", isError: true)
            }
        }
        return .handled
    }

    public func frameKey(now: Double) -> AnyHashable {
        FrameKey(sort: sort.rawValue, filter: filter, selected: selected, marked: marked)
    }

    private var markedRuns: [SavedRun] { marked.compactMap { name in all.first { $0.name == name } } }

    public func draw(into canvas: inout Canvas, in body: Rect, context: RenderContext, now: Double) {
        let palette = context.palette, separator = context.display.separator
        var column = body.x
        for (text, style) in [(" aetui", palette.highlight), (separator, palette.axes), (" RUNS ", palette.highlight.adding(.reverse)),
                              (" \(shown.count) of \(all.count) runs", palette.text), (separator, palette.axes),
                              ("\(marked.count) marked", palette.text), (separator, palette.axes), (runsDirectory.path, palette.muted)]
            where column < body.maxX {
            column += canvas.write(text, x: column, y: body.y, style: style, limit: body.maxX - column)
        }
        let middle = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
        let (top, bottom) = middle.splitRows(at: max(6, middle.height / 2))
        let (left, right) = bottom.splitColumns(at: bottom.width / 2)
        func frame(_ rect: Rect, _ title: String) -> Rect {
            canvas.drawBox(rect, glyphs: context.display.box, style: palette.axes, title: title, titleStyle: palette.highlight)
            return rect.inset(by: 1)
        }
        drawList(into: &canvas, in: frame(top, "runs (sorted by \(sort.rawValue))"), context: context)
        let runs = markedRuns
        let accuracy = !runs.isEmpty && runs.allSatisfy { $0.model == .supervised }
        let curves = runs.map { run in
            CurveOverlayWidget.Curve(label: run.directory.lastPathComponent, values: run.epochs.map { accuracy ? ($0.valAccuracy ?? 0) * 100 : Double($0.valLoss) })
        }
        let overlay = frame(left, "marked runs: validation \(accuracy ? "accuracy (%)" : "loss")")
        if runs.isEmpty {
            canvas.write("space marks a run", x: overlay.x, y: overlay.y, style: palette.muted, limit: overlay.width)
        } else {
            CurveOverlayWidget(title: "", curves: curves, context: context).draw(into: &canvas, in: overlay)
        }
        drawComparison(runs, into: &canvas, in: frame(right, "configs and figures side by side"), context: context)
    }

    private func drawList(into canvas: inout Canvas, in rect: Rect, context: RenderContext) {
        let palette = context.palette
        guard !shown.isEmpty else {
            canvas.write(all.isEmpty ? "no runs in \(runsDirectory.path)" : "no run of this model (f changes the filter)",
                         x: rect.x, y: rect.y, style: palette.muted, limit: rect.width)
            return
        }
        // The listing's columns but best epoch, test MSE and date, to leave the names room; in a
        // narrow terminal status, epochs and probe go too (the comparison below shows them).
        let dropped = ["best_epoch", "test_mse", "created"] + (rect.width < 100 ? ["status", "epochs", "probe_acc"] : [])
        let kept = RunCatalog.columns.indices.filter { !dropped.contains(RunCatalog.columns[$0]) }
        // A search's trials by their own folder name (its date and time tell them apart), marked `+`.
        let rows = ([[" "] + RunCatalog.columns] + shown.map { run in
            var cells = RunCatalog.cells(run)
            // The name column takes the room left, so a damaged run can say why there.
            if let damage = run.damage { cells[0] = "\(run.name) (damaged: \(damage))" }
            if let search = run.search { cells[0] = "+" + cells[0].dropFirst(search.count + 1) }
            return [marked.contains(run.name) ? "*" : " "] + cells
        }).map { row in [row[0]] + kept.map { row[$0 + 1] } }
        // The name column takes what the others leave.
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let nameWidth = max(12, min(widths[1], rect.width - widths.enumerated().filter { $0.offset != 1 }.reduce(0) { $0 + $1.element + 2 } - 2))
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let width = index == 1 ? nameWidth : widths[index]
                // A long name keeps its start: the date and time tell runs apart.
                let fitted = cell.count > width ? cell.prefix(width - 1) + (context.display.unicode ? "…" : "~") : cell
                return fitted.padding(toLength: width, withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        canvas.write(line(rows[0]), x: rect.x, y: rect.y, style: palette.highlight, limit: rect.width)
        let visible = rect.height - 1
        let offset = LeaderboardWidget.scrollOffset(selected: selected, count: shown.count, visible: visible)
        for (row, index) in (offset..<min(shown.count, offset + visible)).enumerated() {
            let run = shown[index]
            var style = run.damage != nil ? palette.warning : marked.contains(run.name) ? palette.accuracy : palette.text
            if index == selected {
                style = style.adding(.reverse)
                canvas.fill(Rect(x: rect.x, y: rect.y + 1 + row, width: rect.width, height: 1), style: style)
            }
            canvas.write(line(rows[index + 1]), x: rect.x, y: rect.y + 1 + row, style: style, limit: rect.width)
        }
    }

    /// Marked runs in columns: the config settings that differ (highlighted), then the figures.
    private func drawComparison(_ runs: [SavedRun], into canvas: inout Canvas, in rect: Rect, context: RenderContext) {
        let palette = context.palette
        guard runs.count >= 2 else {
            canvas.write("mark two runs or more to compare them", x: rect.x, y: rect.y, style: palette.muted, limit: rect.width)
            return
        }
        let differences = RunCatalog.differences(runs)
        let best = runs.map(\.best)
        var rows: [(cells: [String], style: Style)] = [(["run"] + runs.indices.map { "\($0 + 1)" }, palette.highlight)]
        rows += differences.map { ([$0.key] + $0.values, palette.warning) }
        if differences.isEmpty { rows.append((["(configs identical)"], palette.muted)) }
        rows.append((["status"] + runs.map { $0.summary?.status.rawValue ?? "-" }, palette.text))
        rows.append((["val_loss"] + best.map { $0.map { String(format: "%.4f", $0.valLoss) } ?? "-" }, palette.text))
        if runs.contains(where: { $0.model == .supervised }) {
            rows.append((["val_acc"] + best.map { Format.percent($0?.valAccuracy) }, palette.text))
        }
        rows.append((["probe_acc"] + runs.map { Format.percent($0.probeAccuracy) }, palette.text))
        // "epochs run": the config's own epochs may be among the differences above.
        rows.append((["epochs run"] + runs.map { "\($0.epochs.count)" }, palette.text))
        let widths = (0...runs.count).map { column in rows.map { column < $0.cells.count ? $0.cells[column].count : 0 }.max() ?? 0 }
        // Whole columns only: as many runs as fit, and how many more there are.
        func fitting(_ room: Int) -> Int { (0...runs.count).last { widths.prefix($0 + 1).reduce(0, +) + 2 * $0 <= room } ?? 0 }
        let shown = fitting(rect.width) == runs.count ? runs.count : fitting(rect.width - 9)
        let hidden = runs.count - shown
        for (index, row) in rows.prefix(rect.height).enumerated() {
            var text = row.cells.prefix(shown + 1).enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
            if index == 0, hidden > 0 { text += "  +\(hidden) more" }
            canvas.write(text, x: rect.x, y: rect.y + index, style: row.style, limit: rect.width)
        }
    }
}
