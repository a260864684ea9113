import Engine
import Foundation

/// How the lab looks: the themes `t` cycles, glyphs, colours and the frame rate.
public struct LabDisplay: Sendable {
    public var themes: ThemeCatalog
    public var ascii: Bool
    public var noColor: Bool
    public var framesPerSecond: Int

    public init(themes: ThemeCatalog, ascii: Bool, noColor: Bool, framesPerSecond: Int) {
        self.themes = themes
        self.ascii = ascii
        self.noColor = noColor
        self.framesPerSecond = framesPerSecond
    }
}

/// The live lab: opens the terminal, shows a first screen, runs the main loop, and always gives
/// the terminal back, whatever ends it.
public enum Lab {
    /// Runs the lab on the screen that `first` builds once the terminal's abilities are known.
    public static func run(_ display: LabDisplay, first: (DisplayMode) -> LabScreen) throws -> Int32 {
        let signals = SignalWatcher()
        let backend = try NcursesBackend(ascii: display.ascii, noColor: display.noColor)
        let controller = LabController(backend: backend, screens: [first(backend.display)], themes: display.themes,
                                       signals: signals, framesPerSecond: display.framesPerSecond)
        let exit = controller.run()
        backend.close()
        // A lost save is a run error (1), unless a second signal asked to lose it; a signal gives
        // 128 + its number, as shells report it.
        let status: Int32 = !exit.report.errors.isEmpty && !exit.endedAtOnce ? 1 : exit.signal.map { 128 + $0 } ?? 0
        // After a hangup there is no terminal left to tell.
        guard exit.signal != SIGHUP else { return status }
        exit.report.lines.forEach { print($0) }
        for error in exit.report.errors { FileHandle.standardError.write(Data("aetui: \(error)\n".utf8)) }
        return status
    }

    /// The training lab: one run per config, each on its own queue, on the training screen.
    public static func train(configs: [TrainingConfig], environment: RunEnvironment, display: LabDisplay) throws -> Int32 {
        try run(display) { mode in
            let runs = configs.map { TrainingRun(config: $0, environment: environment) }
            runs.forEach { $0.start() }
            return TrainScreen(runs: runs, display: mode) {
                RunsBrowserScreen(runsDirectory: environment.runsDirectory, display: mode) {
                    try RunViewScreen(directory: $0, data: environment.data, display: mode)
                }
            }
        }
    }
}
