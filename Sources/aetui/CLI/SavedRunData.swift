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

    static func directory(explicit: String?, summary: RunSummary?, doing what: String) throws -> String {
        if let explicit { return explicit }
        if let saved = summary?.dataDirectory, FileManager.default.fileExists(atPath: saved) { return saved }
        let bundled = try TrainingSettings().resolvedDataDirectory()
        let gone = summary.map { "the run's data folder \($0.dataDirectory) is gone" } ?? "the run has no summary.json naming its data"
        Output.error("note: \(gone); \(what) on \(bundled) (--data DIR to choose)")
        return bundled
    }
}
