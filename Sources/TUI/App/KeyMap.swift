/// A key as the backend reports it.
public enum KeyInput: Hashable, Sendable {
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

/// One entry of the lab's keys: the inputs and the actions they trigger, and how the help
/// overlay, the footer and the README name them.
public struct KeyBinding: Sendable {
    /// The key as people read it: `Tab`, `space`, `+ / -`.
    public let label: String
    /// One line for the help overlay and the README's key table (they must agree; a test checks).
    public let help: String
    /// The footer's short label; nil keeps the key out of the footer.
    public let footer: String?
    /// Kept in the footer's narrowest form.
    public let essential: Bool
    public let triggers: [(key: KeyInput, action: Action)]

    init(_ label: String, footer: String?, essential: Bool = false, _ help: String, _ triggers: [(key: KeyInput, action: Action)]) {
        self.label = label
        self.help = help
        self.footer = footer
        self.essential = essential
        self.triggers = triggers
    }
}

/// The one table of the lab's keys: the key map, the help overlay, the footer and the README's key
/// table are all built from (or checked against) it. Letters are lower case: capitals are kept
/// for opening screens.
public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding("Tab", footer: "run", "switch focus: standard <-> supervised", [(.tab, .switchFocus), (.backTab, .switchFocus)]),
        KeyBinding("c", footer: "compare", "compare view: both latent spaces side by side", [(.character("c"), .toggleCompare)]),
        KeyBinding("space", footer: "pause", "pause / resume the focused run", [(.character(" "), .togglePause)]),
        KeyBinding("r", footer: "restart", "restart the focused run (the stopped one is saved first)", [(.character("r"), .restart)]),
        KeyBinding("+ / -", footer: "lr", "double / halve its learning rate from the next batch",
                   [(.character("+"), .raiseLearningRate), (.character("="), .raiseLearningRate), (.character("-"), .lowerLearningRate)]),
        KeyBinding("l", footer: "log", "loss chart: linear / log scale", [(.character("l"), .toggleLogScale)]),
        KeyBinding("m", footer: "markers", "latent markers: coloured dots / digit glyphs", [(.character("m"), .cycleMarkers)]),
        KeyBinding("t", footer: "theme", "next colour theme (a broken theme file is reported and skipped)", [(.character("t"), .nextTheme)]),
        KeyBinding("w", footer: "save", "save the focused run now (a later save replaces it)", [(.character("w"), .save)]),
        KeyBinding("?", footer: "help", essential: true, "this help (Esc closes it)", [(.character("?"), .toggleHelp), (.escape, .closeHelp)]),
        KeyBinding("q", footer: "quit", essential: true, "quit: stop both runs, save them, restore the terminal",
                   [(.character("q"), .quit), (.character("\u{03}"), .quit)]),
    ]

    private static let actions: [KeyInput: Action] = {
        var table: [KeyInput: Action] = [.resize: .resize]
        for binding in bindings {
            for trigger in binding.triggers {
                precondition(table[trigger.key] == nil, "key \(trigger.key) is bound twice")
                table[trigger.key] = trigger.action
            }
        }
        return table
    }()

    public static func action(for key: KeyInput) -> Action? { actions[key] }
}
