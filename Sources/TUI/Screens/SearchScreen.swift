import Dispatch
import Engine
import Foundation

/// The lab's search screen: runs a search on a background queue and shows its leaderboard as
/// trials finish, the running trials with progress, ETA and live loss curves, and the top-5
/// validation curves overlaid. `Enter` opens the selected trial's run; quitting stops the search
/// (running trials are saved as stopped) and prints the leaderboard.
public final class SearchScreen: LabScreen {
    private let runner: SearchRunner
    private let shard: Shard
    private let openRun: (URL) throws -> LabScreen
    private let monitor = SearchMonitor()
    private let group = DispatchGroup()
    private var manifest: SearchManifest?
    private var board: Leaderboard?
    private var snapshot = SearchMonitor.Snapshot()
    private var seenFinished = -1
    private var selected = 0
    private var startedAt: Double?
    /// When the search ended: the clock stops there.
    private var endedAt: Double?

    private struct FrameKey: Hashable {
        var version: UInt64
        var finished: Int
        var selected: Int
        var second: Int
    }

    /// Starts the search at once; `openRun` builds the screen of a saved run folder.
    public init(runner: SearchRunner, shard: Shard, openRun: @escaping (URL) throws -> LabScreen) {
        self.runner = runner
        self.shard = shard
        self.openRun = openRun
        let monitor = self.monitor
        DispatchQueue(label: "aetui.search.screen", qos: .userInitiated).async(group: group) {
            do {
                try runner.run { monitor.record($0) }
                monitor.end(error: nil)
            } catch {
                monitor.end(error: "\(error)")
            }
        }
    }

    public var keys: [KeyHelp] { KeyMap.search.help }

    public func handle(_ key: KeyInput, now: Double) -> ScreenResponse {
        guard let action = KeyMap.search.action(for: key) else { return .ignored }
        let count = board?.entries.count ?? 0
        switch action {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(max(0, count - 1), selected + 1)
        case .open:
            guard let board, board.entries.indices.contains(selected) else { return .message("no trial to open yet") }
            let trial = board.entries[selected].trial
            guard let run = trial.run else { return .message("trial \(trial.index + 1) has no saved run yet") }
            do {
                return .open(try openRun(runner.store.directory.appendingPathComponent(run)))
            } catch {
                return .message("\(error)", isError: true)
            }
        default: break
        }
        return .handled
    }

    public func update(now: Double) -> ScreenResponse {
        if startedAt == nil { startedAt = now }
        let wasEnded = snapshot.ended
        snapshot = monitor.snapshot
        if snapshot.ended, endedAt == nil { endedAt = now }
        guard snapshot.finished != seenFinished || snapshot.ended != wasEnded else { return .ignored }
        seenFinished = snapshot.finished
        do {
            let manifest = try runner.store.read()
            self.manifest = manifest
            board = Leaderboard(manifest: manifest)
            selected = min(selected, max(0, (board?.entries.count ?? 1) - 1))
        } catch {
            // Once the search has ended, its own error (below) says more: the board stays as last read.
            if !snapshot.ended { return .message("\(error)", isError: true) }
        }
        if snapshot.ended, !wasEnded {
            if let error = snapshot.error { return .message("search failed: \(error)", isError: true) }
            return .message(runner.isStopRequested ? "search stopped" : "search finished: \(done) of \(total) trials done")
        }
        if let trial = snapshot.lastFinished, snapshot.finished > 0 {
            return .message("trial \(trial.index + 1) \(trial.state.rawValue): \(board?.label(trial) ?? "")")
        }
        return .ignored
    }

    private var done: Int { manifest?.trials.filter(\.state.isDone).count ?? 0 }
    private var total: Int { manifest?.trials.count ?? 0 }

    public func frameKey(now: Double) -> AnyHashable {
        FrameKey(version: snapshot.version, finished: snapshot.finished, selected: selected, second: snapshot.ended ? 0 : Int(now))
    }

    public func draw(into canvas: inout Canvas, in body: Rect, context: RenderContext, now: Double) {
        let palette = context.palette
        drawHeader(into: &canvas, in: Rect(x: body.x, y: body.y, width: body.width, height: 1), context: context, now: now)
        let middle = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
        let (top, bottom) = middle.splitRows(at: max(6, middle.height * 2 / 5))
        let (left, right) = bottom.splitColumns(at: bottom.width / 2)
        func frame(_ rect: Rect, _ title: String) -> Rect {
            canvas.drawBox(rect, glyphs: context.display.box, style: palette.axes, title: title, titleStyle: palette.highlight)
            return rect.inset(by: 1)
        }
        guard let board else {
            canvas.write("reading \(SearchStore.manifestFile)…", x: middle.x, y: middle.y, style: palette.muted, limit: middle.width)
            return
        }
        LeaderboardWidget(board: board, selected: selected, context: context)
            .draw(into: &canvas, in: frame(top, "leaderboard by \(board.rankingDescription)"))
        RunningTrialsWidget(running: snapshot.running, board: board, now: now, context: context)
            .draw(into: &canvas, in: frame(left, "running trials"))
        CurveOverlayWidget(topOf: board, context: context).draw(into: &canvas, in: frame(right, "top 5"))
    }

    private func drawHeader(into canvas: inout Canvas, in rect: Rect, context: RenderContext, now: Double) {
        let palette = context.palette, separator = context.display.separator
        let state = snapshot.error != nil ? "failed" : snapshot.ended ? (runner.isStopRequested ? "stopped" : "finished") : "running"
        let segments: [(String, Style)] = [
            (" aetui", palette.highlight), (separator, palette.axes), (" SEARCH ", palette.highlight.adding(.reverse)),
            (" \(state)", snapshot.ended ? palette.text.adding(.bold) : palette.accuracy), (separator, palette.axes),
            ("\(done)/\(total) trials done", palette.text), (separator, palette.axes),
        ] + (shard.count > 1 ? [("shard \(shard)", palette.text), (separator, palette.axes)] : []) + [
            (Format.duration((endedAt ?? now) - (startedAt ?? now)), palette.text), (separator, palette.axes),
            (runner.store.directory.path, palette.muted),
        ]
        canvas.writeSegments(segments, x: rect.x, y: rect.y, maxX: rect.maxX, unicode: context.display.unicode)
    }

    /// Stops the search (running trials are saved as stopped) and returns the leaderboard to print.
    public func close(within limit: CloseLimit) -> ScreenReport {
        runner.stop()
        guard limit.wait({ group.wait(timeout: .now() + 0.05) == .success }) else {
            return ScreenReport(errors: ["the search's running trials were not saved: \(limit.reason)"])
        }
        // With the folder gone, the board is the search's own record of it (the runs went too).
        let gone = !runner.store.isPresent
        guard let manifest = gone ? runner.store.lastKnown : try? runner.store.read() else { return ScreenReport() }
        let left = manifest.trials.filter { shard.contains($0.index) && !$0.state.isDone }.count
        var lines = ["search: \(runner.store.directory.path)", Leaderboard(manifest: manifest).text]
        if left > 0, !gone { lines.append("\(left) trial\(left == 1 ? "" : "s") left: resume with 'aetui search --resume \(runner.store.directory.path)'") }
        return ScreenReport(lines: lines, errors: gone ? [SearchFolderGone(directory: runner.store.directory).description] : [])
    }
}
