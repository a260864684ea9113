import Foundation
import TestSupport
import Testing

/// Stopping a headless run with a signal: it is evaluated and saved, and the exit status says
/// which signal stopped it; a second signal ends the process at once.
@Suite(.serialized, .timeLimit(.minutes(5))) struct StoppingTests {
    static let longTrain = ["train", "--epochs", "1000", "--train", "2000", "--val", "300", "--layers", "32,2",
                            "--threads", "1", "--probe-every", "1000"]

    /// Starts a long run, waits for its first epoch line, sends `signals`, and returns its result.
    static func stop(with signals: [Int32], runs: URL) throws -> CLITests.Result {
        let output = runs.appendingPathComponent("output.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = try TestSupport.executable()
        process.arguments = longTrain + ["--runs-dir", runs.appendingPathComponent("runs").path]
        process.currentDirectoryURL = TestSupport.repositoryRoot
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !((try? String(contentsOf: output, encoding: .utf8)) ?? "").contains("epoch   1/") && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        for number in signals {
            kill(process.processIdentifier, number)
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        try handle.close()
        let text = try String(contentsOf: output, encoding: .utf8)
        // Signalled processes report the signal in `terminationReason`; exit codes come through as is.
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return CLITests.Result(status: status, stdout: text, stderr: text)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [(SIGINT, 130), (SIGTERM, 143), (SIGHUP, 129)] as [(Int32, Int32)])
    func aSignalStopsSavesAndSetsTheExitStatus(_ signal: Int32, _ expected: Int32) throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try Self.stop(with: [signal], runs: scratch)
        #expect(result.status == expected, "\(result.stdout)")
        #expect(result.stdout.contains("stopped: "), "\(result.stdout)")
        #expect(result.stdout.contains("test: loss"))
        let saved = try FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent("runs").path)
        #expect(saved.count == 1 && saved[0].contains("-supervised-stopped-"), "\(saved)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aSecondCtrlCEndsAtOnce() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try Self.stop(with: [SIGINT, SIGINT], runs: scratch)
        #expect(result.status == 130)
        #expect(result.stdout.contains("Ctrl-C (SIGINT) again: ending at once"), "\(result.stdout)")
        // Nothing half-written is visible: at most a hidden partial folder, which the next save removes.
        let saved = (try? FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent("runs").path)) ?? []
        #expect(saved.allSatisfy { $0.hasPrefix(".partial-") }, "\(saved)")
    }

    @Test func theExitCodesAreDocumentedInTheHelp() throws {
        let help = try CLITests.run(["train", "--help"]).stdout
        for text in ["130, 143, 129 stopped by Ctrl-C", "SIGHUP", "2 a usage error", "1 a data or run error"] {
            #expect(help.contains(text), "\(text)")
        }
        #expect(try CLITests.run(["--help"]).stdout.contains("exit codes:"))
    }
}
