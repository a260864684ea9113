import Engine
import Foundation
import TestSupport
import Testing

/// The latent explorer and the time-lapse in tmux: `M` opens the explorer on a training run, the
/// arrows move its cursor, two pins show the interpolation; back in the lab `[` steps the
/// time-lapse back an epoch at a time with the loss chart marking it; the saved run holds the
/// time-lapse file at its stated size, and `aetui open` replays it and explores its weights. Part
/// of `EndToEndTests`, whose tests run one at a time.
extension EndToEndTests {
    /// Where the explorer's cursor is: the "+" in the scatter panel (the left half, braille there).
    static func cursor(in screen: String) -> (column: Int, row: Int)? {
        for (row, line) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where row > 1 {
            let left = Array(line.prefix(60))
            if let column = left.firstIndex(of: "+") { return (column, row) }
        }
        return nil
    }

    @Test func explorerCursorMovesAndTimeLapseSteps() throws {
        try LabSession.inFreshFolder { session in
            _ = try session.tmux(["-V"])
            let runs = session.folder.appendingPathComponent("runs").path, status = session.folder.appendingPathComponent("status").path
            let command = "cd '\(TestSupport.repositoryRoot.path)' && env LC_ALL=C.UTF-8 TERM=xterm-256color '\(try TestSupport.executable().path)' "
                + "--epochs 3 --train 2000 --val 1000 --runs-dir '\(runs)'; echo $? > '\(status)'; sleep 30"
            try session.tmux(["new-session", "-d", "-s", "lab", "-x", "120", "-y", "40", command])
            try session.waitForScreen("two epochs done", seconds: 60) { $0.contains("epoch 3/3") || $0.contains("finished") }

            try session.tmux(["send-keys", "-t", "lab", "M"])
            let opened = try session.waitForScreen("the explorer", seconds: 10) { screen in
                screen.contains("LATENT EXPLORER") && screen.contains("decoded manifold") && screen.contains("nearest validation digits")
                    && Self.cursor(in: screen) != nil
            }
            let start = try #require(Self.cursor(in: opened))
            try session.tmux(["send-keys", "-t", "lab", "Right", "Right", "Right", "Up", "Up"])
            try session.waitForScreen("the cursor 3 right, 2 up", seconds: 10) { screen in
                Self.cursor(in: screen).map { $0.column == start.column + 3 && $0.row == start.row - 2 } ?? false
            }
            try session.tmux(["send-keys", "-t", "lab", "Enter", "Left", "Left", "Left", "Left", "Down", "Enter"])
            try session.waitForScreen("the interpolation between two pins", seconds: 10) { screen in
                screen.contains("A (") && screen.contains("→ B (") && screen.contains("interpolation: 8 steps")
            }
            try session.tmux(["send-keys", "-t", "lab", "Escape"])
            try session.waitForScreen("back in the lab", seconds: 10) { $0.contains("STANDARD") && $0.contains("test digits") }

            // From live, [ shows the last epoch kept, and each [ one epoch earlier.
            try session.tmux(["send-keys", "-t", "lab", "["])
            let first = try session.waitForScreen("the time-lapse with its epoch marked on the loss", seconds: 10) { screen in
                guard let shown = screen.firstMatch(of: /epoch (\d)\/(\d) \(time-lapse\)/) else { return false }
                return screen.contains("loss, epoch \(shown.1) marked")
            }
            let epoch = try #require(first.firstMatch(of: /epoch (\d)\/(\d) \(time-lapse\)/).flatMap { Int($0.1) })
            #expect(epoch >= 2)
            try session.tmux(["send-keys", "-t", "lab", "["])
            try session.waitForScreen("one epoch back", seconds: 10) { screen in
                screen.contains("epoch \(epoch - 1)/") && screen.contains("loss, epoch \(epoch - 1) marked")
            }
            // Past the last epoch (training may have added one meanwhile): live again.
            try session.tmux(["send-keys", "-t", "lab", "]", "]", "]", "]"])
            try session.waitForScreen("live again", seconds: 10) { !$0.contains("(time-lapse)") && $0.contains("k-NN") }

            try session.waitForScreen("both runs finished", seconds: 60) { $0.contains("finished 3/3") || $0.contains("epoch 3/3") && $0.contains("finished") }
            try session.quit(status: status)
            let saved = try FileManager.default.contentsOfDirectory(atPath: runs).filter { !$0.hasPrefix(".") }
            #expect(saved.count == 2, "\(saved)")
            for run in saved {
                let file = "\(runs)/\(run)/\(LatentTimeLapse.fileName)"
                let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int
                #expect(size == LatentTimeLapse.byteCount(images: 1000, epochs: 3), "\(run)")
            }

            // The saved run, opened: the time-lapse replays from its file and M decodes its weights.
            let folder = try #require(saved.first { $0.contains("-supervised") })
            let openCommand = "cd '\(TestSupport.repositoryRoot.path)' && env LC_ALL=C.UTF-8 TERM=xterm-256color '\(try TestSupport.executable().path)' "
                + "open '\(runs)/\(folder)'; sleep 30"
            try session.tmux(["new-session", "-d", "-s", "saved", "-x", "120", "-y", "40", openCommand])
            func savedScreen(_ what: String, _ condition: @escaping (String) -> Bool) throws {
                let deadline = Date().addingTimeInterval(20)
                var last = ""
                while Date() < deadline {
                    last = try session.tmux(["capture-pane", "-p", "-t", "saved"])
                    if condition(last) { return }
                    Thread.sleep(forTimeInterval: 0.05)
                }
                throw LabSession.Failure("timed out waiting for \(what) in the opened run: \(last)")
            }
            try savedScreen("the opened run") { $0.contains(" RUN ") && $0.contains("latent space: supervised") }
            try session.tmux(["send-keys", "-t", "saved", "[", "["])
            try savedScreen("its time-lapse at epoch 2") { $0.contains("epoch 2/3 (time-lapse)") && $0.contains("epoch 2 marked") }
            try session.tmux(["send-keys", "-t", "saved", "M"])
            try savedScreen("its explorer") { screen in
                screen.contains("LATENT EXPLORER") && screen.contains(folder.prefix(30)) && screen.contains("predicted")
                    && Self.cursor(in: screen) != nil
            }
            try session.tmux(["send-keys", "-t", "saved", "q"])
        }
    }
}
