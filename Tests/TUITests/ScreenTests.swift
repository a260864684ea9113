@testable import Engine
import Foundation
import TestSupport
import Testing
@testable import TUI

/// A screen that only says it was opened, for the screens that open others.
private final class OpenedScreen: LabScreen {
    let folder: URL
    init(_ folder: URL) { self.folder = folder }
    var keys: [KeyHelp] { [] }
    func handle(_ key: KeyInput, now: Double) -> ScreenResponse { .ignored }
    func frameKey(now: Double) -> AnyHashable { folder }
    func draw(into canvas: inout Canvas, in body: Rect, context: RenderContext, now: Double) {}
}

@Suite struct RunsBrowserTests {
    static func browser(_ directory: URL, opened: @escaping (URL) -> Void = { _ in }) -> RunsBrowserScreen {
        RunsBrowserScreen(runsDirectory: directory, sort: .name, display: TestContext.braille.display) { folder in
            opened(folder)
            return OpenedScreen(folder)
        }
    }

    static func render(_ screen: LabScreen, width: Int = 120, height: Int = 40, context: RenderContext = TestContext.braille) -> String {
        var canvas = Canvas(width: width, height: height)
        screen.draw(into: &canvas, in: Rect(x: 0, y: 0, width: width, height: height - 1), context: context, now: 0)
        return canvas.text
    }

    @Test func listsRunsAndDamagedFoldersThenMarksComparesAndOpens() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SavedRuns.save(in: directory, model: .supervised, learningRate: 0.01, losses: [0.9, 0.5, 0.4])
        try SavedRuns.save(in: directory, model: .supervised, learningRate: 0.001, losses: [0.9, 0.7, 0.6])
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("notes"), withIntermediateDirectories: true)
        var opened: [URL] = []
        let browser = Self.browser(directory) { opened.append($0) }

        let listed = Self.render(browser)
        #expect(listed.contains(" RUNS  3 of 3 runs"))
        #expect(listed.contains("notes (damaged: not a run: no config.json)"))
        #expect(listed.contains("-supervised-val_acc=0.900") && listed.contains("supervised  finished  3/3     0.40000   90.00%"))
        #expect(listed.contains("mark two runs or more to compare them"))

        #expect(browser.handle(.character(" "), now: 0).isHandled)
        #expect(browser.handle(.down, now: 0).isHandled)
        #expect(browser.handle(.character(" "), now: 0).isHandled)
        let compared = Self.render(browser)
        #expect(compared.contains("2 marked"))
        #expect(compared.contains("learning_rate  0.01"))
        #expect(compared.contains("validation accuracy (%)"))
        #expect(compared.contains("1 ━━ ") && compared.contains("2 ━━ "))

        guard case .open = browser.handle(.enter, now: 0) else {
            Issue.record("Enter did not open the run")
            return
        }
        #expect(opened.count == 1 && opened[0].lastPathComponent.contains("supervised"))
        // A damaged folder cannot be opened or marked; it says why.
        _ = browser.handle(.down, now: 0)
        guard case .message(let text, true) = browser.handle(.enter, now: 0) else {
            Issue.record("a damaged run was opened")
            return
        }
        #expect(text.contains("not a run"))
    }

    @Test func sortAndFilterCycle() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SavedRuns.save(in: directory, model: .standard, learningRate: 0.01, losses: [0.2, 0.1])
        try SavedRuns.save(in: directory, model: .supervised, learningRate: 0.01, losses: [0.9, 0.5])
        let browser = Self.browser(directory)
        #expect(browser.modeLabels == ["sort name", "all models"])
        _ = browser.handle(.character("s"), now: 0)
        #expect(browser.modeLabels.first == "sort model")
        _ = browser.handle(.character("f"), now: 0)
        #expect(Self.render(browser).contains("1 of 2 runs"))
        #expect(browser.modeLabels.last == "only standard")
        _ = browser.handle(.character("f"), now: 0)
        _ = browser.handle(.character("f"), now: 0)
        #expect(Self.render(browser).contains("2 of 2 runs"))
    }

    @Test func anEmptyFolderSaysSoAt80x24WithoutColour() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = Self.render(Self.browser(directory), width: 80, height: 24, context: TestContext.ascii)
        #expect(text.contains("no runs in"))
        #expect(text.contains("+ runs (sorted by name)"))
    }
}

