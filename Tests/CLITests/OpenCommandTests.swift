import Foundation
import TestSupport
import Testing

/// `aetui open RUN_DIR` refuses what it cannot show before the terminal is touched, naming the
/// path; and the hints a headless run prints name flags.
@Suite(.timeLimit(.minutes(3))) struct OpenCommandTests {
    @Test func badRunFoldersAreRefusedNamingThePath() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let none = try CLITests.run(["open"])
        #expect(none.status == 2 && none.stderr.contains("'aetui open' needs exactly one RUN_DIR"), "\(none.stderr)")
        let missing = try CLITests.run(["open", scratch.appendingPathComponent("gone").path])
        #expect(missing.status == 2 && missing.stderr.contains("\(scratch.path)/gone is not a folder"), "\(missing.stderr)")
        let notARun = try CLITests.run(["open", scratch.path])
        #expect(notARun.status == 1 && notARun.stderr.contains("\(scratch.path)/config.json: not found: is \(scratch.path) a saved run folder?"),
                "\(notARun.stderr)")
        let run = try EvalHostileTests.trainedRun(in: scratch.appendingPathComponent("runs"))
        let weights = URL(fileURLWithPath: run).appendingPathComponent("weights.safetensors")
        try Data("not safetensors".utf8).write(to: weights)
        let corrupt = try CLITests.run(["open", run])
        #expect(corrupt.status == 1 && corrupt.stderr.contains(weights.path), "\(corrupt.stderr)")
        #expect(corrupt.stdout.isEmpty)
    }

    @Test func aGoodRunStillNeedsATerminal() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let run = try EvalHostileTests.trainedRun(in: scratch)
        let open = try CLITests.run(["open", run])
        #expect(open.status == 2 && open.stderr.contains("'aetui open' shows a run in a terminal"), "\(open.stderr)")
        #expect(open.stderr.contains("for its figures in a script: 'aetui eval \(run)'"), "\(open.stderr)")
    }

    @Test func headlessHintsNameFlags() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let common = ["--train", "60", "--val", "300", "--classifier", "16", "--dropout", "0", "--lr-schedule", "constant",
                      "--runs-dir", scratch.path]
        let slow = try CLITests.run(["train", "--epochs", "2", "--layers", "16,2", "--lr", "1e-6"] + common)
        #expect(slow.status == 0, "\(slow.stderr)")
        #expect(slow.stdout.contains("hint: epoch 2: training loss ") && slow.stdout.contains("at learning rate 1e-06; try a higher --lr (e.g. --lr 1e-05)"),
                "\(slow.stdout)")
        let overfit = try CLITests.run(["train", "--epochs", "14", "--layers", "256,64,8", "--batch", "10", "--lr", "0.002"] + common)
        #expect(overfit.stdout.contains("hint: epoch 12: validation loss rose for 3 epochs ("), "\(overfit.stdout)")
        #expect(overfit.stdout.contains("try --keep best with --patience 3 (stops there and keeps the best epoch's weights)"))
    }
}
