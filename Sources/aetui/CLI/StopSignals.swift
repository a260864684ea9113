import Dispatch
import Engine
import Foundation
import Synchronization
import TUI

/// Ctrl-C, SIGTERM and SIGHUP during a headless run: the first stops the run after the current
/// batch (it is then evaluated and saved, and the process exits 128 + the signal's number, as
/// shells report a process a signal ended); a second one ends the process at once.
final class StopSignals: Sendable {
    /// The first signal's number, 0 for none; a class, so the handlers can share the atomic.
    private final class First: Sendable {
        let number = Atomic<Int32>(0)
    }

    private let first = First()
    // Kept only so the sources live as long as this object; never touched after init.
    private nonisolated(unsafe) var sources: [DispatchSourceSignal] = []

    convenience init(stopping control: TrainingControl) {
        self.init { control.stop() }
    }

    /// `stop` is called once, on the first signal (a search stops all its running trials).
    init(stop: @escaping @Sendable () -> Void) {
        SignalWatcher.unblock(SignalWatcher.quitSignals)
        sources = SignalWatcher.quitSignals.map { [first] number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if first.number.compareExchange(expected: 0, desired: number, ordering: .relaxed).exchanged {
                    stop()
                    return
                }
                // Whatever is saved stays; a save cut short leaves only a hidden partial folder,
                // which the next save into that runs folder removes.
                Output.error("\(Self.name(number)) again: ending at once, without waiting for the save")
                _exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    deinit { sources.forEach { $0.cancel() } }

    /// The signal that stopped the run, if one did.
    var stoppedBy: Int32? {
        let number = first.number.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "Ctrl-C (SIGINT)"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}
