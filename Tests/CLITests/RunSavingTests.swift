import Foundation
import TestSupport
import Testing

/// Saving runs as scripts and searches do: several real processes into one folder, and folders
/// that cannot take a run, found before any training.
@Suite(.timeLimit(.minutes(5))) struct RunSavingTests {
    static let quickTrain = ["train", "--epochs", "1", "--train", "200", "--val", "100", "--layers", "16,2",
                             "--threads", "1", "--seed", "3", "--json"]

    /// Same settings, same second, same figure: every process still saves under its own name.
    @Test(.timeLimit(.minutes(2)))
    func processesRacingIntoOneFolderAllSave() throws {
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        let processes = 3, tries = 3
        for attempt in 1...tries {
            let launched = try (0..<processes).map { _ in
                try CLITests.launch(Self.quickTrain + ["--runs-dir", runs.path])
            }
            let results = launched.map { $0.wait() }
            for result in results { #expect(result.status == 0, "\(result.stderr)") }
            let folders = results.compactMap { result -> String? in
                let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
                let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
                return object?["run_dir"] as? String
            }
            #expect(Set(folders).count == processes, "try \(attempt): \(folders)")
            let saved = try FileManager.default.contentsOfDirectory(atPath: runs.path)
            #expect(saved.count == processes * attempt, "try \(attempt): \(saved)")
            #expect(!saved.contains { $0.hasPrefix(".") }, "a partial folder is left: \(saved)")
            for folder in folders {
                let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                #expect(files == ["config.json", "latent_timelapse.bin", "metrics.jsonl", "summary.json", "weights.safetensors"])
            }
        }
    }

    /// `kill -9` at moments spread over training, evaluation and the save: no visible folder is
    /// ever half a run, and the next save removes every partial folder the killed processes left.
    @Test(.timeLimit(.minutes(2)))
    func killsAtAnyMomentLeaveNoHalfRunAndNoStalePartial() throws {
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        for delay in [0.3, 0.45, 0.55, 0.6, 0.65, 0.7, 0.75] {
            let launched = try CLITests.launch(Self.quickTrain + ["--epochs", "3", "--train", "600", "--runs-dir", runs.path])
            Thread.sleep(forTimeInterval: delay)
            kill(launched.process.processIdentifier, SIGKILL)
            _ = launched.wait()
        }
        let last = try CLITests.run(Self.quickTrain + ["--runs-dir", runs.path])
        #expect(last.status == 0, "\(last.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        #expect(!names.contains { $0.hasPrefix(".") }, "left behind: \(names)")
        for name in names {
            let files = try FileManager.default.contentsOfDirectory(atPath: runs.appendingPathComponent(name).path).sorted()
            #expect(files == ["config.json", "latent_timelapse.bin", "metrics.jsonl", "summary.json", "weights.safetensors"], "\(name): \(files)")
        }
    }

    @Test func anUnusableRunsFolderEndsTheCommandBeforeTraining() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let cases = [
            (file.path, "option '--runs-dir': cannot use the runs folder \(file.path): it is a file, not a folder"),
            (file.path + "/runs", "option '--runs-dir': cannot use the runs folder \(file.path): it is a file, not a folder"),
            ("/proc/aetui-runs", "option '--runs-dir': cannot create the runs folder /proc/aetui-runs:"),
            ("", "option '--runs-dir': the path is empty"),
        ]
        for (directory, message) in cases {
            let result = try CLITests.run(Self.quickTrain + ["--runs-dir", directory])
            #expect(result.status == 2, "\(directory)")
            #expect(result.stderr.contains(message), "\(directory): \(result.stderr)")
            #expect(result.stdout.isEmpty, "trained before refusing: \(result.stdout)")
        }
    }
}

