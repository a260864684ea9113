import Foundation
import Synchronization
import TestSupport
import Testing
@testable import Engine

/// Run folders under pressure: many savers at once, stale partial folders, folders that cannot
/// be written, saves that fail half-way.
@Suite(.timeLimit(.minutes(3))) struct RunFolderTests {
    /// A one-epoch run to save, the same every time; only read once built, so savers may share it.
    struct Trained: @unchecked Sendable {
        let config: TrainingConfig
        let outcome: TrainingOutcome
        let model: Autoencoder

        init() {
            var config = TrainingTests.config(.supervised, epochs: 1)
            config.layers = [16, 2]
            let trainer = Trainer(config: config, data: HostileRunFileTests.tiny, gemm: GEMM())
            self.config = config
            outcome = trainer.run()
            model = trainer.model
        }

        func save(into runs: URL, date: Date = Date(timeIntervalSince1970: 1_795_000_000), replacing: URL? = nil) throws -> URL {
            try RunStore.save(config: config, outcome: outcome, model: model, kernel: "k", threads: 1,
                              dataDirectory: "d", runsDirectory: runs, date: date, replacing: replacing)
        }
    }

    static func names(in runs: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted()
    }

    @Test(.timeLimit(.minutes(1)))
    func simultaneousSavesOfTheSameRunGetDistinctReadableNames() throws {
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        let savers = 8
        let trained = Trained()
        let folders = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: savers) { _ in
            if let folder = try? trained.save(into: runs) { folders.withLock { $0.append(folder.lastPathComponent) } }
        }
        let base = RunStore.runName(config: trained.config, outcome: trained.outcome,
                                    date: Date(timeIntervalSince1970: 1_795_000_000))
        let expected = ([base] + (2...savers).map { "\(base)-\($0)" }).sorted()
        #expect(folders.withLock { $0 }.sorted() == expected)
        // Every folder is a whole run whose summary carries its own name; no partial is left.
        #expect(try Self.names(in: runs) == expected)
        for name in expected {
            let (_, _, summary) = try RunStore.load(runs.appendingPathComponent(name))
            #expect(summary?.name == name)
        }
    }

    @Test func aLaterSaveOfTheSameRunReplacesItsOwnAndNoOtherRun() throws {
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        let trained = Trained()
        let other = try trained.save(into: runs)
        let first = try trained.save(into: runs, date: Date(timeIntervalSince1970: 1_795_000_100))
        let second = try trained.save(into: runs, date: Date(timeIntervalSince1970: 1_795_000_200), replacing: first)
        #expect(try Self.names(in: runs) == [other.lastPathComponent, second.lastPathComponent].sorted())
        // Same second, same name: the new save takes a free name and the earlier one goes.
        let third = try trained.save(into: runs, date: Date(timeIntervalSince1970: 1_795_000_200), replacing: second)
        #expect(try Self.names(in: runs) == [other.lastPathComponent, third.lastPathComponent].sorted())
    }

    @Test func stalePartialFoldersOfDeadProcessesAreRemovedAndLiveOnesKept() throws {
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let host = RunFiles.hostName
        let dead = ".partial-\(finished.processIdentifier)-a1-\(host)"
        let alive = ".partial-\(getpid())-b2-\(host)"
        let oldForeign = ".partial-4242-c3-some-other-machine.example"
        let newForeign = ".partial-4242-d4-some-other-machine.example"
        let unknown = ".partial-not-ours"
        for name in [dead, alive, oldForeign, newForeign, unknown] {
            try FileManager.default.createDirectory(at: runs.appendingPathComponent(name), withIntermediateDirectories: false)
            try Data("half".utf8).write(to: runs.appendingPathComponent(name).appendingPathComponent("weights.safetensors"))
        }
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-2 * 24 * 3600)],
                                              ofItemAtPath: runs.appendingPathComponent(oldForeign).path)
        let saved = try Trained().save(into: runs)
        #expect(try Self.names(in: runs) == [alive, newForeign, unknown, saved.lastPathComponent].sorted())
    }

    @Test func partialFolderNamesRecordTheirOwner() {
        let mine = PartialFolder.mine()
        #expect(PartialFolder(name: mine.name) == mine)
        #expect(PartialFolder(name: ".partial-12-ab-host-with-dashes")?.host == "host-with-dashes")
        for name in [".partial-", ".partial-x-ab-host", ".partial-12-ab", "run", ".partial--1-ab-h", ".partial-0-ab-h"] {
            #expect(PartialFolder(name: name) == nil, "\(name)")
        }
        #expect(!mine.isStale(modified: .distantPast), "this process is alive")
    }

    @Test func unusableRunsFoldersAreRefusedBeforeTrainingWithAPlainReason() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let cases: [(URL, String)] = [
            (file, "cannot use the runs folder \(file.path): it is a file, not a folder"),
            (file.appendingPathComponent("runs"), "cannot use the runs folder \(file.path): it is a file, not a folder"),
            (URL(fileURLWithPath: "/proc/aetui-runs"), "cannot create the runs folder /proc/aetui-runs:"),
        ]
        for (directory, message) in cases {
            #expect { try RunStore.checkWritable(directory) } throws: { error in
                (error as? RunStoreError)?.description.hasPrefix(message) == true
            }
        }
        // Nested folders that do not exist yet can be created: the check does, then removes them.
        let nested = scratch.appendingPathComponent("a/b/runs")
        try RunStore.checkWritable(nested)
        #expect(try Self.names(in: scratch) == ["a-file"])
        let existing = scratch.appendingPathComponent("runs")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: false)
        try RunStore.checkWritable(existing)
        #expect(try Self.names(in: existing) == [], "an existing folder stays, empty")
    }

    /// A folder without write permission; root ignores permissions, so there it is skipped.
    @Test func aFolderWithoutWritePermissionIsRefused() throws {
        guard geteuid() != 0 else {
            print("skipped: running as root, which may write into any folder whatever its permissions")
            return
        }
        let scratch = try TestSupport.temporaryDirectory()
        defer {
            chmod(scratch.path, 0o755)
            try? FileManager.default.removeItem(at: scratch)
        }
        chmod(scratch.path, 0o555)
        #expect { try RunStore.checkWritable(scratch) } throws: { error in
            (error as? RunStoreError)?.description == "cannot write in the runs folder \(scratch.path): permission denied"
        }
        #expect { try RunStore.checkWritable(scratch.appendingPathComponent("runs")) } throws: { error in
            (error as? RunStoreError)?.reason == "permission denied"
        }
    }
}
