import Foundation

/// A search's trials ranked by their validation metric (val loss for standard, val accuracy for
/// supervised; each model ranked on its own when the grid mixes them), with the columns that
/// tell them apart: the searched keys that vary, then the figures.
public struct Leaderboard: Sendable {
    public struct Entry: Sendable, Equatable {
        /// 1 for the best of its model; nil for a trial without a figure (diverged at once, pending).
        public var rank: Int?
        public var trial: TrialRecord
    }

    public let varyingKeys: [SearchKey]
    /// Whether val accuracy has a column (some trial is supervised).
    public let showsAccuracy: Bool
    /// The models the search trains.
    public let models: Set<ModelKind>
    /// Ranked trials that have run (or are running), best first per model; then the rest.
    public let entries: [Entry]

    public init(manifest: SearchManifest, includePending: Bool = false) {
        varyingKeys = SearchKey.allCases.filter { (manifest.grid[$0.rawValue]?.count ?? 0) > 1 }
        models = Set(manifest.trials.map(\.model))
        showsAccuracy = models.contains(.supervised)
        let shown = manifest.trials.filter { includePending || $0.state != .pending }
        var entries: [Entry] = []
        for model in ModelKind.allCases {
            let metric = ValidationMetric(for: model)
            let ranked = shown.filter { $0.model == model && $0.rankingValue != nil }.sorted { a, b in
                let x = a.rankingValue!, y = b.rankingValue!
                return x != y ? metric.improves(x, on: y) : a.index < b.index
            }
            entries += ranked.enumerated().map { Entry(rank: $0.offset + 1, trial: $0.element) }
        }
        entries += shown.filter { $0.rankingValue == nil }.sorted { $0.index < $1.index }.map { Entry(rank: nil, trial: $0) }
        self.entries = entries
    }

    /// What the ranking is by, in words.
    public var rankingDescription: String {
        if models.count > 1 { return "val loss (standard) and val accuracy (supervised), each model on its own" }
        return models.first == .standard ? "val loss (best epoch)" : "val accuracy (best epoch)"
    }

    /// The best trials with a curve, for the overlaid validation chart.
    public func top(_ count: Int) -> [TrialRecord] {
        Array(entries.filter { $0.rank != nil && !$0.trial.lossCurve.isEmpty }.prefix(count).map(\.trial))
    }

    public var columns: [String] {
        ["rank"] + varyingKeys.map(\.rawValue) + ["val_loss"] + (showsAccuracy ? ["val_acc"] : [])
            + ["probe_acc", "best_epoch", "epochs", "seconds", "state"]
    }

    /// One row of text per entry, aligned with `columns`.
    public var rows: [[String]] { entries.map(cells) }

    public func cells(_ entry: Entry) -> [String] {
        let trial = entry.trial
        var row = [entry.rank.map(String.init) ?? "-"] + varyingKeys.map { trial.values[$0.rawValue] ?? "" }
        row.append(trial.valLoss.map { String(format: "%.5f", $0) } ?? "-")
        if showsAccuracy { row.append(percentText(trial.valAccuracy)) }
        row += [percentText(trial.probeAccuracy), trial.bestEpoch.map(String.init) ?? "-", trial.epochsRun.map(String.init) ?? "-",
                trial.seconds.map { String(format: "%.1f", $0) } ?? "-", trial.state.rawValue]
        return row
    }

    /// A short name for a trial in a legend: its varying values, e.g. "adam lr=0.001 batch=32".
    public func label(_ trial: TrialRecord) -> String {
        let parts = varyingKeys.map { key in
            let value = trial.values[key.rawValue] ?? ""
            return key == .model || key == .optimizer ? value : "\(key.rawValue)=\(value)"
        }
        return parts.isEmpty ? "trial \(trial.index)" : parts.joined(separator: " ")
    }

    /// The table as text, columns padded to their widest cell.
    public var text: String { TextTable.render([columns] + rows) }

    /// The table as CSV (RFC 4180 quoting), with the trial index and run folder added.
    public var csv: String {
        let header = columns + ["trial", "run"]
        let lines = entries.map { cells($0) + [String($0.trial.index), $0.trial.run ?? ""] }
        return ([header] + lines).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    private static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