@Suite(.timeLimit(.minutes(1))) struct SearchScreenTests {
    /// A search whose trials have all run: the screen's runner returns at once.
    static func finishedSearch(in directory: URL) throws -> SearchStore {
        var grid = SearchGrid()
        try grid.set(.optimizer, ["adam", "sgd"], base: TrainingConfig())
        try grid.set(.lr, ["0.01", "0.001"], base: TrainingConfig())
        var manifest = try SearchManifest(grid: grid, base: TrainingConfig(), random: nil, searchSeed: 1)
        for index in manifest.trials.indices {
            let accuracy = [0.9, 0.8, 0.3, 0.2][index]
            manifest.trials[index].state = index == 2 ? .earlyStopped : .finished
            manifest.trials[index].valLoss = Float(1 - accuracy)
            manifest.trials[index].valAccuracy = accuracy
            manifest.trials[index].bestEpoch = 3
            manifest.trials[index].epochsRun = 3
            manifest.trials[index].run = "run-\(index)"
            manifest.trials[index].lossCurve = [1, 0.8, Float(1 - accuracy)]
            manifest.trials[index].accuracyCurve = [0.1, accuracy / 2, accuracy]
        }
        let store = try SearchStore.openOrCreate(directory: directory.appendingPathComponent("search"), manifest: manifest)
        // The trials' run folders exist, or a resumed search would train them again.
        for trial in manifest.trials {
            try FileManager.default.createDirectory(at: store.directory.appendingPathComponent(trial.run!), withIntermediateDirectories: false)
        }
        return store
    }

    static func settled(_ screen: SearchScreen) {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            _ = screen.update(now: 1)
            if RunsBrowserTests.render(screen).contains("finished │") { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    @Test func theLeaderboardTheTop5AndOpeningATrial() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.finishedSearch(in: directory)
        var opened: [URL] = []
        let runner = SearchRunner(store: store, data: try MNIST.load(directory: TUITestData.mnist, trainCount: 10, validationCount: 10),
                                  dataDirectory: TUITestData.mnist)
        let screen = SearchScreen(runner: runner, shard: .whole) { folder in
            opened.append(folder)
            return OpenedScreen(folder)
        }
        Self.settled(screen)
        let text = RunsBrowserTests.render(screen)
        #expect(text.contains(" SEARCH  finished │ 4/4 trials done │ 0:00 │ ") && !text.contains("shard"), "no shard without sharding")
        #expect(text.contains("rank  optimizer  lr     val_loss  val_acc"))
        #expect(text.contains("1     adam       0.01"))
        #expect(text.contains("early-stopped"))
        #expect(text.contains("validation accuracy (%) of the top 4 trials"))
        #expect(text.contains("1 ━━ adam lr=0.01"))
        #expect(text.contains("no trial running"))
        _ = screen.handle(.down, now: 1)
        guard case .open = screen.handle(.enter, now: 1) else {
            Issue.record("Enter did not open the trial")
            return
        }
        #expect(opened.map(\.lastPathComponent) == ["run-1"])
        #expect(screen.close(within: .within(5)).lines.contains { $0.contains("1     adam       0.01") })
    }

    @Test func aRunningTrialShowsProgressAndETA() {
        var config = TrainingConfig()
        config.epochs = 4
        var run = RunSnapshot(config: config)
        run.epoch = 2
        run.batch = 50
        run.batchesPerEpoch = 100
        run.startedAt = 0
        let trial = TrialRecord(index: 6, gridIndex: 6, values: ["lr": "0.01"], model: .supervised)
        var manifest = try! SearchManifest(grid: SearchGrid(), base: TrainingConfig(), random: nil, searchSeed: 1)
        manifest.grid = ["lr": ["0.01", "0.1"]]
        var canvas = Canvas(width: 60, height: 3)
        RunningTrialsWidget(running: [SearchMonitor.Running(trial: trial, run: run)], board: Leaderboard(manifest: manifest), now: 15,
                            context: TestContext.ascii).draw(into: &canvas, in: canvas.bounds)
        #expect(canvas.row(0).hasPrefix("#7 lr=0.01"))
        // 1.5 of 4 epochs in 15 s: 25 s to go.
        #expect(canvas.row(1).hasPrefix("###########-------------------"))
        #expect(canvas.row(1).contains("epoch 2/4 ETA 0:25"))
    }
}

enum TUITestData {
    static let mnist = TestSupport.bundledMNIST
}

extension ScreenResponse {
    var isHandled: Bool {
        if case .handled = self { return true }
        return false
    }
}
