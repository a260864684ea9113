import Engine
import Foundation

/// The data a saved run is evaluated or shown on: `--data` when given, else the folder its
/// summary names, else the bundled copy with a note on stderr saying why.
enum SavedRunData {
    static func directory(explicit: String?, summary: RunSummary?, doing what: String) throws -> String {
        if let explicit { return explicit }
        if let saved = summary?.dataDirectory, FileManager.default.fileExists(atPath: saved) { return saved }
        let bundled = try TrainingSettings().resolvedDataDirectory()
        let gone = summary.map { "the run's data folder \($0.dataDirectory) is gone" } ?? "the run has no summary.json naming its data"
        Output.error("note: \(gone); \(what) on \(bundled) (--data DIR to choose)")
        return bundled
    }
}
