import Dispatch
import Foundation
import Synchronization

/// What a running search tells its observer, on the trials' threads.
public enum SearchEvent: Sendable {
    case trialStarted(TrialRecord, TrainingConfig)
    /// Every event of a running trial's trainer (batches, epochs, …), for a live view.
    case training(trial: Int, TrainingEvent)
    case trialFinished(TrialRecord)
}

/// Runs a search's unfinished trials of one shard, `parallel` at once, each a normal trainer saved
/// as a normal run in the search folder, and records each trial's state in `search.json`.
public final class SearchRunner: Sendable {
    public let store: SearchStore
    private let data: MNIST
    private let dataDirectory: String
    private let shard: Shard
    private let parallel: Int
    private let threads: Int

    private struct State {
        var stopRequested = false
        var controls: [Int: TrainingControl] = [:]
        var pending: [Int] = []
        var errors: [String] = []
        /// Set once the search's folder is found gone: then nothing else can be recorded.
        var gone: SearchFolderGone?
    }

    private let state = Mutex(State())

    /// `threads` is per trial: the math threads of each trial's GEMM.
    public init(store: SearchStore, data: MNIST, dataDirectory: String, shard: Shard = .whole, parallel: Int = 1, threads: Int = 1) {
        self.store = store
        self.data = data
        self.dataDirectory = dataDirectory
        self.shard = shard
        self.parallel = max(1, parallel)
        self.threads = max(1, threads)
    }

    /// Starts no more trials and stops the running ones after their current batch (they are
    /// saved as stopped, and run again when the search is resumed).
    public func stop() {
        let controls = state.withLock { state in
            state.stopRequested = true
            return Array(state.controls.values)
        }
        controls.forEach { $0.stop() }
    }

    public var isStopRequested: Bool { state.withLock { $0.stopRequested } }

    /// The trials this shard still has to run, in index order: not done, or done but with their
    /// run folder deleted since (those are set back to pending, saying so, and run again).
    public func remainingTrials() throws -> [Int] {
        let lost = { (trial: TrialRecord) in
            trial.state.isDone && trial.run.map { !FileManager.default.fileExists(atPath: self.store.directory.appendingPathComponent($0).path) } == true
        }
        var manifest = try store.read()
        if manifest.trials.contains(where: { shard.contains($0.index) && lost($0) }) {
            manifest = try store.update { manifest in
                for index in manifest.trials.indices where shard.contains(manifest.trials[index].index) && lost(manifest.trials[index]) {
                    let deleted = manifest.trials[index].run!
                    manifest.trials[index] = manifest.trials[index].cleared
                    manifest.trials[index].message = "its run folder \(deleted) was deleted: trained again"
                }
            }
        }
        return manifest.trials.filter { shard.contains($0.index) && !$0.state.isDone }.map(\.index)
    }

    /// Runs the remaining trials and returns the manifest at the end; throws the errors that
    /// stopped trials from being run or recorded, one a line (the other trials still ran), or
    /// `SearchFolderGone`, which stops the search.
    @discardableResult
    public func run(observer: @escaping @Sendable (SearchEvent) -> Void = { _ in }) throws -> SearchManifest {
        let remaining = try remainingTrials()
        state.withLock { $0.pending = remaining }
        let group = DispatchGroup()
        let queue = DispatchQueue(label: "aetui.search", qos: .userInitiated, attributes: .concurrent)
        for _ in 0..<min(parallel, max(1, remaining.count)) {
            queue.async(group: group) { [self] in
                while let index = nextTrial() {
                    do {
                        try runTrial(index, observer: observer)
                    } catch let gone as SearchFolderGone {
                        stop()
                        state.withLock { $0.gone = gone }
                    } catch {
                        state.withLock { $0.errors.append("trial \(index): \(error)") }
                    }
                }
            }
        }
        group.wait()
        let (errors, gone) = state.withLock { ($0.errors, $0.gone) }
        if let gone { throw gone }
        if !errors.isEmpty { throw SearchError(errors.joined(separator: "\n")) }
        return try store.read()
    }

    private func nextTrial() -> Int? {
        state.withLock { state in
            guard !state.stopRequested, !state.pending.isEmpty else { return nil }
            return state.pending.removeFirst()
        }
    }

    /// Whether `worker` ("host:pid") is another process of this host that is still running. One
    /// of another host cannot be asked: its trial is taken (a crashed worker leaves "running").
    static func isLiveElsewhere(_ worker: String?) -> Bool {
        guard let worker, let colon = worker.lastIndex(of: ":"), let pid = Int32(worker[worker.index(after: colon)...]),
              String(worker[..<colon]) == ProcessInfo.processInfo.hostName, pid != getpid() else { return false }
        return RunFiles.isRunning(pid: pid)
    }

    private func runTrial(_ index: Int, observer: @escaping @Sendable (SearchEvent) -> Void) throws {
        let worker = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        var claimed: TrialRecord?
        let manifest = try store.update { manifest in
            // Another process may have taken it since this one listed it: a search started twice
            // on one folder without --shard must not train a trial twice.
            let current = manifest.trials[index]
            if current.state.isDone || (current.state == .running && Self.isLiveElsewhere(current.worker)) { return }
            // A stopped trial trains again from the start: its earlier figures go (its folder is
            // kept, to be replaced by the new run's).
            let earlier = manifest.trials[index].run
            manifest.trials[index] = manifest.trials[index].cleared
            manifest.trials[index].state = .running
            manifest.trials[index].worker = worker
            manifest.trials[index].run = earlier
            claimed = manifest.trials[index]
        }
        guard var trial = claimed else { return }
        let config = try manifest.config(of: trial)
        let previous = trial.run.map { store.directory.appendingPathComponent($0) }
        let control = TrainingControl()
        let stopNow = state.withLock { state in
            state.controls[index] = control
            return state.stopRequested
        }
        if stopNow { control.stop() }
        defer { _ = state.withLock { $0.controls.removeValue(forKey: index) } }
        observer(.trialStarted(trial, config))

        let gemm = GEMM(threads: threads)
        let trainer = Trainer(config: config, data: data, gemm: gemm, control: control) { event in
            observer(.training(trial: index, event))
        }
        let outcome = trainer.run()
        guard store.isPresent else { throw SearchFolderGone(directory: store.directory) }
        var folder: String?
        var saveError: Error?
        do {
            folder = try RunStore.save(config: config, outcome: outcome, model: trainer.model, kernel: gemm.kernel.name,
                                       threads: gemm.threads, dataDirectory: dataDirectory, runsDirectory: store.directory,
                                       replacing: previous).lastPathComponent
        } catch {
            saveError = error
        }
        trial.record(outcome, run: folder)
        if let saveError {
            // Not in the search folder, so not finished: a resumed search trains it again.
            trial.state = .stopped
            trial.message = "not saved: \(saveError)"
        }
        let recorded = trial
        try store.update { $0.trials[index] = recorded }
        observer(.trialFinished(recorded))
        if let saveError { throw saveError }
    }
}
