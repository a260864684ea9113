import CKernels
import Dispatch
import Foundation
import Synchronization

/// Persistent worker threads for splitting one kernel call across cores.
///
/// A training step at batch 48 makes dozens of sub-millisecond calls, so waking threads through
/// the kernel each time costs more than the split gains. Workers spin briefly on an atomic
/// generation counter before they sleep on a semaphore, and the caller spins briefly for their
/// results before it sleeps too: short spins keep a busy machine from losing a core to waiting.
public final class WorkerPool: Sendable {
    public let threads: Int
    /// Spins before a thread sleeps: long enough to bridge the gaps between the GEMMs of a step (a
    /// `pause` is 10-140 cycles depending on the CPU), short enough to give the core back soon
    /// when it is needed elsewhere.
    static let spinLimit = 4_000
    /// When given, every call is timed into it (a diagnostic: it costs a few clock reads a call).
    public let profile: PoolProfile?
    private let shared: Shared

    /// A pool that runs `threads` parts per call: the caller's thread plus `threads - 1` workers.
    public init(threads: Int, profile: PoolProfile? = nil) {
        self.threads = max(1, threads)
        self.profile = profile
        shared = Shared(workers: self.threads - 1, timed: profile != nil)
        for worker in 0..<(self.threads - 1) {
            let shared = self.shared
            let thread = Thread { shared.workerLoop(index: worker) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit { shared.shutDown() }

    /// Runs `job.run(part:)` for part in 0..<threads, part 0 on the calling thread; returns when
    /// all parts finish. A job that any part finishes alone skips the parts whose workers had not
    /// started when part 0 returned. Calls must not overlap (one pool belongs to one training
    /// run). Hot paths reuse one job object per call site, so a training step allocates nothing.
    public func run(_ job: ParallelJob) {
        guard threads > 1 else { return job.run(part: 0) }
        guard let profile else {
            shared.start(job)
            job.run(part: 0)
            return shared.waitForWorkers()
        }
        let start = PoolProfile.now()
        shared.start(job)
        job.run(part: 0)
        let callerDone = PoolProfile.now()
        shared.waitForWorkers()
        profile.record(job.label, start: start, callerDone: callerDone, end: PoolProfile.now(),
                       slowestWorker: shared.slowestWorkerPart())
    }

    /// `run` for a closure, which costs an allocation per call: for work outside the training loop.
    public func run(_ body: @escaping @Sendable (Int) -> Void) {
        run(ClosureJob(body))
    }

    /// The cores this process may use.
    public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Splits 0..<count into `parts` contiguous ranges whose bounds are multiples of `granule`
    /// (except the end), as even as the granule allows.
    public static func split(_ count: Int, parts: Int, granule: Int = 1, part: Int) -> Range<Int> {
        let units = (count + granule - 1) / granule
        let lower = min(count, units * part / parts * granule)
        let upper = min(count, units * (part + 1) / parts * granule)
        return lower..<upper
    }

    /// State the worker threads hold strongly, so they can outlive the pool object safely.
    private final class Shared: @unchecked Sendable {
        // `job` and `flushDenormals` are written before `generation` is released and read after it is acquired.
        private var job: ParallelJob?
        /// The caller's denormal mode, which the workers take for the call: so a part's bits do not
        /// depend on the thread that computes it, flushed (training) or not (an evaluation outside it).
        private var flushDenormals: UInt32 = 0
        private let generation = Atomic<UInt64>(0)
        private let remaining = Atomic<Int>(0)
        private let shuttingDown = Atomic<Bool>(false)
        private let slots: [Slot]
        /// The caller's own sleep flag and semaphore, for when workers take long.
        private let caller = Slot()

        /// Whether workers time their parts (for a `PoolProfile`).
        private let timed: Bool

        /// One worker's sleep flag and wake-up semaphore, the last call it took or was excused
        /// from, and its last part's clock readings.
        private final class Slot: Sendable {
            let sleeping = Atomic<Bool>(false)
            let taken = Atomic<UInt64>(0)
            let wake = DispatchSemaphore(value: 0)
            let partStart = Atomic<UInt64>(0)
            let partEnd = Atomic<UInt64>(0)

            /// Wakes the worker if it announced sleep (exactly one signal per announcement).
            func wakeIfSleeping() {
                if sleeping.exchange(false, ordering: .acquiringAndReleasing) { wake.signal() }
            }

            /// Marks call `generation` taken, by the worker (to run its part) or by the caller (to
            /// excuse it): true for whichever comes first, false for the other.
            func take(_ generation: UInt64) -> Bool {
                var last = taken.load(ordering: .acquiring)
                while last < generation {
                    let (exchanged, original) = taken.compareExchange(expected: last, desired: generation, ordering: .acquiringAndReleasing)
                    if exchanged { return true }
                    last = original
                }
                return false
            }
        }

        init(workers: Int, timed: Bool) {
            slots = (0..<workers).map { _ in Slot() }
            self.timed = timed
        }

        /// The longest part of the call that just ended, in nanoseconds (read after `waitForWorkers`).
        func slowestWorkerPart() -> UInt64 {
            slots.map { $0.partEnd.load(ordering: .relaxed) - $0.partStart.load(ordering: .relaxed) }.max() ?? 0
        }

        func start(_ body: ParallelJob) {
            job = body
            flushDenormals = ae_flush_denormals_enabled()
            remaining.store(slots.count, ordering: .relaxed)
            generation.add(1, ordering: .sequentiallyConsistent)
            slots.forEach { $0.wakeIfSleeping() }
        }

        func waitForWorkers() {
            // A worker that has not taken the call by now would find nothing left to do: the
            // caller's part took every piece. Excused, it is not waited for: on a busy host its
            // core may be running another process, or it may be asleep, for far longer than the call.
            if job?.anyPartFinishesTheJob == true {
                let call = generation.load(ordering: .relaxed)
                for slot in slots where slot.take(call) {
                    slot.partStart.store(0, ordering: .relaxed)
                    slot.partEnd.store(0, ordering: .relaxed)
                    remaining.subtract(1, ordering: .sequentiallyConsistent)
                }
            }
            var spins = 0
            while remaining.load(ordering: .acquiring) > 0 {
                if spins < WorkerPool.spinLimit {
                    spins += 1
                    ae_cpu_relax()
                    continue
                }
                caller.sleeping.store(true, ordering: .sequentiallyConsistent)
                if remaining.load(ordering: .sequentiallyConsistent) == 0 {
                    if !caller.sleeping.exchange(false, ordering: .acquiringAndReleasing) { caller.wake.wait() }
                    break
                }
                caller.wake.wait()
            }
            job = nil
        }

        func shutDown() {
            shuttingDown.store(true, ordering: .releasing)
            generation.add(1, ordering: .sequentiallyConsistent)
            slots.forEach { $0.wakeIfSleeping() }
        }

        func workerLoop(index: Int) {
            let slot = slots[index]
            var seen: UInt64 = 0
            var flushing = ae_flush_denormals_enabled()
            while true {
                var spins = 0
                while generation.load(ordering: .acquiring) == seen {
                    if spins < WorkerPool.spinLimit {
                        spins += 1
                        ae_cpu_relax()
                        continue
                    }
                    // Announce sleep, then re-check: a start() after the announcement signals us.
                    slot.sleeping.store(true, ordering: .sequentiallyConsistent)
                    if generation.load(ordering: .sequentiallyConsistent) != seen {
                        // Take the announcement back; if start() took it first, consume its signal.
                        if !slot.sleeping.exchange(false, ordering: .acquiringAndReleasing) { slot.wake.wait() }
                        break
                    }
                    slot.wake.wait()
                    spins = 0
                }
                seen = generation.load(ordering: .acquiring)
                if shuttingDown.load(ordering: .acquiring) { return }
                // The caller may have finished the call alone and excused this worker from it.
                guard slot.take(seen) else { continue }
                if flushing != flushDenormals {
                    flushing = flushDenormals
                    ae_set_flush_denormals(flushing)
                }
                if timed { slot.partStart.store(PoolProfile.now(), ordering: .relaxed) }
                job?.run(part: index + 1)
                if timed { slot.partEnd.store(PoolProfile.now(), ordering: .relaxed) }
                if remaining.subtract(1, ordering: .sequentiallyConsistent).newValue == 0 {
                    caller.wakeIfSleeping()
                }
            }
        }
    }
}

/// Work a `WorkerPool` splits: `run(part:)` is called once per part, concurrently, and each part
/// must touch only its own share of the output.
public protocol ParallelJob: AnyObject, Sendable {
    func run(part: Int)
    /// What a `PoolProfile` calls this job's current call.
    var label: String { get }
    /// Whether any one part, run alone, does the whole job: its parts take pieces from a shared
    /// pool (`TileClaims`) instead of each doing a fixed share. A worker that has not started by
    /// the time the caller's part returns is then not waited for.
    var anyPartFinishesTheJob: Bool { get }
}

extension ParallelJob {
    public var label: String { "\(Self.self)" }
    public var anyPartFinishesTheJob: Bool { false }
}

private final class ClosureJob: ParallelJob {
    let body: @Sendable (Int) -> Void
    init(_ body: @escaping @Sendable (Int) -> Void) { self.body = body }
    func run(part: Int) { body(part) }
}
