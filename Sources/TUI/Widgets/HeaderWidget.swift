import Engine

/// The top line: which run has the focus (in capitals) and, for it, its state, epoch x/N,
/// steps per second and time; the other run in small letters with its state. In the compare
/// view: both runs' epochs and states.
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
        let palette = context.palette, separator = context.display.separator
        var column = rect.x
        func put(_ text: String, _ style: Style) {
            column += canvas.write(text, x: column, y: rect.y, style: style, limit: rect.maxX - column)
        }
        put(" aetui", palette.highlight)
        if compare {
            put(separator, palette.axes)
            put(" COMPARE ", palette.highlight.adding(.reverse))
            for run in runs {
                put(separator, palette.axes)
                put("\(run.model.rawValue) ", palette.text)
                put(run.displayPhase.rawValue, phaseStyle(run.displayPhase))
                put(" epoch \(epochText(run))", palette.text)
            }
            return
        }
        guard let focused = runs.first(where: { $0.model == focus }) else { return }
        put(separator, palette.axes)
        put(" \(focus.rawValue.uppercased()) ", palette.highlight.adding(.reverse))
        put(" ", palette.text)
        put(focused.displayPhase.rawValue, phaseStyle(focused.displayPhase))
        put(separator, palette.axes)
        put("epoch \(epochText(focused))", palette.text)
        if focused.displayPhase == .training, focused.stepsPerSecond > 0 {
            put(separator, palette.axes)
            put("\(Int(focused.stepsPerSecond.rounded())) step/s", palette.text)
        }
        put(separator, palette.axes)
        put(Format.duration(focused.elapsed(now: now)), palette.text)
        for other in runs where other.model != focus {
            put(separator, palette.axes)
            put("\(other.model.rawValue) \(other.displayPhase.rawValue) \(epochText(other))", palette.muted)
        }
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
