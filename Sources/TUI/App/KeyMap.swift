/// A key as the backend reports it.
public enum KeyInput: Equatable, Sendable {
    case character(Unicode.Scalar)
    case tab
    case backTab
    case escape
    /// The terminal changed size.
    case resize
}

/// What the user asks for.
public enum Action: Equatable, Sendable {
    case switchFocus, toggleCompare, togglePause, restart, raiseLearningRate, lowerLearningRate
    case toggleLogScale, cycleMarkers, nextTheme, save, toggleHelp, closeHelp, quit, resize
}

/// The keys of the lab; the help overlay and the README list the same.
public enum KeyMap {
    public static func action(for key: KeyInput) -> Action? {
        switch key {
        case .tab, .backTab: .switchFocus
        case .escape: .closeHelp
        case .resize: .resize
        case .character(let scalar):
            switch scalar {
            case "c", "C": .toggleCompare
            case " ": .togglePause
            case "r", "R": .restart
            case "+", "=": .raiseLearningRate
            case "-": .lowerLearningRate
            case "l", "L": .toggleLogScale
            case "m", "M": .cycleMarkers
            case "t", "T": .nextTheme
            case "w", "W": .save
            case "?": .toggleHelp
            case "q", "Q", "\u{03}": .quit
            default: nil
            }
        }
    }
}
