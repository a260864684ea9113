import Dispatch
import Engine
import Foundation
import Synchronization

/// What the anomaly screen shows: anomaly jobs training in the background, a few at a time, each
/// reporting its loss to a `RunMonitor` and, once scored, its report and per-image test scores;
/// every finished model is saved as a run. Or saved anomaly runs, read back without training.
/// The UI thread reads `entries` and the monitors.
public final class AnomalySession: Sendable {
    public enum Phase: Equatable, Sendable {
        case queued, training, scored
        case failed(String)
    }

    /// One job as the screen sees it.
    public struct Entry: Sendable {
        public var split: AnomalySplit
        public var model: ModelKind
        public var phase: Phase = .queued
        public var report: AnomalyReport?
        public var scores: TestScores?
        public var savedFolder: String?
        /// A save that failed (the figures are still shown).
        public var saveError: String?
    }

    /// The t10k images, for the gallery.
    public let test: LabeledImages
    public let monitors: [RunMonitor]
    /// Said on the screen: why these digits are normal (e.g. the lab's hold-out offer).
    public let note: String?
    public let contamination: Double
    private let entriesBox: Mutex<[Entry]>
    /// Nil for saved runs.
    private let runner: AnomalyJobRunner?
    private let environment: RunEnvironment?
    private let saves: Bool
    private let group = DispatchGroup()

    public init(jobs: [AnomalyJob], environment: RunEnvironment, settings: AnomalyExperiment.Settings, parallel: Int,
                threadsPerJob: Int, saves: Bool = true, note: String? = nil) {
        test = environment.data.test
        monitors = jobs.map { RunMonitor(config: $0.config) }
        entriesBox = Mutex(jobs.map { Entry(split: $0.split, model: $0.config.model) })
        runner = AnomalyJobRunner(jobs: jobs, data: environment.data, settings: settings, parallel: parallel,
                                  threadsPerJob: threadsPerJob)
        self.environment = environment
        self.saves = saves
        self.note = note
        contamination = settings.contamination
    }

    /// Saved anomaly runs, shown as they were measured; `test` holds the t10k images for the gallery.
    public init(saved runs: [SavedAnomalyRun], test: LabeledImages) {
        self.test = test
        monitors = runs.map { run in
            var config = TrainingConfig()
            config.model = run.report.model
            return RunMonitor(config: config)
        }
        entriesBox = Mutex(runs.map { run in
            Entry(split: run.report.split, model: run.report.model, phase: .scored, report: run.report, scores: run.scores,
                  savedFolder: run.directory.path)
        })
        runner = nil
        environment = nil
        saves = false
        note = "saved run\(runs.count == 1 ? "" : "s"): " + runs.map(\.directory.lastPathComponent).joined(separator: ", ")
        contamination = runs.first?.report.contamination ?? AnomalyExperiment.Settings().contamination
    }

    public var entries: [Entry] { entriesBox.withLock { $0 } }

    /// True while models train in this session (not for saved runs).
    public var trains: Bool { runner != nil }

    /// Starts the jobs on a background queue; returns at once.
    public func start() {
        guard let runner else { return }
        DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
            runner.run(live: nil, onEvent: { [self] index, event in
                if case .started = event { update(index) { $0.phase = .training } }
                monitors[index].record(event)
            }, onFinish: { [self] index, run in
                finish(index, run)
            })
        }
    }

    /// Stops every job after its current batch (each is still scored and saved).
    public func stop() { runner?.stop() }

    /// Waits until every job has ended and been saved; false on timeout.
    public func wait(timeout seconds: Double) -> Bool { group.wait(timeout: .now() + seconds) == .success }

    private func update(_ index: Int, _ change: (inout Entry) -> Void) {
        entriesBox.withLock { change(&$0[index]) }
    }

    /// On the job's thread: saves the run and publishes its figures.
    private func finish(_ index: Int, _ run: AnomalyRun) {
        var folder: String?
        var problem: String?
        if saves, let environment {
            do {
                folder = try run.save(dataDirectory: environment.dataDirectory, runsDirectory: environment.runsDirectory).path
            } catch {
                problem = "\(error)"
            }
        }
        if let folder { monitors[index].setSaved(folder: folder) }
        let report = run.report, scores = run.testScores
        let failure = report == nil ? "\(run.outcome.status.rawValue): \(run.outcome.message ?? "no figures")" : nil
        update(index) { entry in
            entry.report = report
            entry.scores = scores
            entry.savedFolder = folder
            entry.saveError = problem
            entry.phase = failure.map { .failed($0) } ?? .scored
        }
    }
}
