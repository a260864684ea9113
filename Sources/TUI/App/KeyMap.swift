/// A key as the backend reports it.
public enum KeyInput: Hashable, Sendable {
    case character(Unicode.Scalar)
    case tab
    case backTab
    case escape
    case enter
    case up
    case down
    case left
    case right
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
    case toggleLogScale, cycleMarkers, save, openRuns, openAnomaly, applyFix
    case openExplorer, earlierEpoch, laterEpoch, playTimeLapse
}

/// What the user asks of a screen that lists things (the search leaderboard, the runs browser).
public enum ListAction: Equatable, Sendable {
    case up, down, open, mark, cycleSort, cycleFilter
}

/// What the user asks of the latent explorer.
public enum ExplorerAction: Equatable, Sendable {
    case left, right, up, down, pin, clearPins
}

/// What the user asks of the anomaly screen.
public enum AnomalyAction: Equatable, Sendable {
    case nextEntry, previousEntry, nextScore, lowerThreshold, raiseThreshold, resetThreshold
}

/// A key as the help overlay, the footer and the README name it, whatever its screen's actions.
public struct KeyHelp: Equatable, Sendable {
    /// The key as people read it: `Tab`, `space`, `+ / -`.
    public let label: String
    /// One line for the help overlay and the README's key table (they must agree; a test checks).
    public let help: String
    /// The footer's short label; nil keeps the key out of the footer.
    public let footer: String?
    /// Kept in the footer's narrowest form.
    public let essential: Bool
}

/// One entry of a screen's keys: the inputs and the actions they trigger, and how they are named.
public struct KeyBinding<Action: Sendable>: Sendable {
    public let description: KeyHelp
    public let triggers: [(key: KeyInput, action: Action)]

    init(_ label: String, footer: String?, essential: Bool = false, _ help: String, _ triggers: [(key: KeyInput, action: Action)]) {
        description = KeyHelp(label: label, help: help, footer: footer, essential: essential)
        self.triggers = triggers
    }

    /// The same binding under the footer label `footer`.
    func inFooter(_ footer: String) -> KeyBinding {
        KeyBinding(description.label, footer: footer, essential: description.essential, description.help, triggers)
    }
}

/// A screen's key bindings: the key map, and the help overlay's and footer's entries, from one list.
public struct KeyTable<Action: Sendable>: Sendable {
    public let bindings: [KeyBinding<Action>]
    private let actions: [KeyInput: Action]

    init(_ bindings: [KeyBinding<Action>]) {
        self.bindings = bindings
        var table: [KeyInput: Action] = [:]
        for binding in bindings {
            for trigger in binding.triggers {
                precondition(table[trigger.key] == nil, "key \(trigger.key) is bound twice")
                table[trigger.key] = trigger.action
            }
        }
        actions = table
    }

    public func action(for key: KeyInput) -> Action? { actions[key] }
    public var help: [KeyHelp] { bindings.map(\.description) }
}

/// The lab's key tables. Letters are lower case: capitals are kept for opening screens.
public enum KeyMap {
    /// The keys every screen shares; the footer and the help list them after the screen's own.
    public static let lab = KeyTable<LabAction>([
        KeyBinding("t", footer: "theme", "next colour theme (a broken theme file is reported and skipped)", [(.character("t"), .nextTheme)]),
        KeyBinding("?", footer: "help", essential: true, "this help (Esc closes it)", [(.character("?"), .toggleHelp), (.escape, .closeHelp)]),
        KeyBinding("q", footer: "quit", essential: true, "quit: stop what runs, save it, restore the terminal",
                   [(.character("q"), .quit), (.character("\u{03}"), .quit)]),
    ])

    /// Resizes reach every screen's owner, the lab, without being a key anyone presses.
    public static func labAction(for key: KeyInput) -> LabAction? { key == .resize ? .resize : lab.action(for: key) }

