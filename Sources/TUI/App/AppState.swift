import Engine

/// What the lab asks of the runs, the themes or the main loop after a key; the state itself
/// changes in `AppState`, which stays free of threads and terminals so it is tested directly.
public enum Effect: Equatable, Sendable {
    case togglePause(ModelKind)
    case restart(ModelKind)
    case scaleLearningRate(ModelKind, by: Float)
    case save(ModelKind)
    case nextTheme
    case relayout
    case quit
}

/// The view state of the lab: focus, view, toggles and the footer message.
public struct AppState: Equatable, Sendable {
    public var focus: ModelKind = .standard
    public var view: ViewMode = .train
    public var showHelp = false
    public var logScale = false
    public var markers: MarkerMode
    public var message: FooterMessage?

    /// How much `+` and `-` change the learning rate.
    public static let learningRateFactor: Float = 2

    public init(markers: MarkerMode = .dots) { self.markers = markers }

    /// Applies an action; returns what else has to happen, if anything.
    public mutating func handle(_ action: Action) -> Effect? {
        switch action {
        case .switchFocus:
            focus = focus == .standard ? .supervised : .standard
        case .toggleCompare:
            view = view == .train ? .compare : .train
        case .toggleHelp:
            showHelp.toggle()
        case .closeHelp:
            showHelp = false
        case .toggleLogScale:
            logScale.toggle()
        case .cycleMarkers:
            let all = MarkerMode.allCases
            markers = all[(all.firstIndex(of: markers)! + 1) % all.count]
        case .togglePause: return .togglePause(focus)
        case .restart: return .restart(focus)
        case .raiseLearningRate: return .scaleLearningRate(focus, by: Self.learningRateFactor)
        case .lowerLearningRate: return .scaleLearningRate(focus, by: 1 / Self.learningRateFactor)
        case .save: return .save(focus)
        case .nextTheme: return .nextTheme
        case .resize: return .relayout
        case .quit: return .quit
        }
        return nil
    }

    /// Shows a message in the footer for a few seconds.
    public mutating func show(_ text: String, isError: Bool = false, now: Double, seconds: Double = 5) {
        message = FooterMessage(text: text, isError: isError, until: now + seconds)
    }

    /// The message if it is still due.
    public func message(at now: Double) -> FooterMessage? {
        message.flatMap { $0.until > now ? $0 : nil }
    }
}
