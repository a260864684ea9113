import Engine
import Foundation
import TestSupport
import Testing

/// A hint and its fix in tmux: with `--preset seed --seed 0` the supervised run's ReLU bottleneck
/// dies in its first epoch; the lab says so, `f` restarts it with a linear bottleneck, and
/// `aetui open` shows the stopped run with its hint, read-only. Part of `EndToEndTests`, whose
/// tests run one at a time.
extension EndToEndTests {
    @Test func theSeedPresetsDeadBottleneckIsFixedWithF() throws {
        try LabSession.inFreshFolder { session in
            let runs = session.folder.appendingPathComponent("runs"), status = session.folder.appendingPathComponent("status").path
            let executable = try TestSupport.executable().path
            let command = "cd '\(TestSupport.repositoryRoot.path)' && env LC_ALL=C.UTF-8 TERM=xterm-256color '\(executable)' "
                + "--preset seed --seed 0 --epochs 300 --train 2000 --val 1000 --runs-dir '\(runs.path)'; echo $? > '\(status)'; sleep 30"
            try session.tmux(["new-session", "-d", "-s", "lab", "-x", "120", "-y", "40", command])
            try session.waitForScreen("the lab") { $0.contains("STANDARD") }
            try session.tmux(["send-keys", "-t", "lab", "Tab"])
            // The evidence follows the hint.
            try session.waitForScreen("the dead bottleneck's hint and its evidence", seconds: 60) { screen in
                screen.contains("SUPERVISED") && screen.contains("bottleneck collapsed: f restart with a linear") && screen.contains("latent collapse: all 2")
            }
            // The footer names the fix: in the announcement, then as the key while it is offered (the
            // other run's own announcements may hold the footer for a while: either form will do).
            try session.waitForScreen("f in the footer", seconds: 30) { screen in
                screen.contains("f fix: restart with a linear bottleneck") || screen.contains("supervised hint: bottleneck collapsed - f: restart with a linear")
            }
            try session.tmux(["send-keys", "-t", "lab", "f"])
            try session.waitForScreen("the restart", seconds: 10) { screen in
                screen.contains("restarting supervised (bottleneck collapsed): restart with a linear bottleneck")
            }
            // The fresh run trains with a linear bottleneck: past its first epoch, no collapse, so no hint and no f.
            try session.waitForScreen("the fixed run's second epoch", seconds: 60) { screen in
                guard let epoch = screen.firstMatch(of: /SUPERVISED  training . epoch (\d+)\/300/).flatMap({ Int($0.1) }) else { return false }
                return epoch >= 2 && !screen.contains("bottleneck collapsed") && !screen.contains("f fix")
            }
            try session.quit(status: status)

            let supervised = RunCatalog.list(runs).filter { $0.config?.model == .supervised }
            #expect(supervised.count == 2, "the stopped ReLU run and the fixed one")
            let dead = try #require(supervised.first { $0.config?.bottleneckActivation == .relu })
            #expect(supervised.contains { $0.config?.bottleneckActivation == .linear })
            #expect(dead.summary?.status == .stopped && dead.summary?.hints?.first?.cause == .collapsedBottleneck)

            // The stopped run, opened: its hint without keys; q leaves with 0.
            try session.tmux(["kill-session", "-t", "lab"])
            try? FileManager.default.removeItem(atPath: status)
            let open = "cd '\(TestSupport.repositoryRoot.path)' && env LC_ALL=C TERM=xterm-256color '\(executable)' open '\(dead.directory.path)' "
                + "--no-color; echo $? > '\(status)'; sleep 30"
            try session.tmux(["new-session", "-d", "-s", "lab", "-x", "80", "-y", "24", open])
            // At 80x24 the metrics panel wraps the hint in a narrow column.
            let opened = try session.waitForScreen("the opened run and its hint", seconds: 30) { screen in
                screen.contains(" RUN ") && screen.contains("stopped") && screen.contains("hint   bottleneck") && screen.contains("collapsed:")
            }
            #expect(!opened.contains("fix:"), "\(opened)")
            try session.quit(status: status)
        }
    }
}