    /// The training screen's keys.
    public static let train = KeyTable<Action>([
        KeyBinding("Tab", footer: "run", "switch focus: standard <-> supervised (the compare view marks it)", [(.tab, .switchFocus), (.backTab, .switchFocus)]),
        KeyBinding("c", footer: "compare", "compare view: both latent spaces side by side", [(.character("c"), .toggleCompare)]),
        KeyBinding("space", footer: "pause", "pause / resume the focused run", [(.character(" "), .togglePause)]),
        KeyBinding("r", footer: "restart", "restart the focused run (the stopped one is saved first)", [(.character("r"), .restart)]),
        KeyBinding("+ / -", footer: "lr", "double / halve its learning rate from the next batch",
                   [(.character("+"), .raiseLearningRate), (.character("="), .raiseLearningRate), (.character("-"), .lowerLearningRate)]),
        KeyBinding("l", footer: "log", "loss chart: linear / log scale", [(.character("l"), .toggleLogScale)]),
        // Out of the footer, which shows the marker style at its right.
        KeyBinding("m", footer: nil, "latent markers: coloured dots / digit glyphs", [(.character("m"), .cycleMarkers)]),
        KeyBinding("w", footer: "save", "save the focused run now (a later save replaces it)", [(.character("w"), .save)]),
        KeyBinding("R", footer: "runs", "the runs browser: every saved run, sort, filter, mark, compare, open", [(.character("R"), .openRuns)]),
        KeyBinding("A", footer: nil, "anomaly screen: the focused model on 0-8, 9 the anomaly",
                   [(.character("A"), .openAnomaly)]),
        // In the footer, named after the fix, only while one is offered (`TrainScreen.keys`).
        KeyBinding("f", footer: nil, "apply the focused run's hint fix (the footer names it when offered)",
                   [(.character("f"), .applyFix)]),
        KeyBinding("M", footer: nil, "latent explorer: decoded manifold, a cursor decoded live, pins",
                   [(.character("M"), .openExplorer)]),
        KeyBinding("[ / ]", footer: nil, "time-lapse: one epoch back / forward (past the last: live again)",
                   [(.character("["), .earlierEpoch), (.character("]"), .laterEpoch)]),
        KeyBinding("p", footer: nil, "play the time-lapse from epoch 1, 4 a second (p pauses / resumes)",
                   [(.character("p"), .playTimeLapse)]),
    ])

    /// The latent explorer's keys.
    public static let explorer = KeyTable<ExplorerAction>([
        KeyBinding("arrows", footer: "move", "move the cursor over the latent plane: its point is decoded live, with the nearest validation digits",
                   [(.left, .left), (.right, .right), (.up, .up), (.down, .down)]),
        KeyBinding("Enter", footer: "pin", "pin the point under the cursor; two pins show the 8 decoded steps between them (a third starts over)",
                   [(.enter, .pin)]),
        KeyBinding("x", footer: "unpin", "clear the pins", [(.character("x"), .clearPins)]),
        KeyBinding("Esc", footer: "back", "back to the lab", []),
    ])

    /// The anomaly screen's keys.
    public static let anomaly = KeyTable<AnomalyAction>([
        KeyBinding("Tab", footer: "model", "next model (or normal digit); Shift-Tab the previous one",
                   [(.tab, .nextEntry), (.backTab, .previousEntry)]),
        KeyBinding("s", footer: "score", "next anomaly score", [(.character("s"), .nextScore)]),
        KeyBinding("<- / ->", footer: "threshold", "move the threshold (the confusion matrix follows)",
                   [(.left, .lowerThreshold), (.right, .raiseThreshold)]),
        KeyBinding("c", footer: nil, "threshold back to the contamination quantile", [(.character("c"), .resetThreshold)]),
        KeyBinding("Esc", footer: "back", "back to the lab (when opened from it)", []),
    ])

    public static func action(for key: KeyInput) -> Action? { train.action(for: key) }

    static let moveAndOpen: [KeyBinding<ListAction>] = [
        KeyBinding("Up / Down", footer: "move", "move the selection (also k / j)",
                   [(.up, .up), (.down, .down), (.character("k"), .up), (.character("j"), .down)]),
        KeyBinding("Enter", footer: "open", "open the selected run: its curves, latent space and reconstructions", [(.enter, .open)]),
    ]

    /// The search screen's keys.
    public static let search = KeyTable<ListAction>(moveAndOpen)

    /// The keys of a saved run's screen: the chart and marker toggles, the explorer and the
    /// time-lapse of the training screen.
    /// A saved run's keys: the training screen's that do not train, each in the footer (there is room).
    public static let runView = KeyTable<Action>(train.bindings.compactMap { binding in
        let footers: [(action: Action, label: String)] = [(.toggleLogScale, "log"), (.cycleMarkers, "markers"), (.openExplorer, "explore"),
                                                          (.earlierEpoch, "epochs"), (.playTimeLapse, "play")]
        return binding.triggers.lazy.compactMap { trigger in footers.first { $0.action == trigger.action }?.label }.first.map(binding.inFooter)
    })

    /// Esc on a screen opened from another, for the screens whose own keys do not name it.
    static let back = KeyHelp(label: "Esc", help: "back to the previous screen", footer: "back", essential: false)

    /// The runs browser's keys.
    public static let runs = KeyTable<ListAction>(moveAndOpen + [
        KeyBinding("space", footer: "mark", "mark / unmark the run: marked runs' curves are overlaid and configs compared", [(.character(" "), .mark)]),
        KeyBinding("s", footer: "sort", "next sort key: date, name, model, val loss, val acc, probe, epochs", [(.character("s"), .cycleSort)]),
        KeyBinding("f", footer: "filter", "filter by model: all, standard, supervised", [(.character("f"), .cycleFilter)]),
    ])
}
