import Engine
import Foundation

/// The data a saved run is evaluated or shown on: `--data` when given, else the folder its
/// summary names, else the bundled copy with a note on stderr saying why.
enum SavedRunData {
    /// The `--data DIR` option of a command that opens a saved run; `directory` resolves it.
    static func option<Settings>(_ path: WritableKeyPath<Settings, String?>) -> Option<Settings> {
        .value("data", "DIR", "folder with the four MNIST IDX files", default: "the run's own data folder, else the bundled copy",
               path, Parse.path)
    }

    static func directory(explicit: String?, summary: RunSummary?, of run: URL, doing what: String) throws -> String {
        if let explicit { return explicit }
        if let saved = summary?.dataDirectory, FileManager.default.fileExists(atPath: saved) { return saved }
        let bundled = try TrainingSettings().resolvedDataDirectory()
        let gone = summary.map { "the run's data folder \($0.dataDirectory) is gone" } ?? "the run's summary.json, which names its data, \(summaryProblem(run))"
        Output.error("note: \(gone); \(what) on \(bundled) (--data DIR to choose)")
        return bundled
    }

    /// Why a run has no summary to read: "is missing" or "is unreadable".
    static func summaryProblem(_ run: URL) -> String {
        FileManager.default.fileExists(atPath: run.appendingPathComponent(RunStore.summaryFile).path) ? "is unreadable" : "is missing"
    }

    /// A RUN_DIR argument: an existing folder, else a usage error (exit 2) naming the command.
    static func folder(_ text: String, for command: String) throws -> URL {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw UsageError("'\(command)': the RUN_DIR given is empty") }
        let directory = URL(fileURLWithPath: text, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("'\(command)': \(directory.path) is not a folder (RUN_DIR is a saved run's folder, e.g. under runs/)")
        }
        return directory
    }
}
