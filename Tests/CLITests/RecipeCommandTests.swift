import Foundation
import TestSupport
import Testing

/// The recipe controls as a user meets them: several seeds, kept weights, eval's dead-unit check,
/// the divergence warning of a finished run.
@Suite(.timeLimit(.minutes(3))) struct RecipeCommandTests {
    static let small = ["--epochs", "2", "--train", "300", "--val", "200", "--layers", "32,8,2", "--threads", "1"]

    @Test func seedsTrainEachSeedAndSummarize() throws {
        let result = try CLITests.run(["train"] + Self.small + ["--seeds", "1,2", "--no-save"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("kept weights: epoch") || result.stdout.contains("test: loss"))
        #expect(result.stdout.components(separatedBy: "aetui train: ").count == 3, "two runs")
        #expect(result.stdout.contains(", seed 1\n") && result.stdout.contains(", seed 2\n"))
        #expect(result.stdout.contains("seeds 1,2 (2 runs):"))
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("test_accuracy:") })
        #expect(line.contains(" ± ") && line.contains("(min ") && line.contains(", max "))
    }

    @Test func seedsSummarizeAsJSON() throws {
        let result = try CLITests.run(["train"] + Self.small + ["--seeds", "3,4", "--no-save", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.filter { $0["type"] as? String == "result" }.map { $0["seed"] as? Int } == [3, 4])
        let summary = try #require(lines.last)
        #expect(summary["type"] as? String == "seeds")
        let accuracy = try #require(summary["test_accuracy"] as? [String: Any])
        let values = try #require(accuracy["values"] as? [Double])
        #expect(values.count == 2 && accuracy["min"] as? Double == values.min())
    }

    @Test func badSeedsAndScheduleOptionsAreUsageErrors() throws {
        for (arguments, message) in [(["--seeds", "1,x"], "--seeds"), (["--lr-schedule", "linear"], "--lr-schedule"),
                                     (["--lr-min", "1"], "--lr-min must be in [0, the learning rate"),
                                     (["--keep", "first"], "--keep"), (["--weight-decay", "-1"], "--weight-decay")] {
            let result = try CLITests.run(["train"] + arguments)
            #expect(result.status == 2)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }

    /// A ReLU bottleneck killed by a huge rate: eval of the saved run warns about the dead units.
    @Test func evalWarnsAboutDeadUnits() throws {
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        let train = try CLITests.run(["train", "--epochs", "1", "--train", "300", "--val", "200", "--layers", "32,8,2",
                                      "--preset", "seed", "--bottleneck-activation", "relu", "--lr", "5", "--runs-dir", runs.path, "--json"])
        let result = try #require(train.stdout.split(separator: "\n").last.flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        let folder = try #require(result["run_dir"] as? String, "\(train.stdout)")
        let eval = try CLITests.run(["eval", folder])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("warning: latent collapse: all 2 bottleneck units are dead"), "\(eval.stdout)")
    }

    /// RMSprop at rate 100 keeps finite losses but ends at chance: warned, not a clean finish.
    @Test func aFinishedRunAtChanceIsWarned() throws {
        let result = try CLITests.run(["train"] + Self.small + ["--lr", "100", "--lr-schedule", "constant", "--no-save"])
        #expect(result.stdout.contains("hint: epoch 2: validation"), "\(result.stdout)")
        #expect(result.stdout.contains("try a lower --lr (e.g. --lr 10)"), "the advice scales the base rate, not the schedule's last")
        #expect(result.stdout.contains("finished with a divergence warning (see the hint): 2 epochs"))
    }
}
