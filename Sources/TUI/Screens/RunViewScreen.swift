import Engine
import Foundation

/// A saved run, shown as the training screen shows a live one but without training: its loss
/// curves from `metrics.jsonl`, the latent scatter and reconstructions computed from its weights,
/// and its metrics; its time-lapse (`[`, `]`, `p`) and the latent explorer (`M`) as for a live run.
public final class RunViewScreen: LabScreen {
    private let name: String
    private let snapshot: RunSnapshot
    private let validation: LabeledImages
    private var state: AppState
    private var timeLapse = TimeLapsePlayer()

    /// Loads the run's weights and computes its latent codes and reconstructions on `data`.
    public init(directory: URL, data: MNIST, display: DisplayMode) throws {
        let (config, model, summary) = try RunStore.load(directory)
        let evaluator = Evaluator(model: model, gemm: GEMM(threads: 1), batch: Batch(capacity: model.capacity))
        let sizes = LiveSnapshots()
        var snapshot = RunSnapshot(config: config)
        snapshot.epochs = try RunCatalog.metrics(of: directory)
        snapshot.phase = switch summary?.status {
        case .stopped?: .stopped
        case .diverged?: .diverged
        default: .finished
        }
        snapshot.epoch = snapshot.epochs.count
        snapshot.test = summary?.test
        snapshot.message = summary?.message
        snapshot.hints = summary?.hints ?? []
        snapshot.savedFolder = directory.path
        snapshot.learningRate = snapshot.epochs.last?.learningRate ?? config.learningRate
        if snapshot.phase != .diverged {
            snapshot.latent = evaluator.latentSnapshot(data.validation.subset(0..<min(sizes.probeImages, data.validation.count)),
                                                       epoch: snapshot.epochs.count, batch: 0)
            snapshot.reconstructions = evaluator.reconstructionSnapshot(data.test.subset(0..<min(sizes.previewDigits, data.test.count)))
            snapshot.decoder = DecoderWeights(copying: model)
        }
        snapshot.timeLapse = try LatentTimeLapse.load(from: directory)
        validation = data.validation
        self.snapshot = snapshot
        name = directory.lastPathComponent
        state = AppState(markers: display.colors == .monochrome ? .digits : .dots)
        state.focus = config.model
    }

    public var keys: [KeyHelp] { KeyMap.runView.help }
    public var modeLabels: [String] { [state.markers.label] + (state.logScale ? ["log"] : []) }

    public func handle(_ key: KeyInput, now: Double) -> ScreenResponse {
        guard let action = KeyMap.runView.action(for: key) else { return .ignored }
        let frames = snapshot.timeLapse?.frames.count ?? 0
        switch state.handle(action) {
        case .openExplorer?:
            return .open(LatentExplorerScreen(title: "\(snapshot.model.rawValue), \(name)", snapshot: { [snapshot] in snapshot },
                                              validation: validation))
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
        var column = body.x
        for (text, style) in segments where column < body.maxX {
            column += canvas.write(text, x: column, y: body.y, style: style, limit: body.maxX - column)
        }
    }
}
