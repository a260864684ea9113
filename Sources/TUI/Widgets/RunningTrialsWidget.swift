import Engine

/// The trials a search is running: for each, its values, a progress bar with epoch and ETA, and
/// its live loss curves below when there is room.
public struct RunningTrialsWidget {
    public var running: [SearchMonitor.Running]
    public var board: Leaderboard
    public var now: Double
    public var context: RenderContext

    public init(running: [SearchMonitor.Running], board: Leaderboard, now: Double, context: RenderContext) {
        self.running = running
        self.board = board
        self.now = now
        self.context = context
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        guard !running.isEmpty else {
            canvas.write("no trial running", x: rect.x, y: rect.y, style: palette.muted, limit: rect.width)
            return
        }
        let share = max(2, rect.height / running.count)
        for (slot, entry) in running.enumerated() {
            let top = rect.y + slot * share
            guard top + 1 < rect.maxY else { break }
            let run = entry.run
            canvas.write("#\(entry.trial.index + 1) \(board.label(entry.trial))", x: rect.x, y: top, style: palette.highlight, limit: rect.width)
            let epoch = "epoch \(max(run.epoch, run.epochs.count))/\(run.config.epochs)"
            let eta = run.remaining(now: now).map { " ETA \(Format.duration($0))" } ?? ""
            let label = " \(epoch)\(eta)"
            let bar = ProgressBar.text(fraction: run.progress / Double(max(1, run.config.epochs)),
                                       width: max(0, min(30, rect.width - label.count)), unicode: context.display.unicode)
            let used = canvas.write(bar, x: rect.x, y: top + 1, style: palette.accuracy, limit: rect.width)
            canvas.write(label, x: rect.x + used, y: top + 1, style: palette.text, limit: rect.width - used)
            let chart = Rect(x: rect.x, y: top + 2, width: rect.width, height: min(share, rect.maxY - top) - 2)
            if chart.height >= 5 { LossChartWidget(snapshot: run, context: context).draw(into: &canvas, in: chart) }
        }
    }
}
