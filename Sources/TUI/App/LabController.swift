import Engine
import Foundation

/// The lab's main loop, on the main thread: waits for a key for at most one frame, applies it,
/// and redraws only when a run's snapshot, the view or the size changed. Training never waits
/// for it; it only reads the runs' monitors and sends them commands.
public final class LabController {
    private let backend: TerminalBackend
    private let runs: [TrainingRun]
    private var themes: ThemeCatalog
    private let signals: SignalWatcher?
    private let frameMilliseconds: Int
    private let clock: () -> Double
    private var state: AppState
    private var palette: Palette
    private var previous: Canvas?
    private var lastFrame: FrameKey?
    private var repaint = true
    private var savedFolders: [ModelKind: String] = [:]
    private var previews = PreviewThrottle(interval: 0.5)

    /// What decides whether a new frame differs from the last one.
    private struct FrameKey: Equatable {
        var versions: [UInt64]
        /// Which latent snapshot each run shows (held back by the preview throttle).
        var previews: [[Int]?]
        var state: AppState
        var messageShown: Bool
        var width: Int
        var height: Int
        var themeName: String
        /// The clock's second while a run is active, for the elapsed time in the header.
        var second: Int
    }

    /// How long quitting waits for the runs to stop and save.
    public static let stopTimeout = 60.0

    public init(backend: TerminalBackend, runs: [TrainingRun], themes: ThemeCatalog, signals: SignalWatcher?,
                framesPerSecond: Int, clock: @escaping () -> Double = MonotonicClock.seconds) {
        self.backend = backend
        self.runs = runs
        self.themes = themes
        self.signals = signals
        frameMilliseconds = 1000 / max(1, framesPerSecond)
        self.clock = clock
        state = AppState(markers: backend.display.colors == .monochrome ? .digits : .dots)
        palette = Palette(theme: themes.current, mode: backend.display.colors)
    }

    /// Runs until `q` or a quit signal, then stops and saves both runs; returns the folders saved.
    public func run() -> LabExit {
        backend.use(palette)
        loop: while signals?.quitSignal == nil {
            var key = backend.readKey(timeoutMilliseconds: frameMilliseconds)
            while let pressed = key {
                if perform(pressed) { break loop }
                key = backend.readKey(timeoutMilliseconds: 0)
            }
            drawIfChanged()
        }
        return shutDown()
    }

    /// Applies one key; true when it asks to quit.
    func perform(_ key: KeyInput) -> Bool {
        guard let action = KeyMap.action(for: key), let effect = state.handle(action) else { return false }
        let now = clock()
        switch effect {
        case .quit:
            return true
        case .relayout:
            repaint = true
        case .nextTheme:
            do {
                let theme = try themes.next()
                palette = Palette(theme: theme, mode: backend.display.colors)
                backend.use(palette)
                repaint = true
                state.show("theme \(theme.name)", now: now)
            } catch {
                state.show("\(error)", isError: true, now: now, seconds: 8)
            }
        case .togglePause(let model):
            guard let run = run(model), run.monitor.snapshot.isActive else {
                state.show("the \(model.rawValue) run has ended: r starts it again", now: now)
                break
            }
            state.show("\(model.rawValue) \(run.togglePause() ? "paused" : "resumed")", now: now)
        case .restart(let model):
            run(model)?.restart()
            state.show("restarting \(model.rawValue): the stopped run is saved first", now: now)
        case let .scaleLearningRate(model, factor):
            guard let run = run(model), run.monitor.snapshot.isActive else { break }
            run.scaleLearningRate(by: factor)
            state.show("\(model.rawValue): learning rate \(factor > 1 ? "x\(Format.rate(factor))" : "/\(Format.rate(1 / factor))") from the next batch", now: now)
        case .save(let model):
            guard let run = run(model) else { break }
            let snapshot = run.monitor.snapshot
            if snapshot.isActive {
                run.requestSave()
                state.show("saving \(model.rawValue)…", now: now)
            } else {
                state.show(snapshot.savedFolder.map { "\(model.rawValue) is saved in \($0)" } ?? "\(model.rawValue) is being saved", now: now)
            }
        }
        return false
    }

    private func run(_ model: ModelKind) -> TrainingRun? { runs.first { $0.model == model } }

    private var context: RenderContext {
        RenderContext(palette: palette, display: backend.display, markers: state.markers, logScale: state.logScale)
    }

    /// Draws a frame if anything it shows has changed, sending only the changed cells.
    func drawIfChanged() {
        let now = clock()
        let snapshots = runs.map { previews.apply(to: $0.monitor.snapshot, now: now) }
        announceSaves(snapshots, now: now)
        let key = FrameKey(versions: snapshots.map(\.version), previews: snapshots.map { PreviewThrottle.key($0.latent) }, state: state, messageShown: state.message(at: now) != nil,
                           width: backend.width, height: backend.height, themeName: themes.current.name,
                           second: snapshots.contains(where: \.isActive) ? Int(now) : 0)
        guard repaint || key != lastFrame else { return }
        let canvas = FrameRenderer(state: state, runs: snapshots, themeName: themes.current.name, context: context, now: now)
            .render(width: backend.width, height: backend.height)
        backend.present(canvas.spans(since: repaint ? nil : previous), repaint: repaint)
        previous = canvas
        lastFrame = key
        repaint = false
    }

    /// Tells in the footer when a run was saved (on `w`, a restart, or at the end).
    private func announceSaves(_ snapshots: [RunSnapshot], now: Double) {
        for snapshot in snapshots {
            guard let folder = snapshot.savedFolder, savedFolders[snapshot.model] != folder else { continue }
            savedFolders[snapshot.model] = folder
            state.show("saved \(snapshot.model.rawValue): \(folder)", now: now)
        }
    }

    private func shutDown() -> LabExit {
        state.show("stopping both runs and saving them…", now: clock(), seconds: Self.stopTimeout)
        repaint = true
        drawIfChanged()
        runs.forEach { $0.stop() }
        let deadline = clock() + Self.stopTimeout
        // Another quit signal while waiting (a second Ctrl-C) ends the wait at once.
        let signalsBefore = signals?.quitCount ?? 0
        var pending = runs
        while !pending.isEmpty && clock() < deadline && (signals?.quitCount ?? 0) == signalsBefore {
            pending = pending.filter { !$0.wait(timeout: 0.05) }
        }
        let snapshots = runs.map(\.monitor.snapshot)
        return LabExit(signal: signals?.quitSignal,
                       saved: snapshots.compactMap(\.savedFolder),
                       failedSaves: snapshots.compactMap { snapshot in snapshot.saveFailure.map { (snapshot.model, $0) } },
                       unfinished: pending.map(\.model),
                       endedAtOnce: (signals?.quitCount ?? 0) > signalsBefore)
    }
}

/// How the lab ended: the signal that ended it (nil after `q`), the run folders saved, the runs
/// whose last save failed (and why), the runs that did not stop and save in time, and whether
/// a second signal cut the wait for them short.
public struct LabExit: Sendable {
    public var signal: Int32?
    public var saved: [String]
    public var failedSaves: [(model: ModelKind, problem: String)]
    public var unfinished: [ModelKind]
    public var endedAtOnce: Bool
}
