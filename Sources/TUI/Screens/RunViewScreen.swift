import Engine
import Foundation

/// A saved run, shown as the training screen shows a live one but without training: its loss
/// curves, latent scatter, reconstructions, metrics and hints, from a `SavedLabRun`; its
/// time-lapse (`[`, `]`, `p`) and the latent explorer (`M`) as for a live run.
public final class RunViewScreen: LabScreen {
    public let run: SavedLabRun
    private let name: String
    private let snapshot: RunSnapshot
    private var state: AppState
    private var timeLapse = TimeLapsePlayer()

    public init(run: SavedLabRun, display: DisplayMode) {
        self.run = run
        snapshot = run.monitor.snapshot
        name = run.directory.lastPathComponent
        state = AppState(markers: display.colors == .monochrome ? .digits : .dots)
        state.focus = run.model
    }

    /// Loads the run in `directory` and evaluates its weights on `data`.
    public convenience init(directory: URL, data: MNIST, display: DisplayMode) throws {
        self.init(run: try SavedLabRun(directory: directory) { _, _ in data }, display: display)
    }

    public var keys: [KeyHelp] { KeyMap.runView.help }
    public var modeLabels: [String] { [state.markers.label] + (state.logScale ? ["log"] : []) }

    public func handle(_ key: KeyInput, now: Double) -> ScreenResponse {
        guard let action = KeyMap.runView.action(for: key) else { return .ignored }
        let frames = snapshot.timeLapse?.frames.count ?? 0
        switch state.handle(action) {
        case .openExplorer?:
            return .open(LatentExplorerScreen(title: "\(snapshot.model.rawValue), \(name)", snapshot: { [snapshot] in snapshot },
                                              validation: run.validationImages))
        case .stepTimeLapse(let delta)? where frames > 0:
            timeLapse.step(by: delta, count: frames, now: now)
        case .playTimeLapse? where frames > 0:
            timeLapse.togglePlay(count: frames, now: now)
        case .stepTimeLapse?, .playTimeLapse?:
            return .message("this run was saved without a time-lapse")
        default: break
        }
        return .handled
    }

    public func frameKey(now: Double) -> AnyHashable {
        [AnyHashable(state), AnyHashable(timeLapse.frame(count: snapshot.timeLapse?.frames.count ?? 0, now: now))]
    }

    public func draw(into canvas: inout Canvas, in body: Rect, context: RenderContext, now: Double) {
        var context = context
        context.markers = state.markers
        context.logScale = state.logScale
        TrainFrame(state: state, runs: [snapshot], context: context, now: now, drawsHeader: false,
                   timeLapseFrame: timeLapse.frame(count: snapshot.timeLapse?.frames.count ?? 0, now: now), offersFixes: false)
                   .draw(into: &canvas)
        let palette = context.palette, separator = context.display.separator
        let segments: [(String, Style)] = [
            (" aetui", palette.highlight), (separator, palette.axes), (" RUN ", palette.highlight.adding(.reverse)),
            (" \(snapshot.phase.rawValue)", palette.text.adding(.bold)), (separator, palette.axes),
            ("\(snapshot.epochs.count)/\(snapshot.config.epochs) epochs", palette.text), (separator, palette.axes), (name, palette.muted),
        ]
        canvas.writeSegments(segments, x: body.x, y: body.y, maxX: body.maxX, unicode: context.display.unicode)
    }
}
