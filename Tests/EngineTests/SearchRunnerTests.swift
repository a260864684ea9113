@testable import Engine
import Foundation
import Synchronization
import TestSupport
import Testing

/// Real searches on a few hundred digits: each trial trains for real and is saved as a run.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SearchRunnerTests {
    static var base: TrainingConfig { TrainingTests.config(.supervised, epochs: 2) }

    static func store(_ lists: [(SearchKey, [String])], base: TrainingConfig = base, in directory: URL) throws -> SearchStore {
        var grid = SearchGrid()
        for (key, list) in lists { try grid.set(key, list, base: base) }
        let manifest = try SearchManifest(grid: grid, base: base, random: nil, searchSeed: 1)
        return try SearchStore.openOrCreate(directory: directory.appendingPathComponent(manifest.folderName), manifest: manifest)
    }

    static func runFolders(_ store: SearchStore) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: store.directory.path).filter { !$0.hasPrefix(".") && $0 != SearchStore.manifestFile }
    }

    static func runner(_ store: SearchStore, shard: Shard = .whole, parallel: Int = 1) -> SearchRunner {
        SearchRunner(store: store, data: TrainingTests.small, dataDirectory: TestSupport.bundledMNIST, shard: shard, parallel: parallel)
    }

    @Test func everyTrialIsASavedRunAndRecorded() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.store([(.optimizer, ["adam", "rmsprop"]), (.lr, ["0.01", "0.002"])], in: directory)
        let finished = Mutex(0)
        let manifest = try Self.runner(store, parallel: 2).run { event in
            if case .trialFinished = event { finished.withLock { $0 += 1 } }
        }
        #expect(finished.withLock { $0 } == 4)
        #expect(manifest.trials.allSatisfy { $0.state == .finished && $0.run != nil && $0.epochsRun == 2 && $0.lossCurve.count == 2 })
        let folders = try Self.runFolders(store)
        #expect(Set(folders) == Set(manifest.trials.compactMap(\.run)))
        let (config, _, summary) = try RunStore.load(store.directory.appendingPathComponent(manifest.trials[3].run!))
        #expect(config.optimizer == .rmsprop && config.learningRate == 0.002)
        #expect(summary?.status == .finished)
        // The same search again has nothing left to do...
        #expect(try Self.runner(store).remainingTrials().isEmpty)
        // ...but a trial whose run folder was deleted since is pending again, saying why.
        try FileManager.default.removeItem(at: store.directory.appendingPathComponent(manifest.trials[1].run!))
        #expect(try Self.runner(store).remainingTrials() == [1])
        let requeued = try store.read().trials[1]
        #expect(requeued.state == .pending && requeued.run == nil && requeued.valLoss == nil)
        #expect(requeued.message?.contains("was deleted") == true)
        #expect(try store.read().trials.filter { $0.index != 1 }.allSatisfy { $0.state == .finished })
    }

    /// A trial "running" in another live process of this host is its; a dead or own one's is not.
    @Test func aRunningTrialBelongsToALiveProcessOnly() {
        let host = ProcessInfo.processInfo.hostName
        #expect(SearchRunner.isLiveElsewhere("\(host):1"), "init is alive")
        #expect(!SearchRunner.isLiveElsewhere("\(host):\(getpid())"), "this process")
        #expect(!SearchRunner.isLiveElsewhere("\(host):2147483646"), "no such process")
        #expect(!SearchRunner.isLiveElsewhere(nil) && !SearchRunner.isLiveElsewhere("garbage"))
        // kill(0) and kill(-1) "succeed": no pid below 1 is anybody's.
        #expect(!SearchRunner.isLiveElsewhere("\(host):0") && !SearchRunner.isLiveElsewhere("\(host):-1"))
    }

    @Test func anInterruptedSearchResumesSkippingFinishedTrialsAndRestartingTheStoppedOne() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.store([(.lr, ["0.01", "0.005", "0.002"])], in: directory)
        let first = Self.runner(store)
        let interrupted = try first.run { event in
            // Interrupt in the middle of the second trial's first epoch, as Ctrl-C would.
            if case .training(1, .batch(1, 5, _, _)) = event { first.stop() }
        }
        #expect(interrupted.trials.map(\.state) == [.finished, .stopped, .pending])
        let stoppedRun = try #require(interrupted.trials[1].run)
        #expect(stoppedRun.contains("-stopped"))

        // The same command again: a fresh store object, as a new process would open it.
        let again = try Self.store([(.lr, ["0.01", "0.005", "0.002"])], in: directory)
        let resumed = Mutex<[Int]>([])
        let final = try Self.runner(again).run { event in
            if case .trialStarted(let trial, _) = event { resumed.withLock { $0.append(trial.index) } }
        }
        #expect(resumed.withLock { $0 } == [1, 2])
        #expect(final.trials.map(\.state) == [.finished, .finished, .finished])
        #expect(final.trials[0].run == interrupted.trials[0].run)
        // The stopped run was replaced, not kept beside the finished one.
        #expect(!FileManager.default.fileExists(atPath: store.directory.appendingPathComponent(stoppedRun).path))
        #expect(try Self.runFolders(store).count == 3)
    }

    @Test func twoShardsAtOnceIntoOneFolder() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lists: [(SearchKey, [String])] = [(.optimizer, ["adam", "sgd"]), (.lr, ["0.01", "0.005", "0.002"])]
        // Each shard opens the search itself, as two processes started at once would.
        let stores = try (0..<2).map { _ in try Self.store(lists, in: directory) }
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { shard in
            do {
                try Self.runner(stores[shard], shard: Shard(index: shard, count: 2)).run()
            } catch {
                errors.withLock { $0.append("\(error)") }
            }
        }
        #expect(errors.withLock { $0 }.isEmpty)
        let manifest = try stores[0].read()
        #expect(manifest.trials.count == 6)
        #expect(manifest.trials.allSatisfy { $0.state == .finished && $0.run != nil })
        #expect(Set(try Self.runFolders(stores[0])) == Set(manifest.trials.compactMap(\.run)))
    }

    @Test func aDivergedTrialIsRecordedAndTheSearchGoesOn() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var base = Self.base
        base.optimizer = .sgd
        let store = try Self.store([(.lr, ["1e20", "0.01"])], base: base, in: directory)
        let manifest = try Self.runner(store).run()
        #expect(manifest.trials.map(\.state) == [.diverged, .finished])
        #expect(manifest.trials[0].message?.contains("diverged") == true)
        let board = Leaderboard(manifest: manifest)
        #expect(board.entries.last?.trial.index == 0)
        #expect(board.entries.first?.rank == 1)
    }

    @Test func patienceStopsATrialEarlyAndTheBoardSaysSo() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var base = TrainingTests.config(.supervised, epochs: 20)
        base.optimizer = .sgd
        base.patience = 1
        let store = try Self.store([(.lr, ["1e-7"]), (.seed, ["1", "2"])], base: base, in: directory)
        let manifest = try Self.runner(store).run()
        #expect(manifest.trials.allSatisfy { $0.state == .earlyStopped && ($0.epochsRun ?? 99) < 20 })
        #expect(manifest.trials.allSatisfy { $0.bestEpoch != nil })
    }

    /// A search whose folder is deleted while it runs stops and says why, creates no folder again
    /// to save a run into, and still knows the trials it had recorded.
    @Test func aSearchWhoseFolderIsDeletedStopsAndSaysWhy() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.store([(.lr, ["0.01", "0.005", "0.002"])], in: directory)
        let started = Mutex(0)
        #expect {
            try Self.runner(store).run { event in
                switch event {
                case .trialStarted: started.withLock { $0 += 1 }
                case .training(let trial, .epoch) where trial == 1: try? FileManager.default.removeItem(at: store.directory)
                default: break
                }
            }
        } throws: { error in
            (error as? SearchFolderGone)?.description.contains("disappeared while the search ran") == true
        }
        #expect(started.withLock { $0 } == 2, "no trial starts after the folder is gone")
        #expect(!FileManager.default.fileExists(atPath: store.directory.path), "the trial's run was not saved into a new folder")
        let known = try #require(store.lastKnown)
        #expect(known.trials.map(\.state) == [.finished, .running, .pending])
        #expect(known.trials[0].run != nil && known.trials[0].valLoss != nil)
    }

    @Test func aFolderHoldingAnotherSearchIsRefused() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.store([(.lr, ["0.01"])], in: directory)
        var grid = SearchGrid()
        try grid.set(.lr, ["0.5"], base: Self.base)
        let other = try SearchManifest(grid: grid, base: Self.base, random: nil, searchSeed: 1)
        #expect(throws: SearchError.self) { try SearchStore.openOrCreate(directory: store.directory, manifest: other) }
    }
}
