import Engine

/// What the training screen asks of the runs after a key; the state itself changes in
/// `AppState`, which stays free of threads and terminals so it is tested directly.
public enum Effect: Equatable, Sendable {
    case togglePause(ModelKind)
    case restart(ModelKind)
    case scaleLearningRate(ModelKind, by: Float)
    case save(ModelKind)
    case openAnomaly(ModelKind)
    case openRuns
    case openExplorer(ModelKind)
    /// Time-lapse steps: -1 an epoch back, +1 forward.
    case stepTimeLapse(by: Int)
    case playTimeLapse
    case applyFix(ModelKind)
}

/// The view state of the training screen: focus, view and toggles.
public struct AppState: Hashable, Sendable {
    public var focus: ModelKind = .standard
    public var view: ViewMode = .train
    public var logScale = false
    public var markers: MarkerMode

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
        case .openAnomaly: return .openAnomaly(focus)
        case .openRuns: return .openRuns
        case .openExplorer: return .openExplorer(focus)
        case .earlierEpoch: return .stepTimeLapse(by: -1)
        case .laterEpoch: return .stepTimeLapse(by: 1)
        case .playTimeLapse: return .playTimeLapse
        case .applyFix: return .applyFix(focus)
        }
        return nil
    }
}
