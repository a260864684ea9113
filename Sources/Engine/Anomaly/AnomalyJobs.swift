import Dispatch
import Synchronization

/// One model to train and score: a split and the config (whose `model` says which kind).
public struct AnomalyJob: Sendable {
    public var split: AnomalySplit
    public var config: TrainingConfig

    public init(split: AnomalySplit, config: TrainingConfig) {
        self.split = split
        self.config = config
    }

    /// The jobs of a split: the standard model, and the supervised one too when several digits are
    /// normal (their labels exist, so the supervised signal can be compared).
    public static func jobs(for splits: [AnomalySplit], config: TrainingConfig) -> [AnomalyJob] {
        splits.flatMap { split in
            (split.isOneClass ? [ModelKind.standard] : [.standard, .supervised]).map { kind in
                var jobConfig = config
                jobConfig.model = kind
                return AnomalyJob(split: split, config: jobConfig)
            }
        }
    }
}

/// Runs anomaly jobs `parallel` at a time, each on its own thread with its own GEMM, in job order.
public final class AnomalyJobRunner: Sendable {
    public let jobs: [AnomalyJob]
    public let parallel: Int
    public let threadsPerJob: Int
    private let data: MNIST
    private let settings: AnomalyExperiment.Settings
    private let controls: [TrainingControl]
    private let next = Mutex(0)

    public init(jobs: [AnomalyJob], data: MNIST, settings: AnomalyExperiment.Settings, parallel: Int, threadsPerJob: Int) {
        self.jobs = jobs
        self.data = data
        self.settings = settings
        self.parallel = max(1, min(parallel, jobs.count))
        self.threadsPerJob = max(1, threadsPerJob)
        controls = jobs.map { _ in TrainingControl() }
    }

    /// Stops every job after its current batch; jobs not started yet are skipped.
    public func stop() {
        next.withLock { $0 = jobs.count }
        controls.forEach { $0.stop() }
    }

    public func control(of job: Int) -> TrainingControl { controls[job] }

    /// Blocks until every job has run. `onEvent` and `onFinish` are called on the job's thread.
    public func run(live: LiveSnapshots? = nil,
                    onEvent: @escaping @Sendable (Int, TrainingEvent) -> Void = { _, _ in },
                    onFinish: @escaping @Sendable (Int, AnomalyRun) -> Void) {
        DispatchQueue.concurrentPerform(iterations: parallel) { _ in
            while true {
                let index: Int = next.withLock { value in
                    defer { value += 1 }
                    return value
                }
                guard index < jobs.count else { return }
                let job = jobs[index]
                let run = AnomalyExperiment.run(config: job.config, split: job.split, data: data, settings: settings,
                                                gemm: GEMM(threads: threadsPerJob), control: controls[index], live: live) {
                    onEvent(index, $0)
                }
                onFinish(index, run)
            }
        }
    }
}
