import Engine

/// The lab's training screen: the live runs (standard and supervised), the focused one's panels
/// or both latent spaces side by side, and the keys that steer the runs.
public final class TrainScreen: LabScreen {
    private let runs: [any LabRun]
    private var state: AppState
    private var snapshots: [RunSnapshot] = []
    private var previews = PreviewThrottle(interval: 0.5)
    private var savedFolders: [ModelKind: String] = [:]
    private var timeLapse = TimeLapsePlayer()
    private var hintsSeen: [ModelKind: Int] = [:]
    /// Runs asked to restart, with their stopped trainer's start time (-1: none yet): until the new
    /// trainer starts the monitor over, what the old one still reports (its last hints) is not
    /// announced and offers no fix.
    private var restarting: [ModelKind: Double] = [:]
    private let openRuns: (() -> LabScreen)?

    private struct FrameKey: Hashable {
        var versions: [UInt64]
        /// Which latent snapshot each run shows (held back by the preview throttle).
        var previews: [[Int]?]
        var state: AppState
        var timeLapseFrame: Int?
        /// The clock's second while a run is active, for the elapsed time in the header.
        var second: Int
    }

    /// `display` picks the first marker style: digits when there is no colour to tell classes apart;
    /// `openRuns` builds the runs browser that `R` opens.
    public init(runs: [any LabRun], display: DisplayMode, openRuns: (() -> LabScreen)? = nil) {
        self.runs = runs
        self.openRuns = openRuns
        state = AppState(markers: display.colors == .monochrome ? .digits : .dots)
        snapshots = runs.map(\.monitor.snapshot)
    }

    /// The training keys; while the focused run offers a hint's fix, `f` comes first in the
    /// footer, named after it, and stays in its narrowest form.
    public var keys: [KeyHelp] {
        let all = KeyMap.train.help
        guard let focused = snapshots.first(where: { $0.model == state.focus }), let offer = offer(for: focused),
              let key = all.first(where: { $0.label == "f" }) else { return all }
        let fix = KeyHelp(label: key.label, help: key.help, footer: "fix: \(TrainingHint.labAction(offer.fix))", essential: true)
        return [fix] + all.filter { $0.label != "f" }
    }

    public var modeLabels: [String] { [state.markers.label] + (state.logScale ? ["log"] : []) }

