import Engine

/// The top line: which run has the focus (in capitals) and, for it, its state, epoch x/N and
/// batch y/M, steps per second, time trained (pauses left out) and the run's ETA; the other run
/// in small letters with its state. In the compare view: both runs' epochs and states.
public struct HeaderWidget {
    public var focus: ModelKind
    public var compare: Bool
    public var runs: [RunSnapshot]
    public var now: Double
    public var context: RenderContext

    public init(focus: ModelKind, compare: Bool, runs: [RunSnapshot], now: Double, context: RenderContext) {
        self.focus = focus
        self.compare = compare
        self.runs = runs
        self.now = now
        self.context = context
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        // The full line, else one without the name and steps per second and with less of the other
        // run, else one without the other run.
        let lines = [segments(compact: false), segments(compact: true), segments(compact: true, others: false)]
        let chosen = lines.first { $0.reduce(0) { $0 + $1.text.count } <= rect.width } ?? lines[2]
        canvas.writeSegments(chosen, x: rect.x, y: rect.y, maxX: rect.maxX, unicode: context.display.unicode)
    }

    private func segments(compact: Bool, others: Bool = true) -> [(text: String, style: Style)] {
        let palette = context.palette, separator = context.display.separator
        var segments: [(text: String, style: Style)] = compact ? [] : [(" aetui", palette.highlight), (separator, palette.axes)]
        if compare {
            segments.append((" COMPARE ", palette.highlight.adding(.reverse)))
            for run in runs {
                segments.append((separator, palette.axes))
                segments.append(("\(run.model.rawValue) ", palette.text))
                segments.append((run.displayPhase.rawValue, phaseStyle(run.displayPhase)))
                segments.append((" epoch \(epochText(run))", palette.text))
            }
            return segments
        }
        guard let focused = runs.first(where: { $0.model == focus }) else { return segments }
        segments.append((" \(focus.rawValue.uppercased()) ", palette.highlight.adding(.reverse)))
        segments.append((" ", palette.text))
        segments.append((focused.displayPhase.rawValue, phaseStyle(focused.displayPhase)))
        segments.append((separator, palette.axes))
        segments.append(("epoch \(epochText(focused))", palette.text))
        if focused.isActive, focused.batchesPerEpoch > 0, focused.batch > 0 {
            segments.append((" batch \(focused.batch)/\(focused.batchesPerEpoch)", palette.muted))
        }
        if focused.displayPhase == .training, focused.stepsPerSecond > 0, !compact {
            segments.append((separator, palette.axes))
            segments.append(("\(Int(focused.stepsPerSecond.rounded())) step/s", palette.text))
        }
        segments.append((separator, palette.axes))
        segments.append((Format.duration(focused.elapsed(now: now)), palette.text))
        if let remaining = focused.remaining(now: now) {
            segments.append((" ETA \(Format.duration(remaining))", palette.text))
        }
        for other in runs where others && other.model != focus {
            segments.append((separator, palette.axes))
            let phase = compact ? "" : " \(other.displayPhase.rawValue)"
            segments.append(("\(other.model.rawValue)\(phase) \(epochText(other))", palette.muted))
        }
        return segments
    }

    private func epochText(_ run: RunSnapshot) -> String { "\(max(run.epoch, run.epochs.count))/\(run.config.epochs)" }

    private func phaseStyle(_ phase: RunPhase) -> Style {
        switch phase {
        case .training, .starting: context.palette.accuracy
        case .paused: context.palette.highlight
        case .finished: context.palette.text.adding(.bold)
        case .stopped: context.palette.muted
        case .diverged: context.palette.warning
        }
    }
}
