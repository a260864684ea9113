import Foundation
import TestSupport
import Testing

/// Drives the built `aetui` in tmux as a user would: watches it train, presses keys, resizes the
/// window and quits, then checks the exit status and the saved runs. CI installs tmux.
@Suite(.serialized, .timeLimit(.minutes(3))) struct EndToEndTests {
    @Test func colourAndUTF8() throws {
        try LabSession.drive(environment: ["-u", "NO_COLOR", "LC_ALL=C.UTF-8", "TERM=xterm-256color"], legend: "■0 ■1 ■2", box: "┌")
    }

    /// A terminal that cannot move the cursor is refused before anything trains, with exit 2.
    @Test func aDumbTerminalIsRefusedWithAPointerToTrain() throws {
        try LabSession.inFreshFolder { session in
            let folder = session.folder
            let runs = folder.appendingPathComponent("runs").path
            let command = "env TERM=dumb '\(try TestSupport.executable().path)' --epochs 1 --runs-dir '\(runs)'; echo \"exit $?\"; sleep 30"
            try session.tmux(["new-session", "-d", "-s", "lab", "-x", "120", "-y", "40", command])
            let screen = try session.waitForScreen("the refusal", seconds: 20) { $0.contains("exit ") }
            #expect(screen.contains("the terminal 'dumb' cannot move the cursor"))
            #expect(screen.contains("aetui train"))
            #expect(screen.contains("exit 2"))
            #expect(!FileManager.default.fileExists(atPath: runs), "nothing trained, nothing saved")
        }
    }

    @Test func noColourAndNoUTF8() throws {
        try LabSession.drive(environment: ["NO_COLOR=1", "LANG=C", "LC_ALL=C", "TERM=xterm-256color"],
                             legend: "markers: digit = class", box: "+")
    }

    /// A second Ctrl-C while the lab waits for its runs to evaluate and save ends it at once,
    /// saying what was not saved, with the terminal restored and exit 130.
    @Test func aSecondCtrlCEndsTheLabAtOnce() throws {
        try LabSession.inFreshFolder { session in
            let folder = session.folder
            // Large sets, so that evaluating after the stop takes a while.
            let command = "cd '\(TestSupport.repositoryRoot.path)' && '\(try TestSupport.executable().path)' --epochs 50 "
                + "--train 30000 --val 30000 --runs-dir '\(folder.path)/runs'; echo \"exit $?\"; stty -a; sleep 30"
            try session.tmux(["new-session", "-d", "-s", "lab", "-x", "120", "-y", "40", command])
            try session.waitForScreen("the lab") { $0.contains("STANDARD") && $0.contains("loss") }
            try session.tmux(["send-keys", "-t", "lab", "C-c"])
            Thread.sleep(forTimeInterval: 0.2)
            try session.tmux(["send-keys", "-t", "lab", "C-c"])
            // stty's report follows the exit status: wait for both.
            let screen = try session.waitForScreen("the exit status and stty", seconds: 20) { $0.contains("exit ") && $0.contains("icanon") }
            #expect(screen.contains("exit 130"))
            #expect(screen.contains("not saved: a second signal ended the lab at once"), "\(screen)")
            #expect(screen.contains(" icanon") && screen.contains(" echo "), "the terminal is restored")
        }
    }

    /// A crash (here a SIGSEGV sent to it) still gives the terminal back: canonical mode and echo on.
    @Test func aFatalSignalRestoresTheTerminal() throws {
        try LabSession.inFreshFolder { session in
            let folder = session.folder
            let pid = folder.appendingPathComponent("pid").path, status = folder.appendingPathComponent("status").path
            let modes = folder.appendingPathComponent("stty").path
            // The runtime's crash report would wait for a key on a terminal: it is turned off here.
            let command = "cd '\(TestSupport.repositoryRoot.path)' && sh -c 'echo $$ > \"\(pid)\"; exec env SWIFT_BACKTRACE=enable=no "
                + "\"\(try TestSupport.executable().path)\" --epochs 50 --train 2000 --val 1000 --runs-dir \"\(folder.path)/runs\"'; "
                + "echo $? > '\(status)'; stty -a > '\(modes)'; sleep 30"
            try session.tmux(["new-session", "-d", "-s", "lab", "-x", "120", "-y", "40", command])
            try session.waitForScreen("the lab") { $0.contains("STANDARD") && $0.contains("loss") }
            let process = try #require(Int32(try String(contentsOfFile: pid, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            kill(process, SIGSEGV)
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: modes) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            Thread.sleep(forTimeInterval: 0.1)
            let exitStatus = (try? String(contentsOfFile: status, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(exitStatus == "139", "128 + SIGSEGV")
            let terminal = (try? String(contentsOfFile: modes, encoding: .utf8)) ?? ""
            #expect(terminal.contains(" icanon") && terminal.contains(" echo "), "the terminal is still raw: \(terminal)")
            try session.waitForScreen("the rescue note", seconds: 5) { $0.contains("aetui: ended by a fatal signal; the terminal was restored") }
        }
    }

    /// A headless search saves two runs; the lab's `R` opens the runs browser, two runs are marked
    /// and compared, one is opened, and `Esc` goes back to the browser and then to the lab.
    @Test func runsBrowserMarksTwoRunsAndOpensOne() throws {
        try LabSession.inFreshFolder { session in
            let folder = session.folder
            let runs = folder.appendingPathComponent("runs").path, status = folder.appendingPathComponent("status").path
            let binary = try TestSupport.executable().path
            let search = try runCleanly([binary, "search", "--headless", "--quiet", "--lr", "0.01,0.002", "--epochs", "1", "--train", "500",
                                         "--val", "300", "--layers", "64,16,2", "--runs-dir", runs], output: folder.appendingPathComponent("search.log").path,
                                        seconds: 120)
            #expect(search == 0, "the search failed: \((try? String(contentsOfFile: folder.appendingPathComponent("search.log").path, encoding: .utf8)) ?? "")")

            let command = "cd '\(TestSupport.repositoryRoot.path)' && env LC_ALL=C.UTF-8 TERM=xterm-256color '\(binary)' "
                + "--epochs 1 --train 1000 --val 500 --runs-dir '\(runs)'; echo $? > '\(status)'; sleep 30"
            try session.tmux(["new-session", "-d", "-s", "lab", "-x", "120", "-y", "40", command])
            try session.waitForScreen("the lab") { $0.contains("STANDARD") }
            try session.tmux(["send-keys", "-t", "lab", "R"])
            try session.waitForScreen("the runs browser", seconds: 10) { $0.contains("RUNS") && $0.contains("val_acc=") }
            try session.tmux(["send-keys", "-t", "lab", "space", "Down", "space"])
            try session.waitForScreen("two marked runs compared", seconds: 10) { screen in
                ["2 marked", "learning_rate", "validation accuracy (%)", "0.01", "0.002"].allSatisfy(screen.contains)
            }
            try session.tmux(["send-keys", "-t", "lab", "Enter"])
            try session.waitForScreen("the opened run", seconds: 20) { screen in
                screen.contains(" RUN ") && screen.contains("latent space: supervised") && screen.contains("test digits")
            }
            try session.tmux(["send-keys", "-t", "lab", "Escape"])
            try session.waitForScreen("back in the browser", seconds: 10) { $0.contains("RUNS") && $0.contains("2 marked") }
            try session.tmux(["send-keys", "-t", "lab", "Escape"])
            try session.waitForScreen("back in the lab", seconds: 10) { $0.contains("STANDARD") || $0.contains("SUPERVISED") }
            try session.quit(status: status)
        }
    }
}

/// One lab in a private tmux server.
struct LabSession {
    let socket = "aetui-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let folder: URL

    /// Runs `body` with a session in a new temporary folder, then ends its tmux server and
    /// removes the folder, however `body` ends.
    static func inFreshFolder(_ body: (LabSession) throws -> Void) throws {
        let session = LabSession(folder: try TestSupport.temporaryDirectory())
        defer {
            _ = try? session.tmux(["kill-server"])
            try? FileManager.default.removeItem(at: session.folder)
        }
        try body(session)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs one tmux command against the private server; its output comes back through a file.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let log = folder.appendingPathComponent("tmux.log").path
        let status: Int32
        do {
            status = try runCleanly(["tmux", "-u", "-f", "/dev/null", "-L", socket] + arguments, output: log, seconds: 10)
        } catch {
            throw Failure("\(error); the end-to-end tests need tmux installed (apt-get install tmux)")
        }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        if status != 0 && arguments.first != "kill-server" {
            throw Failure("tmux \(arguments.joined(separator: " ")) failed with status \(status): \(text)")
        }
        return text
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "lab"]) }

    /// Polls the screen until `condition` holds; fails with the last screen after `seconds`.
    /// A capture can catch a frame half drawn, so whatever a test reads from the screen belongs
    /// in `condition`, not in a check of the returned screen.
    @discardableResult
    func waitForScreen(_ what: String, seconds: Double = 30, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        // The screen goes to stderr as well: test reports may shorten a long message.
        FileHandle.standardError.write(Data("aetui end-to-end: timed out waiting for \(what); the screen was:\n\(last)\n".utf8))
        throw Failure("timed out waiting for \(what) (the screen is printed above)")
    }

    /// Presses `q` and waits for the shell to write aetui's exit status to `status`. Anything but 0
    /// is recorded with the screen, which holds what aetui printed on its way out.
    func quit(status: String, seconds: Double = 60, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try tmux(["send-keys", "-t", "lab", "q"])
        let deadline = Date().addingTimeInterval(seconds)
        while !FileManager.default.fileExists(atPath: status) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        // The shell creates the file a moment before it writes the status into it.
        Thread.sleep(forTimeInterval: 0.1)
        let exitStatus = (try? String(contentsOfFile: status, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(exitStatus == "0", "aetui's exit status after q: \(exitStatus ?? "none yet"); the screen:\n\((try? screen()) ?? "")",
                sourceLocation: sourceLocation)
    }

    static func drive(environment: [String], legend: String, box: String) throws {
        try LabSession.inFreshFolder { session in
            let folder = session.folder
            _ = try session.tmux(["-V"])
            let runs = folder.appendingPathComponent("runs").path, status = folder.appendingPathComponent("status").path
            let command = "cd '\(TestSupport.repositoryRoot.path)' && env \(environment.joined(separator: " ")) '\(try TestSupport.executable().path)' "
                + "--epochs 2 --train 2000 --val 1000 --runs-dir '\(runs)'; echo $? > '\(status)'; sleep 30"
            try session.tmux(["new-session", "-d", "-s", "lab", "-x", "120", "-y", "40", command])

            // All panels and the legend, and the epoch counter moving.
            var epochsSeen: [String] = []
            try session.waitForScreen("epoch 2/2 after an earlier epoch") { screen in
                if let epoch = screen.firstMatch(of: /epoch (\d)\/2/)?.1, epochsSeen.last != String(epoch) { epochsSeen.append(String(epoch)) }
                return epochsSeen.count >= 2 && epochsSeen.last == "2"
            }
            let wide = try session.waitForScreen("all panels at 120x40") { screen in
                ["STANDARD", "loss", "latent space: standard", "test digits", "metrics: standard", legend, "k-NN", box]
                    .allSatisfy(screen.contains)
            }
            #expect(!wide.contains("SUPERVISED"))

            try session.tmux(["send-keys", "-t", "lab", "Tab"])
            try session.waitForScreen("SUPERVISED after Tab", seconds: 5) { $0.contains("SUPERVISED") && $0.contains("metrics: supervised") }

            try session.tmux(["resize-window", "-t", "lab", "-x", "80", "-y", "24"])
            try session.waitForScreen("the 80x24 layout", seconds: 5) { screen in
                let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
                return lines.count >= 24 && lines.allSatisfy { $0.count <= 80 } && screen.contains("latent: supervised")
                    && screen.contains("loss") && screen.contains("metrics") && screen.contains("SUPERVISED")
            }

            try session.quit(status: status)
            let saved = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
            #expect(saved.contains { $0.contains("-standard") }, "no saved standard run in \(saved)")
            #expect(saved.contains { $0.contains("-supervised") }, "no saved supervised run in \(saved)")
            for run in saved {
                #expect(FileManager.default.fileExists(atPath: "\(runs)/\(run)/weights.safetensors"))
            }
        }
    }
}