/// Saves that fail at the end of the training: the figures are printed anyway, the run is kept
/// somewhere and said where, and the command exits 1.
@Suite(.serialized, .timeLimit(.minutes(5))) struct FailedSaveTests {
    static let train = ["train", "--epochs", "1", "--train", "300", "--val", "100", "--threads", "1", "--seed", "2"]

    /// Runs aetui through `sh` with its environment and shell prefix (`ulimit`).
    static func run(_ arguments: [String], prefix: String = "", environment: [String: String] = [:]) throws -> CLITests.Result {
        let quoted = ([(try TestSupport.executable()).path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try shell("\(prefix) exec \(quoted)", environment: environment)
    }

    static func shell(_ command: String, environment: [String: String] = [:]) throws -> CLITests.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = TestSupport.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLITests.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                               stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A 256 KB file system, which the default model's 2.5 MB of weights cannot fit in. Making one
    /// needs root and a kernel that lets this process mount; otherwise the test says why it skips.
    @Test(.timeLimit(.minutes(1)))
    func aFullDiskKeepsTheRunInTheFallbackFolderOrInPlace() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let disk = scratch.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: false)
        guard geteuid() == 0 else {
            print("skipped: mounting a small tmpfs as a full disk needs root")
            return
        }
        let mount = try Self.shell("mount -t tmpfs -o size=256k tmpfs '\(disk.path)'")
        guard mount.status == 0 else {
            print("skipped: this machine does not allow mounting a tmpfs here (\(mount.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))")
            return
        }
        defer { _ = try? Self.shell("umount '\(disk.path)'") }
        let fallbackRoot = scratch.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: fallbackRoot, withIntermediateDirectories: false)
        let result = try Self.run(Self.train + ["--runs-dir", disk.path], environment: ["TMPDIR": fallbackRoot.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("test: loss"), "the figures are printed anyway: \(result.stdout)")
        #expect(result.stderr.contains("the run was not saved: cannot write \(disk.path)/.partial-"), "\(result.stderr)")
        #expect(result.stderr.contains("no space left on the device"))
        #expect(result.stderr.contains("what could be kept is in \(fallbackRoot.path)/aetui-runs/"), "\(result.stderr)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: fallbackRoot.appendingPathComponent("aetui-runs").path)
        #expect(kept.count == 1)
        let eval = try CLITests.run(["eval", fallbackRoot.appendingPathComponent("aetui-runs").appendingPathComponent(kept[0]).path])
        #expect(eval.status == 0, "the kept run is whole: \(eval.stderr)")
        // Nothing is left on the full disk but what the fallback could not take: here, nothing.
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty)

        // No fallback either (TMPDIR is a file): what was written stays on the disk, named.
        let file = scratch.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let second = try Self.run(Self.train + ["--runs-dir", disk.path], environment: ["TMPDIR": file.path])
        #expect(second.status == 1)
        #expect(second.stdout.contains("test: loss"))
        #expect(second.stderr.contains("what could be kept is in \(disk.path)/.incomplete-"), "\(second.stderr)")
    }

    /// A read-only file system is found before training (a tmpfs mounted read-only; root only).
    @Test func aReadOnlyFileSystemIsRefusedBeforeTraining() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let disk = scratch.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: false)
        guard geteuid() == 0 else {
            print("skipped: mounting a read-only tmpfs needs root")
            return
        }
        let mount = try Self.shell("mount -t tmpfs -o ro,size=64k tmpfs '\(disk.path)'")
        guard mount.status == 0 else {
            print("skipped: this machine does not allow mounting a tmpfs here (\(mount.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))")
            return
        }
        defer { _ = try? Self.shell("umount '\(disk.path)'") }
        for runs in [disk.path, disk.appendingPathComponent("runs").path] {
            let result = try Self.run(Self.train + ["--runs-dir", runs])
            #expect(result.status == 2)
            #expect(result.stderr.contains("the file system is read-only"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    /// A file-size limit works everywhere, root or not: every file over 64 KB fails with EFBIG.
    @Test(.timeLimit(.minutes(1)))
    func aFileSizeLimitFailsTheSaveWithoutLosingTheFigures() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let runs = scratch.appendingPathComponent("runs")
        let result = try Self.run(Self.train + ["--runs-dir", runs.path], prefix: "ulimit -f 128 &&",
                                  environment: ["TMPDIR": scratch.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("test: loss"))
        #expect(result.stderr.contains("weights.safetensors: file too large"), "\(result.stderr)")
        #expect(result.stderr.contains("what could be kept is in \(runs.path)/.incomplete-"), "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        #expect(names.count == 1 && names[0].hasPrefix(".incomplete-"), "\(names)")
        // Scripts read the same from the JSON result line.
        let json = try Self.run(Self.train + ["--runs-dir", runs.path, "--json"], prefix: "ulimit -f 128 &&",
                                environment: ["TMPDIR": scratch.path])
        let last = try #require(json.stdout.split(separator: "\n").last)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(json.status == 1 && line["test_loss"] != nil && line["run_dir"] == nil)
        #expect((line["save_error"] as? String)?.hasSuffix("weights.safetensors: file too large") == true, "\(line)")
        #expect((line["kept"] as? String)?.hasPrefix("\(runs.path)/.incomplete-") == true, "\(line)")
        // The fallback failed the same way and left nothing behind.
        let fallback = (try? FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent("aetui-runs").path)) ?? []
        #expect(fallback.isEmpty, "\(fallback)")
    }
}
