import Dispatch

/// Where a worker pool's time goes, call site by call site: the caller's own part, the slowest
/// worker's part, how long the caller then waited, and the serial time before the call, while
/// every worker idled. On two threads a step is as fast as its slower part plus its serial work,
/// so these four figures show what splitting loses (`aetui bench --breakdown`).
public final class PoolProfile: @unchecked Sendable {
    /// Totals of the calls made with one label, in seconds.
    public struct Site: Codable, Sendable, Equatable {
        public var label: String
        public var calls = 0
        public var callerPart = 0.0
        public var slowestWorkerPart = 0.0
        public var callerWait = 0.0
        public var serialBefore = 0.0

        public init(label: String) { self.label = label }

        enum CodingKeys: String, CodingKey {
            case label, calls
            case callerPart = "caller_part_seconds", slowestWorkerPart = "slowest_worker_part_seconds"
            case callerWait = "caller_wait_seconds", serialBefore = "serial_before_seconds"
        }
    }

    // Written only by the pool's calling thread (calls never overlap), read after the calls end.
    private var sites: [Site] = []
    private var index: [String: Int] = [:]
    private var lastEnd: UInt64 = 0

    public init() { reset() }

    /// Forgets what was recorded; the next call's serial time counts from now.
    public func reset() {
        sites = []
        index = [:]
        lastEnd = Self.now()
    }

    /// The call sites in the order they were first called.
    public var recorded: [Site] { sites }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// One call: it started at `start`, the caller's part ended at `callerDone` and the last
    /// worker at `end`; `slowestWorker` is the longest worker part, in nanoseconds.
    func record(_ label: String, start: UInt64, callerDone: UInt64, end: UInt64, slowestWorker: UInt64) {
        let position: Int
        if let known = index[label] {
            position = known
        } else {
            position = sites.count
            index[label] = position
            sites.append(Site(label: label))
        }
        func seconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }
        sites[position].calls += 1
        sites[position].callerPart += seconds(callerDone - start)
        sites[position].slowestWorkerPart += seconds(slowestWorker)
        sites[position].callerWait += seconds(end - callerDone)
        sites[position].serialBefore += seconds(start >= lastEnd ? start - lastEnd : 0)
        lastEnd = end
    }
}
