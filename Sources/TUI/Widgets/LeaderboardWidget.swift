import Engine

/// A search's leaderboard as a table: a header row, then one row per trial, the selected one in
/// reverse video, scrolled so the selection stays in view; the state column says how a trial ended.
public struct LeaderboardWidget {
    public var board: Leaderboard
    public var selected: Int
    public var context: RenderContext

    public init(board: Leaderboard, selected: Int, context: RenderContext) {
        self.board = board
        self.selected = selected
        self.context = context
    }

    /// The first row shown for a selection in a table of `visible` rows.
    static func scrollOffset(selected: Int, count: Int, visible: Int) -> Int {
        guard count > visible, visible > 0 else { return 0 }
        return min(max(0, selected - visible / 2), count - visible)
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        let rows = board.rows
        guard !rows.isEmpty else {
            canvas.write("no trial has finished yet", x: rect.x, y: rect.y, style: palette.muted, limit: rect.width)
            return
        }
        let full = [board.columns] + rows
        let fullWidths = board.columns.indices.map { column in full.map { $0[column].count }.max() ?? 0 }
        // Columns that go first when the table is wider than the panel; the state stays.
        var kept = Array(board.columns.indices)
        for name in ["seconds", "epochs", "best_epoch", "probe_acc"] {
            guard kept.reduce(0, { $0 + fullWidths[$1] + 2 }) - 2 > rect.width, let column = board.columns.firstIndex(of: name) else { break }
            kept.removeAll { $0 == column }
        }
        let table = full.map { row in kept.map { row[$0] } }
        let widths = kept.map { fullWidths[$0] }
        func drawRow(_ cells: [String], y: Int, style: Style, stateStyle: Style? = nil) {
            var x = rect.x
            for (column, cell) in cells.enumerated() where x < rect.maxX {
                let isState = column == cells.count - 1
                canvas.write(cell.padding(toLength: widths[column], withPad: " ", startingAt: 0), x: x, y: y,
                             style: isState ? stateStyle ?? style : style, limit: rect.maxX - x)
                x += widths[column] + 2
            }
        }
        drawRow(table[0], y: rect.y, style: palette.highlight)
        let visible = rect.height - 1
        let offset = Self.scrollOffset(selected: selected, count: rows.count, visible: visible)
        for (line, index) in (offset..<min(rows.count, offset + visible)).enumerated() {
            let y = rect.y + 1 + line
            let isSelected = index == selected
            if isSelected { canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: palette.text.adding(.reverse)) }
            let base = isSelected ? palette.text.adding(.reverse) : palette.text
            drawRow(table[index + 1], y: y, style: base, stateStyle: isSelected ? base : stateStyle(board.entries[index].trial.state))
        }
    }

    private func stateStyle(_ state: TrialState) -> Style {
        switch state {
        case .diverged: context.palette.warning
        case .running: context.palette.accuracy
        case .stopped, .pending: context.palette.muted
        case .finished, .earlyStopped: context.palette.text
        }
    }
}