    public func handle(_ key: KeyInput, now: Double) -> ScreenResponse {
        guard let action = KeyMap.action(for: key) else { return .ignored }
        let focus = state.focus
        defer { if state.focus != focus { timeLapse.reset() } }
        guard let effect = state.handle(action) else { return .handled }
        switch effect {
        case .togglePause(let model):
            guard let run = run(model), run.monitor.snapshot.isActive else {
                return .message("the \(model.rawValue) run has ended: r starts it again")
            }
            return .message("\(model.rawValue) \(run.togglePause() ? "paused" : "resumed")")
        case .restart(let model):
            // Read before the restart: the new trainer starts the monitor over.
            let epoch = run(model)?.monitor.snapshot.epochs.last?.epoch
            markRestarting(model)
            run(model)?.restart()
            timeLapse.reset()
            return .message("restarting \(model.rawValue): the stopped run is saved first\(epoch.map { ", named after epoch \($0)'s figures" } ?? "")")
        case let .scaleLearningRate(model, factor):
            guard let run = run(model), run.monitor.snapshot.isActive else { return .handled }
            run.scaleLearningRate(by: factor)
            return .message("\(model.rawValue): learning rate \(factor > 1 ? "x\(rateText(factor))" : "/\(rateText(1 / factor))") from the next batch")
        case .save(let model):
            guard let run = run(model) else { return .handled }
            let snapshot = run.monitor.snapshot
            if snapshot.isActive {
                run.requestSave()
                return .message("saving \(model.rawValue)…")
            }
            return .message(snapshot.savedFolder.map { "\(model.rawValue) is saved in \($0)" } ?? "\(model.rawValue) is being saved")
        case .openRuns:
            return openRuns.map { .open($0()) } ?? .handled
        case .applyFix(let model):
            guard let run = run(model) else { return .handled }
            let snapshot = run.monitor.snapshot
            guard restarting[model] == nil else { return .message("\(model.rawValue) is restarting") }
            guard let offer = HintFix.offered(for: snapshot) else {
                return .message("no hint with a fix for the \(model.rawValue) run")
            }
            if offer.fix == .stopAtBestEpoch {
                run.stopKeepingBest()
                return .message("stopping \(model.rawValue): its best epoch's weights are kept and saved")
            }
            markRestarting(model)
            run.restart(with: offer.fix.config(from: snapshot.config))
            return .message("restarting \(model.rawValue) (\(offer.hint.labTitle)): \(TrainingHint.labAction(offer.fix)); the stopped run is saved first")
        case .openAnomaly(let model):
            // Anomaly detection retrains on the run's data: only a real run has it.
            guard let run = run(model) as? TrainingRun else { return .handled }
            return .open(AnomalyScreen(labRun: run.config, environment: run.environment))
        case .openExplorer(let model):
            guard let run = run(model) else { return .handled }
            return .open(LatentExplorerScreen(title: model.rawValue, snapshot: { [monitor = run.monitor] in monitor.snapshot },
                                              validation: run.validationImages))
        case .stepTimeLapse(let delta):
            let frames = focusedTimeLapseFrames
            guard frames > 0 else { return .message("no time-lapse yet: the first epoch has not ended") }
            timeLapse.step(by: delta, count: frames, now: now)
            return timeLapse.isLive ? .message("time-lapse off: the live latent space") : .handled
        case .playTimeLapse:
            let frames = focusedTimeLapseFrames
            guard frames > 0 else { return .message("no time-lapse yet: the first epoch has not ended") }
            timeLapse.togglePlay(count: frames, now: now)
            return .handled
        }
    }

    /// Copies each run's snapshot, and tells in the footer when a run was saved (on `w`, a
    /// restart, or at the end) or has a new hint (which matters more).
    public func update(now: Double) -> ScreenResponse {
        snapshots = runs.map { previews.apply(to: $0.monitor.snapshot, now: now) }
        for snapshot in snapshots where restarting[snapshot.model].map({ $0 != snapshot.startedAt ?? -1 }) == true {
            restarting[snapshot.model] = nil
        }
        var response = ScreenResponse.ignored
        for snapshot in snapshots {
            guard let folder = snapshot.savedFolder, savedFolders[snapshot.model] != folder else { continue }
            savedFolders[snapshot.model] = folder
            response = .message("saved \(snapshot.model.rawValue): \(folder)")
        }
        for snapshot in snapshots {
            // A restart starts the hints over.
            defer { hintsSeen[snapshot.model] = snapshot.hints.count }
            guard restarting[snapshot.model] == nil, snapshot.hints.count > hintsSeen[snapshot.model, default: 0],
                  let hint = snapshot.hints.last else { continue }
            let fix = offer(for: snapshot).flatMap { $0.hint == hint ? $0.fix : nil }
            // `f` acts on the focused run: the other one is reached with Tab first.
            let key = snapshot.model == state.focus ? "f" : "Tab, then f"
            let advice = fix.map { " - \(key): \(TrainingHint.labAction($0))" } ?? " (the metrics panel says why)"
            response = .message("\(snapshot.model.rawValue) hint: \(hint.labTitle)\(advice)", isError: true)
        }
        return response
    }

    public func frameKey(now: Double) -> AnyHashable {
        FrameKey(versions: snapshots.map(\.version), previews: snapshots.map { PreviewThrottle.key($0.latent) }, state: state,
                 timeLapseFrame: timeLapse.frame(count: focusedTimeLapseFrames, now: now),
                 second: snapshots.contains(where: \.isActive) ? Int(now) : 0)
    }

    public func draw(into canvas: inout Canvas, in body: Rect, context: RenderContext, now: Double) {
        var context = context
        context.markers = state.markers
        context.logScale = state.logScale
        TrainFrame(state: state, runs: snapshots, context: context, now: now,
                   timeLapseFrame: timeLapse.frame(count: focusedTimeLapseFrames, now: now), offersFixes: restarting[state.focus] == nil)
            .draw(into: &canvas)
    }

    /// Stops every run and waits for them to be saved.
    public func close(within limit: CloseLimit) -> ScreenReport {
        runs.forEach { $0.stop() }
        var pending = runs
        _ = limit.wait {
            pending = pending.filter { !$0.wait(timeout: 0.05) }
            return pending.isEmpty
        }
        let snapshots = runs.map(\.monitor.snapshot)
        return ScreenReport(
            lines: snapshots.compactMap { $0.savedFolder.map { "saved: \($0)" } },
            errors: snapshots.compactMap { snapshot in snapshot.saveFailure.map { "the \(snapshot.model.rawValue) run was not saved: \($0)" } }
                + pending.map { "the \($0.model.rawValue) run was not saved: \(limit.reason)" })
    }

    private func run(_ model: ModelKind) -> (any LabRun)? { runs.first { $0.model == model } }

    /// The fix `f` would apply to a run, none while it restarts.
    private func offer(for snapshot: RunSnapshot) -> (hint: TrainingHint, fix: HintFix)? {
        restarting[snapshot.model] == nil ? HintFix.offered(for: snapshot) : nil
    }

    private func markRestarting(_ model: ModelKind) {
        restarting[model] = run(model)?.monitor.snapshot.startedAt ?? -1
    }

    private var focusedTimeLapseFrames: Int { snapshots.first { $0.model == state.focus }?.timeLapse?.frames.count ?? 0 }
}
