import Foundation
import TestSupport
import Testing

/// `aetui search` and `aetui runs` as a user runs them: real trials on a few hundred digits.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SearchCommandTests {
    static let small = ["--headless", "--epochs", "1", "--train", "400", "--val", "200", "--layers", "32,8,2", "--classifier", "8"]

    static func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Trials share the cores: the help gives the threads' default as search computes it.
    @Test func helpGivesTheThreadsDefaultOfATrial() throws {
        let help = try CLITests.run(["search", "--help"]).stdout
        #expect(help.contains("threads for the math of each run (default: cores / parallel)"), "\(help)")
    }

    @Test func aSearchPrintsItsLeaderboardChartAndCSVAndTheSameCommandAgainHasNothingToDo() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("board.csv").path
        let arguments = ["search", "--optimizer", "adam,sgd", "--lr", "0.01", "0.002", "--runs-dir", folder.path, "--csv", csv] + Self.small
        let result = try CLITests.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("aetui search: 4 trials (grid of 4), shard 0/1: 4 to run"))
        #expect(result.stdout.contains("rank  optimizer  lr     val_loss  val_acc"))
        #expect(result.stdout.contains("validation accuracy (%) of the top 4 trials"))
        #expect(result.stdout.contains("  1 adam lr=0.01") || result.stdout.contains("  1 sgd lr=0.01") || result.stdout.contains("lr=0.002"))
        let table = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(table.hasPrefix("rank,optimizer,lr,val_loss,val_acc,probe_acc,best_epoch,epochs,seconds,state,trial,run\n"))
        #expect(table.split(separator: "\n").count == 5)

        // The same command again: nothing to run; a --csv that is a symlink is written through, not replaced.
        let target = folder.appendingPathComponent("target.csv"), link = folder.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let again = try CLITests.run(Array(arguments.dropLast(Self.small.count + 1)) + [link.path] + Self.small + ["--json", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        let lines = Self.jsonLines(again.stdout)
        #expect(lines.first?["to_run"] as? Int == 0)
        #expect((lines.last?["rows"] as? [[String: Any]])?.count == 4)
        #expect(lines.last?["type"] as? String == "leaderboard")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == target.path)
        #expect((try? String(contentsOf: target, encoding: .utf8))?.hasPrefix("rank,optimizer,lr") == true)
        // /dev/stdout adds the table after what was printed (a redirected stdout keeps it all).
        let printed = try CLITests.run(Array(arguments.dropLast(Self.small.count + 1)) + ["/dev/stdout"] + Self.small)
        #expect(printed.status == 0 && printed.stdout.contains("rank  optimizer  lr"), "\(printed.stderr)")
        #expect(printed.stdout.hasSuffix(try String(contentsOf: target, encoding: .utf8)), "\(printed.stdout)")
        // A loop of symlinks is refused before anything trains.
        let loop = folder.appendingPathComponent("loop.csv")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: loop.path)
        let looped = try CLITests.run(Array(arguments.dropLast(Self.small.count + 1)) + [loop.path] + Self.small)
        #expect(looped.status == 2 && looped.stderr.contains("is one of a loop of symlinks"), "\(looped.stderr)")

        // An edited search.json whose trial would need far too much memory, or names a folder
        // outside the search, is refused before anything trains or is deleted.
        let search = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("search-") })
        let manifestURL = folder.appendingPathComponent("\(search)/search.json")
        let original = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
        let edits: [(String, ([String: Any]) -> [String: Any])] = [
            ("needs about", { manifest in
                // The searched options are in the grid and in each trial's values.
                var edited = manifest, grid = manifest["grid"] as! [String: Any], trials = manifest["trials"] as! [[String: Any]]
                grid["classifier"] = ["100000000,100000000"]
                var values = trials[0]["values"] as! [String: Any]
                values["classifier"] = "100000000,100000000"
                trials[0]["values"] = values
                edited["grid"] = grid
                edited["trials"] = trials
                return edited
            }),
            ("each trial's index must be its place in the list", { manifest in
                var edited = manifest, trials = manifest["trials"] as! [[String: Any]]
                trials[0]["index"] = 99
                edited["trials"] = trials
                return edited
            }),
            ("is not a folder name in the search folder", { manifest in
                var edited = manifest, trials = manifest["trials"] as! [[String: Any]]
                trials[0]["state"] = "stopped"
                trials[0]["run"] = ".."
                edited["trials"] = trials
                return edited
            }),
        ]
        for (message, edit) in edits {
            try JSONSerialization.data(withJSONObject: edit(original)).write(to: manifestURL)
            let resumed = try CLITests.run(["search", "--resume", folder.appendingPathComponent(search).path, "--headless"])
            #expect(resumed.status == 1 && resumed.stderr.contains(message), "\(resumed.stderr)")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(search).path))
        }
    }

    @Test func twoShardProcessesAtOnceIntoOneFolder() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["search", "--lr", "0.01,0.005,0.002", "--seed", "1,2", "--runs-dir", folder.path, "--json", "--threads", "1"] + Self.small
        let shards = try (0..<2).map { try CLITests.launch(arguments + ["--shard", "\($0)/2"]) }.map { $0.wait() }
        for shard in shards { #expect(shard.status == 0, "\(shard.stderr)") }
        let trialLines = shards.flatMap { Self.jsonLines($0.stdout).filter { $0["type"] as? String == "trial" } }
        #expect(trialLines.compactMap { $0["index"] as? Int }.sorted() == Array(0..<6))
        // Each trial's line carries its validation curves, one value per epoch.
        let epochs = try #require(trialLines.first?["epochs_run"] as? Int)
        #expect(trialLines.allSatisfy { ($0["loss_curve"] as? [Double])?.count == epochs && ($0["accuracy_curve"] as? [Double])?.count == epochs })
        let search = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("search-") })
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("\(search)/search.json"))) as? [String: Any]
        let states = (manifest?["trials"] as? [[String: Any]])?.compactMap { $0["state"] as? String }
        #expect(states == Array(repeating: "finished", count: 6))
        let runs = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(search).path).filter { $0.contains("supervised") }
        #expect(runs.count == 6)

        let listed = try CLITests.run(["runs", "--runs-dir", folder.path, "--sort", "val_acc", "--headless"])
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\n").count == 7)
        let compared = try CLITests.run(["runs", "compare", "--runs-dir", folder.path] + runs.prefix(2).map { "\(search)/\($0)" })
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(compared.stdout.contains("config differences") && compared.stdout.contains("val_acc (best)"))
    }

    @Test(arguments: [
        (["--lr", "0.1,fast"], "lr: 'fast' is not a learning rate > 0"),
        (["--shard", "3/2"], "option '--shard': shard '3/2' is not I/N"),
        (["--shard", "0/0"], "option '--shard': shard '0/0' is not I/N"),
        (["--optimizer", "adam,sgd,rmsprop,adagrad", "--lr", "1,2,3,4,5,6,7,8,9,10", "--batch", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26"],
         "the search has 1040 trials (more than 1000): pass --yes"),
        (["--resume", "/nonexistent"], "option '--resume': /nonexistent holds no search.json"),
        (["--learning-rate", "0.1"], "unknown option '--learning-rate'"),
    ])
    func badInputIsAUsageErrorBeforeAnythingTrains(arguments: [String], message: String) throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLITests.run(["search", "--headless", "--runs-dir", folder.path] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect((try FileManager.default.contentsOfDirectory(atPath: folder.path)).filter { $0.hasPrefix("search-") }.isEmpty)
    }

    @Test func anUnknownKeyInAGridFileIsNamed() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let grid = folder.appendingPathComponent("grid.json")
        try Data(#"{"optimizer": ["adam"], "learning_rate": [0.1]}"#.utf8).write(to: grid)
        let result = try CLITests.run(["search", "--headless", "--grid", grid.path, "--runs-dir", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("grid file \(grid.path): unknown key 'learning_rate'"))
    }

    @Test func ctrlCStopsTheSearchAndTheSameCommandResumesIt() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Trials of several seconds each, so that the signal comes in the middle of the first.
        let arguments = ["search", "--lr", "0.01,0.002", "--runs-dir", folder.path, "--json", "--threads", "1",
                         "--epochs", "12", "--train", "3000", "--val", "300", "--headless"]
        let launched = try CLITests.launch(arguments)
        // The signal must land while a trial trains: wait until search.json says one is running
        // (a loaded machine may take seconds to get there), then a moment into its training.
        let deadline = Date().addingTimeInterval(60)
        func aTrialRuns() -> Bool {
            let searches = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasPrefix("search-") } ?? []
            return searches.contains { search in
                let manifest = (try? String(contentsOfFile: "\(folder.path)/\(search)/search.json", encoding: .utf8)) ?? ""
                return manifest.contains(#""state" : "running""#)
            }
        }
        while !aTrialRuns() && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        Thread.sleep(forTimeInterval: 1)
        kill(launched.process.processIdentifier, SIGINT)
        let stopped = launched.wait()
        #expect(stopped.status == 130, "128 + SIGINT: \(stopped.stderr)")
        let board = try #require(Self.jsonLines(stopped.stdout).last)
        #expect(board["type"] as? String == "leaderboard")
        #expect((board["left"] as? Int ?? 0) >= 1)
        let rows = board["rows"] as? [[String: Any]] ?? []
        #expect(rows.contains { $0["state"] as? String == "stopped" })

        let resumed = try CLITests.run(arguments)
        #expect(resumed.status == 0)
        let lines = Self.jsonLines(resumed.stdout)
        #expect(lines.first?["to_run"] as? Int == board["left"] as? Int)
        #expect(lines.last?["left"] as? Int == 0)
    }
}
