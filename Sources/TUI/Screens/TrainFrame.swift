import Engine

/// The training screen's picture: the header and, for the size and view, each panel's border and
/// widget. A pure function of its inputs.
struct TrainFrame {
    var state: AppState
    var runs: [RunSnapshot]
    var context: RenderContext
    var now: Double
    /// Off when the screen writes a header of its own.
    var drawsHeader = true
    /// The focused run's time-lapse frame shown instead of its live latent space (nil: live).
    var timeLapseFrame: Int? = nil
    /// Off for a saved run: `f` has nothing to fix there.
    var offersFixes = true

    func draw(into canvas: inout Canvas) {
        let layout = ScreenLayout(width: canvas.width, height: canvas.height, view: state.view)
        if drawsHeader {
            HeaderWidget(focus: state.focus, compare: state.view == .compare, runs: runs, now: now, context: context)
                .draw(into: &canvas, in: layout.header)
        }
        for (panel, rect) in layout.panels.sorted(by: { $0.value.y * 10_000 + $0.value.x < $1.value.y * 10_000 + $1.value.x }) {
            draw(panel, in: rect, canvas: &canvas)
        }
    }

    private var focused: RunSnapshot? { runs.first { $0.model == state.focus } }

    private func frame(_ rect: Rect, title: String, titleStyle: Style? = nil, canvas: inout Canvas) -> Rect {
        canvas.drawBox(rect, glyphs: context.display.box, style: context.palette.axes, title: title,
                       titleStyle: titleStyle ?? context.palette.highlight)
        return rect.inset(by: 1)
    }

    private func draw(_ panel: Panel, in rect: Rect, canvas: inout Canvas) {
        switch panel {
        case .loss:
            guard let run = focused else { return }
            var title = run.model == .supervised ? "loss & val accuracy" : "loss"
            if context.logScale { title += " (log)" }
            // Only the shown frame's epoch: its codes are decoded where they are drawn.
            let shownEpoch = shownTimeLapse(of: run).map { $0.lapse.frames[$0.index].epoch }
            if let shownEpoch { title += ", epoch \(shownEpoch) marked" }
            let inner = frame(rect, title: title, canvas: &canvas)
            var chart = LossChartWidget(snapshot: run, context: context)
            chart.marker = shownEpoch.map(Double.init)
            chart.draw(into: &canvas, in: inner)
        case .latent:
            guard let run = focused else { return }
            drawLatent(of: run, in: rect, canvas: &canvas)
        case .reconstructions:
            guard let run = focused else { return }
            let inner = frame(rect, title: "test digits (top) and their reconstructions", canvas: &canvas)
            ReconstructionWidget(snapshot: run.reconstructions, context: context).draw(into: &canvas, in: inner)
        case .metrics:
            guard let run = focused else { return }
            let inner = frame(rect, title: "metrics: \(run.model.rawValue)", canvas: &canvas)
            MetricsWidget(snapshot: run, context: context, offersFixes: offersFixes).draw(into: &canvas, in: inner)
        case .compareStandard, .compareSupervised:
            let model: ModelKind = panel == .compareStandard ? .standard : .supervised
            guard let run = runs.first(where: { $0.model == model }) else { return }
            drawLatent(of: run, in: rect, canvas: &canvas)
        }
    }

    /// The time-lapse and the index of its frame shown for `run` (the focused one only), or nil for live.
    private func shownTimeLapse(of run: RunSnapshot) -> (lapse: LatentTimeLapse, index: Int)? {
        guard run.model == state.focus, let timeLapseFrame, let lapse = run.timeLapse, timeLapseFrame < lapse.frames.count else { return nil }
        return (lapse, timeLapseFrame)
    }

    private func drawLatent(of run: RunSnapshot, in rect: Rect, canvas: inout Canvas) {
        // Side by side, the focused run's title (which space, r, +/- and w act on) is reversed and
        // marked; the other one's is muted.
        let compared = state.view == .compare
        let focused = run.model == state.focus
        let replayed = shownTimeLapse(of: run).map { $0.lapse.snapshot(at: $0.index) }
        let accuracy = compared ? run.test?.valAccuracy ?? run.epochs.last?.valAccuracy : nil
        // The longest title that fits: form 0 roomy, 1 short, 2 tiny (no "latent").
        func title(_ form: Int) -> String {
            var title = "\(compared && focused ? "> " : "")\(["latent space: ", "latent: ", ""][form])\(run.model.rawValue)"
            if run.latent?.isProjected == true { title += " (PCA)" }
            if let replayed {
                // The figures are the run's latest, not the replayed epoch's: left out.
                return title + ", epoch \(replayed.epoch)/\(run.timeLapse?.frames.last?.epoch ?? 0)\(form == 0 ? " (time-lapse)" : "")"
            }
            title += "\(form == 2 ? ":" : ",") k-NN \(form == 0 ? "probe " : "")\(Format.percent(run.probeAccuracy))"
            if let accuracy { title += ", \(form == 2 ? "" : "val ")acc \(Format.percent(accuracy))" }
            return title
        }
        let chosen = [0, 1].map(title).first { $0.count + 4 <= rect.width } ?? title(2)
        let titleStyle = !compared ? nil : focused ? context.palette.highlight.adding(.reverse) : context.palette.muted
        let inner = frame(rect, title: chosen, titleStyle: titleStyle, canvas: &canvas)
        LatentScatterWidget(snapshot: replayed ?? run.latent, dimensions: run.config.bottleneck, context: context).draw(into: &canvas, in: inner)
    }
}
