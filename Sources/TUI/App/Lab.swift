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
        let signals = SignalWatcher()
        let backend = try NcursesBackend(ascii: options.ascii, noColor: options.noColor)
        let runs = options.configs.map { TrainingRun(config: $0, environment: options.environment) }
        runs.forEach { $0.start() }
        let controller = LabController(backend: backend, screens: [TrainScreen(runs: runs, display: backend.display)],
                                       themes: options.themes, signals: signals, framesPerSecond: options.framesPerSecond)
        let exit = controller.run()
        backend.close()
        // After a hangup there is no terminal left to tell.
        guard exit.signal != SIGHUP else { return 0 }
        exit.lines.forEach { print($0) }
        return 0
    }
}
