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
        let controller = LabController(backend: backend, runs: runs, themes: options.themes, signals: signals,
                                       framesPerSecond: options.framesPerSecond)
        let exit = controller.run()
        backend.close()
        // A lost save is a run error (1), unless a second signal asked to lose it; a signal gives
        // 128 + its number, as shells report it.
        let lost = !exit.failedSaves.isEmpty || !exit.unfinished.isEmpty
        let status: Int32 = lost && !exit.endedAtOnce ? 1 : exit.signal.map { 128 + $0 } ?? 0
        // After a hangup there is no terminal left to tell.
        guard exit.signal != SIGHUP else { return status }
        for folder in exit.saved { print("saved: \(folder)") }
        for (model, problem) in exit.failedSaves {
            FileHandle.standardError.write(Data("aetui: the \(model.rawValue) run was not saved: \(problem)\n".utf8))
        }
        for model in exit.unfinished {
            let why = exit.endedAtOnce ? "a second signal ended the lab at once" : "it did not stop within \(Int(LabController.stopTimeout)) s"
            print("aetui: the \(model.rawValue) run was not saved: \(why)")
        }
        return status
    }
}
