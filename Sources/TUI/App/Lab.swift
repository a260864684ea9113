import Engine
import Foundation

/// What the lab is started with.
public struct LabOptions: Sendable {
    /// One config per run (standard and supervised).
    public var configs: [TrainingConfig]
    public var environment: RunEnvironment
    public var themes: ThemeCatalog
    public var ascii: Bool
    public var noColor: Bool
    public var framesPerSecond: Int

    public init(configs: [TrainingConfig], environment: RunEnvironment, themes: ThemeCatalog, ascii: Bool, noColor: Bool,
                framesPerSecond: Int) {
        self.configs = configs
        self.environment = environment
        self.themes = themes
        self.ascii = ascii
        self.noColor = noColor
        self.framesPerSecond = framesPerSecond
    }
}

/// The live lab: opens the terminal, trains every run on its own queue, runs the main loop, and
/// always gives the terminal back, whatever ends it.
public enum Lab {
    public static func run(_ options: LabOptions) throws -> Int32 {
        try show(themes: options.themes, ascii: options.ascii, noColor: options.noColor,
                 framesPerSecond: options.framesPerSecond) { display in
            let runs = options.configs.map { TrainingRun(config: $0, environment: options.environment) }
            runs.forEach { $0.start() }
            return TrainScreen(runs: runs, display: display)
        }
    }

    /// Opens the terminal on the screen `makeScreen` builds once the display is known (it starts
    /// whatever the screen shows), runs the main loop, and prints what the screens report at the end.
    public static func show(themes: ThemeCatalog, ascii: Bool, noColor: Bool, framesPerSecond: Int,
                            makeScreen: (DisplayMode) -> LabScreen) throws -> Int32 {
        let signals = SignalWatcher()
        let backend = try NcursesBackend(ascii: ascii, noColor: noColor)
        let controller = LabController(backend: backend, screens: [makeScreen(backend.display)],
                                       themes: themes, signals: signals, framesPerSecond: framesPerSecond)
        let exit = controller.run()
        backend.close()
        // After a hangup there is no terminal left to tell.
        guard exit.signal != SIGHUP else { return 0 }
        exit.lines.forEach { print($0) }
        return 0
    }
}
