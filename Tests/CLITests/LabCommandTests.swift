import Foundation
import TestSupport
import Testing

/// The lab's command line, without a terminal: help, usage errors and theme errors are all
/// settled before the terminal is touched. (The lab on a terminal is TUITests' end-to-end test.)
@Suite(.timeLimit(.minutes(1))) struct LabCommandTests {
    @Test func helpListsTheLabOptions() throws {
        let result = try CLITests.run(["--help"])
        #expect(result.status == 0)
        for option in ["--theme NAME", "--ascii", "--no-color", "--fps N", "--epochs N", "--layers L1,L2,Z", "--runs-dir DIR"] {
            #expect(result.stdout.contains(option), "aetui --help lacks \(option)")
        }
    }

    @Test(arguments: [
        (["--fps", "0"], "option '--fps': '0' is not a whole number in 1...60"),
        (["--colour"], "unknown option '--colour' for 'aetui'"),
        (["--epochs", "3", "extra"], "unexpected argument 'extra' for 'aetui'"),
        (["--lr", "-1"], "--lr must be a finite number > 0"),
    ])
    func usageMistakesExit2(arguments: [String], message: String) throws {
        let result = try CLITests.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message))
        #expect(result.stdout.isEmpty)
    }

    @Test func aBrokenThemeIsNamedWithItsFieldAndTheTerminalIsLeftAlone() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.json")
        try Data(#"{"colors256": {"digits": [1, 2]}}"#.utf8).write(to: file)
        let result = try CLITests.run(["--theme", file.path])
        #expect(result.status == 2, "a bad --theme is a bad option value")
        #expect(result.stderr.contains("option '--theme': theme \(file.path): field 'colors256.digits': must be a list of 10 colour indexes"))
        #expect(result.stdout.isEmpty)
        let unknown = try CLITests.run(["--theme", "neon"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no such theme (the themes are: dark, high-contrast, light)"))
    }

    @Test func withoutATerminalTheLabSaysWhatToUseInstead() throws {
        let result = try CLITests.run(["--epochs", "1", "--train", "100", "--val", "100"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the lab needs a terminal"))
        #expect(result.stdout.isEmpty)
    }
}
