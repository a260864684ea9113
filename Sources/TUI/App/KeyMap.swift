/// A key as the backend reports it.
public enum KeyInput: Equatable, Sendable {
    case character(Unicode.Scalar)
    case tab
    case backTab
    case escape
    case enter
    case up
    case down
    /// The terminal changed size.
    case resize
}

/// The lab's own keys, the same on every screen.
public enum LabAction: Equatable, Sendable {
    case toggleHelp, closeHelp, nextTheme, quit, resize
}

/// What the user asks of the training screen.
public enum Action: Equatable, Sendable {
    case switchFocus, toggleCompare, togglePause, restart, raiseLearningRate, lowerLearningRate
    case toggleLogScale, cycleMarkers, save
}

/// The keys of the lab; the help overlay and the README list the same.
public enum KeyMap {
    /// The keys every screen shares, after the screen's own in the footer and the help.
    public static let labKeys: [KeyHelp] = [
        KeyHelp("t", "theme", "next colour theme"),
        KeyHelp("?", "help", "this help (Esc closes it too)"),
        KeyHelp("q", "quit", "quit: stop what runs, save it, restore the terminal"),
    ]

    public static func labAction(for key: KeyInput) -> LabAction? {
        switch key {
        case .escape: .closeHelp
        case .resize: .resize
        case .character("t"), .character("T"): .nextTheme
        case .character("?"): .toggleHelp
        case .character("q"), .character("Q"), .character("\u{03}"): .quit
        default: nil
        }
    }

    /// The training screen's keys.
    public static let trainKeys: [KeyHelp] = [
        KeyHelp("Tab", "run", "switch focus: standard <-> supervised"),
        KeyHelp("c", "compare", "compare view: both latent spaces side by side"),
        KeyHelp("space", "pause", "pause / resume the focused run"),
        KeyHelp("r", "restart", "restart the focused run (the stopped one is saved)"),
        KeyHelp("+/-", "lr", "raise / lower its learning rate (x2, /2)"),
        KeyHelp("l", "log", "loss chart: linear / log scale"),
        KeyHelp("m", "markers", "latent markers: dots / digits"),
        KeyHelp("w", "save", "save the focused run now"),
    ]

    public static func action(for key: KeyInput) -> Action? {
        switch key {
        case .tab, .backTab: .switchFocus
        case .character(let scalar):
            switch scalar {
            case "c", "C": .toggleCompare
            case " ": .togglePause
            case "r": .restart
            case "+", "=": .raiseLearningRate
            case "-": .lowerLearningRate
            case "l", "L": .toggleLogScale
            case "m", "M": .cycleMarkers
            case "w", "W": .save
            default: nil
            }
        default: nil
        }
    }
}
