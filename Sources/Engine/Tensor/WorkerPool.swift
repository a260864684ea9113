import Dispatch
import Foundation

/// Persistent worker threads for splitting one large kernel call across cores.
///
/// Spawning work per call (`concurrentPerform`) costs more than it gains on the small GEMMs of a
/// batch-48 step, so the workers live as long as the pool and are woken by semaphores.
public final class WorkerPool: Sendable {
    public let threads: Int
    private let shared: Shared

    /// A pool that runs `threads` parts per call: the caller's thread plus `threads - 1` workers.
    public init(threads: Int) {
        self.threads = max(1, threads)
        shared = Shared(workers: self.threads - 1)
        for worker in 0..<(self.threads - 1) {
            let shared = self.shared
            let thread = Thread { shared.workerLoop(index: worker) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit { shared.shutDown() }

    /// Runs `body(part)` for part in 0..<threads, part 0 on the calling thread; returns when all
    /// parts finish. Calls must not overlap (one pool belongs to one training run).
    public func run(_ body: @escaping @Sendable (Int) -> Void) {
        guard threads > 1 else { return body(0) }
        shared.start(body)
        body(0)
        shared.waitForWorkers()
    }

    /// The cores this process may use.
    public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// State the worker threads hold strongly, so they can outlive the pool object safely.
    private final class Shared: @unchecked Sendable {
        // Written by the caller before the wake semaphores are signalled and read by workers after
        // they wait on them: the semaphores order every access.
        private var job: (@Sendable (Int) -> Void)?
        private var shuttingDown = false
        private let wake: [DispatchSemaphore]
        private let done = DispatchSemaphore(value: 0)

        init(workers: Int) { wake = (0..<workers).map { _ in DispatchSemaphore(value: 0) } }

        func start(_ body: @escaping @Sendable (Int) -> Void) {
            job = body
            wake.forEach { $0.signal() }
        }

        func waitForWorkers() {
            for _ in wake { done.wait() }
            job = nil
        }

        func shutDown() {
            shuttingDown = true
            wake.forEach { $0.signal() }
        }

        func workerLoop(index: Int) {
            while true {
                wake[index].wait()
                if shuttingDown { return }
                job?(index + 1)
                done.signal()
            }
        }
    }
}
