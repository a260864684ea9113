import Engine
import Foundation
import TUI

/// Subcommand dispatch. Usage mistakes exit 2, data and run errors exit 1, both with a message.
let version = "0.1.0"
let topHelp = """
    aetui \(version) — an autoencoder lab in the terminal

    usage:
      aetui [options]                 the live lab: train the standard and supervised AE side by side
      aetui train [options]           train one model headless and save the run
      aetui search [lists] [options]  hyperparameter search: every combination (or --random N), a leaderboard
      aetui runs [options]            browse saved runs (headless: list them); 'aetui runs compare RUN RUN ...'
      aetui eval RUN_DIR [options]    reload a saved run and print its test metrics
      aetui open RUN_DIR [options]    a saved run in the lab, read-only: curves, latent space, reconstructions, hints
      aetui bench [options]           time training steps against the CPU's FP32 peak
      aetui anomaly (--normal D | --all-digits) [options]  anomaly detection: train on normal digits, score the rest
      aetui --help | --version

    'aetui COMMAND --help' lists a command's options with their defaults.

    \(Output.exitCodes)
    """

// A file-size limit (`ulimit -f`) then fails a write with EFBIG, reported and survived like a
// full disk, instead of killing the process in the middle of a save.
signal(SIGXFSZ, SIG_IGN)
// Likewise a closed stdout (`aetui train | head -1`) fails the write instead of killing the
// process before its run is saved.
signal(SIGPIPE, SIG_IGN)

let arguments = Array(CommandLine.arguments.dropFirst())
let commands: [String: ([String]) throws -> Int32] = [
    "train": TrainCommand.run, "search": SearchCommand.run, "runs": RunsCommand.run, "eval": EvalCommand.run,
    "open": OpenCommand.run, "bench": BenchCommand.run, "anomaly": AnomalyCommand.run,
]
let status: Int32
do {
    switch arguments.first {
    case let name? where commands[name] != nil: status = try commands[name]!(Array(arguments.dropFirst()))
    case "--version": Output.line("aetui \(version)"); status = 0
    case "--help", "-h", "help": Output.line(topHelp + "\n\n" + LabCommand.commandLine.help); status = 0
    case nil: status = try LabCommand.run([])
    case let option? where option.hasPrefix("--"): status = try LabCommand.run(arguments)
    case let other?: throw UsageError("unknown command '\(other)'")
    }
} catch let error as UsageError {
    // A command's own help lists its options; the top-level help lists the commands.
    let help = arguments.first.flatMap { commands[$0] == nil ? nil : "aetui \($0) --help" } ?? "aetui --help"
    Output.error("\(error)\nrun '\(help)' for usage")
    status = 2
} catch let error as NcursesBackend.OpenError {
    // A terminal the lab cannot use is the invocation's problem, as a usage mistake is.
    Output.error("\(error)")
    status = 2
} catch {
    Output.error("\(error)")
    status = 1
}
exit(status)
