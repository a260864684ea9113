@testable import Engine
import Foundation
import TestSupport
import Testing

@Suite struct SearchGridTests {
    static func grid(_ lists: [(SearchKey, [String])], base: TrainingConfig = TrainingConfig()) throws -> SearchGrid {
        var grid = SearchGrid()
        for (key, list) in lists { try grid.set(key, list, base: base) }
        return grid
    }

    @Test func listsExpandToEveryCombinationLastKeyFastest() throws {
        // Given out of order: the expansion order is the keys' declared order, whatever the command line's.
        let grid = try Self.grid([(.lr, ["0.1", "0.01", "0.001"]), (.optimizer, ["adam", "sgd"])])
        #expect(grid.combinations == 6)
        #expect((0..<6).map { grid.choice($0) } == [
            [.optimizer: "adam", .lr: "0.1"], [.optimizer: "adam", .lr: "0.01"], [.optimizer: "adam", .lr: "0.001"],
            [.optimizer: "sgd", .lr: "0.1"], [.optimizer: "sgd", .lr: "0.01"], [.optimizer: "sgd", .lr: "0.001"],
        ])
        let config = try grid.config(for: grid.choice(4), base: TrainingConfig())
        #expect(config.optimizer == .sgd && config.learningRate == 0.01)
    }

    @Test func listTextSplitsOnCommasSpacesAndSlashesButSizeListsKeepTheirCommas() {
        #expect(SearchGrid.split("392,98,2 256,64,2/261,65,13", for: .layers) == ["392,98,2", "256,64,2", "261,65,13"])
        #expect(SearchGrid.split("0.1,0.01 0.001/0.0001", for: .lr) == ["0.1", "0.01", "0.001", "0.0001"])
        #expect(SearchGrid.split("40,40 80", for: .classifier) == ["40,40", "80"])
    }

    @Test(arguments: [
        (SearchKey.lr, "fast", "lr: 'fast' is not a learning rate > 0"),
        (.optimizer, "adamw", "optimizer: 'adamw' is not one of sgd, rmsprop, adam, adagrad"),
        (.layers, "392,0,2", "layers: '392,0,2' is not a comma-separated list of positive sizes"),
        (.batch, "-3", "batch: '-3' is not a whole number >= 1"),
        (.model, "deep", "model: 'deep' is not one of standard, supervised"),
    ])
    func aBadValueIsNamed(key: SearchKey, value: String, message: String) {
        #expect { try Self.grid([(key, ["0.1", value].filter { key == .lr || $0 != "0.1" })]) } throws: { error in
            (error as? SearchError)?.description.hasPrefix(message) == true
        }
    }

    @Test func aGridFileTakesNumbersNamesAndSizeLists() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("grid.json").path
        try Data(#"{"optimizer": ["adam", "rmsprop"], "lr": [0.01, 0.001], "layers": [[392, 98, 2], "256,64,2"], "seed": 3}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let grid = try SearchGrid.load(file: path, base: TrainingConfig())
        #expect(grid.combinations == 8)
        #expect(grid.values.map(\.key) == [.layers, .optimizer, .lr, .seed])
        #expect(grid.values[0].values == ["392,98,2", "256,64,2"])
        #expect(grid.values.map(\.values.count) == [2, 2, 2, 1])
    }

    @Test(arguments: [
        (#"{"learning_rate": [0.1]}"#, "unknown key 'learning_rate'"),
        (#"{"lr": [0.1, "x"]}"#, "lr: 'x' is not a learning rate > 0"),
        (#"{"lr": []}"#, "lr: the list is empty"),
        (#"[0.1, 0.2]"#, "not a JSON object of option lists"),
        ("{lr: 0.1", "not a JSON object of option lists"),
    ])
    func aBadGridFileIsNamedWithWhatIsWrong(text: String, message: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect { try SearchGrid.load(file: path, base: TrainingConfig()) } throws: { error in
            let description = (error as? SearchError)?.description ?? ""
            return description.hasPrefix("grid file \(path): ") && description.contains(message)
        }
    }

    @Test func randomDrawsDistinctCombinationsFromItsSeed() throws {
        let grid = try Self.grid([(.optimizer, ["adam", "sgd", "rmsprop", "adagrad"]), (.lr, ["0.1", "0.01", "0.005", "0.001", "0.0001"])])
        let drawn = grid.trialIndexes(random: 7, seed: 42)
        #expect(drawn.count == 7 && Set(drawn).count == 7 && drawn.allSatisfy { (0..<20).contains($0) })
        #expect(grid.trialIndexes(random: 7, seed: 42) == drawn)
        #expect(grid.trialIndexes(random: 7, seed: 43) != drawn)
        #expect(grid.trialIndexes(random: 50, seed: 1).sorted() == Array(0..<20))
        #expect(grid.trialIndexes(random: nil, seed: 1) == Array(0..<20))
    }

    @Test(arguments: 1...5)
    func shardsTogetherRunEveryTrialExactlyOnce(count: Int) {
        let trials = 0..<13
        let owners = trials.map { trial in (0..<count).filter { Shard(index: $0, count: count).contains(trial) } }
        #expect(owners.allSatisfy { $0.count == 1 })
    }

    @Test(arguments: ["3/2", "0/0", "2/2", "-1/3", "a/b", "1", "1/2/3", ""])
    func aBadShardSpecIsRefused(text: String) {
        #expect(throws: SearchError.self) { try Shard(parsing: text) }
    }

    @Test func aGoodShardSpecParses() throws {
        #expect(try Shard(parsing: "1/4") == Shard(index: 1, count: 4))
        #expect(try Shard(parsing: "0/1") == .whole)
    }
}

@Suite struct LeaderboardTests {
    static func trial(_ index: Int, _ model: ModelKind, loss: Float?, accuracy: Double? = nil, state: TrialState = .finished,
                      values: [String: String]) -> TrialRecord {
        var trial = TrialRecord(index: index, gridIndex: index, values: values, model: model)
        trial.state = state
        trial.valLoss = loss
        trial.valAccuracy = accuracy
        trial.epochsRun = loss == nil ? 0 : 5
        trial.lossCurve = loss.map { [$0 * 2, $0] } ?? []
        return trial
    }

    static func manifest(_ grid: [String: [String]], _ trials: [TrialRecord]) throws -> SearchManifest {
        var manifest = try SearchManifest(grid: SearchGrid(), base: TrainingConfig(), random: nil, searchSeed: 1)
        manifest.grid = grid
        manifest.trials = trials
        return manifest
    }

    @Test func supervisedRanksByAccuracyAndShowsOnlyVaryingKeys() throws {
        let grid = ["optimizer": ["adam", "sgd"], "lr": ["0.01", "0.001"], "batch": ["48"]]
        let trials = [
            Self.trial(0, .supervised, loss: 0.30, accuracy: 0.80, values: ["optimizer": "adam", "lr": "0.01", "batch": "48"]),
            Self.trial(1, .supervised, loss: 0.20, accuracy: 0.95, state: .earlyStopped, values: ["optimizer": "adam", "lr": "0.001", "batch": "48"]),
            Self.trial(2, .supervised, loss: nil, state: .diverged, values: ["optimizer": "sgd", "lr": "0.01", "batch": "48"]),
            Self.trial(3, .supervised, loss: 0.25, accuracy: 0.90, values: ["optimizer": "sgd", "lr": "0.001", "batch": "48"]),
        ]
        let board = Leaderboard(manifest: try Self.manifest(grid, trials))
        #expect(board.columns == ["rank", "optimizer", "lr", "val_loss", "val_acc", "probe_acc", "best_epoch", "epochs", "seconds", "state"])
        #expect(board.entries.map(\.trial.index) == [1, 3, 0, 2])
        #expect(board.entries.map(\.rank) == [1, 2, 3, nil])
        #expect(board.rows[0].prefix(5) == ["1", "adam", "0.001", "0.20000", "95.00%"])
        #expect(board.rows[3].last == "diverged")
        #expect(board.label(trials[1]) == "adam lr=0.001")
        #expect(board.top(5).map(\.index) == [1, 3, 0])
        #expect(board.csv.hasPrefix("rank,optimizer,lr,val_loss,val_acc,probe_acc,best_epoch,epochs,seconds,state,trial,run\n1,adam,0.001,"))
    }

    @Test func standardRanksByLossAndMixedModelsRankEachOnItsOwn() throws {
        let grid = ["model": ["standard", "supervised"], "lr": ["0.01", "0.001"]]
        let trials = [
            Self.trial(0, .standard, loss: 0.05, values: ["model": "standard", "lr": "0.01"]),
            Self.trial(1, .standard, loss: 0.04, values: ["model": "standard", "lr": "0.001"]),
            Self.trial(2, .supervised, loss: 0.3, accuracy: 0.9, values: ["model": "supervised", "lr": "0.01"]),
            Self.trial(3, .supervised, loss: 0.2, accuracy: 0.8, values: ["model": "supervised", "lr": "0.001"]),
        ]
        let board = Leaderboard(manifest: try Self.manifest(grid, trials))
        #expect(board.entries.map(\.trial.index) == [1, 0, 2, 3])
        #expect(board.entries.map(\.rank) == [1, 2, 1, 2])
        #expect(board.columns.contains("val_loss") && board.columns.contains("val_acc"))
        let standardOnly = Leaderboard(manifest: try Self.manifest(["lr": ["0.01", "0.001"]], Array(trials.prefix(2))))
        #expect(!standardOnly.columns.contains("val_acc"))
        #expect(!standardOnly.columns.contains("model"))
    }

    @Test func pendingTrialsAreLeftOut() throws {
        let trials = [Self.trial(0, .standard, loss: 0.05, values: ["lr": "0.1"]), Self.trial(1, .standard, loss: nil, state: .pending, values: ["lr": "0.2"])]
        #expect(Leaderboard(manifest: try Self.manifest(["lr": ["0.1", "0.2"]], trials)).entries.count == 1)
    }
}
