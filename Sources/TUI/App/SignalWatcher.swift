import Dispatch
import Foundation
import Synchronization

/// Turns Ctrl-C, SIGTERM and SIGHUP into a flag that the main loop reads each frame, so that
/// quitting always goes through the same path: stop, save, restore the terminal.
public final class SignalWatcher {
    public static let quitSignals = [SIGINT, SIGTERM, SIGHUP]

    /// The signal number last raised, 0 for none, and how many arrived; written on a dispatch
    /// queue, read by the loop.
    private final class Flag: Sendable {
        let raised = Atomic<Int32>(0)
        let count = Atomic<Int>(0)
    }

    private let flag = Flag()
    private let sources: [DispatchSourceSignal]

    /// Installs the handlers; do this before opening the terminal, so that ncurses leaves these
    /// signals alone.
    public init() {
        Self.unblock(Self.quitSignals + [SIGWINCH])
        sources = Self.quitSignals.map { [flag] number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .userInteractive))
            source.setEventHandler {
                flag.raised.store(number, ordering: .relaxed)
                flag.count.wrappingAdd(1, ordering: .relaxed)
            }
            source.resume()
            return source
        }
    }

    /// A parent may have started us with signals blocked (test runners' worker threads do);
    /// blocked, they would never arrive, nor would SIGWINCH for ncurses' resizes.
    public static func unblock(_ numbers: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in numbers { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// How many quit signals arrived: one more while quitting means "end at once".
    public var quitCount: Int { flag.count.load(ordering: .relaxed) }

    /// The signal that asked to quit, or nil.
    public var quitSignal: Int32? {
        let value = flag.raised.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    deinit { sources.forEach { $0.cancel() } }
}
