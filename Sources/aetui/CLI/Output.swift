import Engine
import Foundation

/// Writing to the terminal: human lines to stdout, errors to stderr, JSON lines with a `type`.
enum Output {
    /// What every command's exit status means, for `aetui --help` and `aetui train --help`.
    static let exitCodes = """
        exit codes: 0 done; 1 a data or run error (bad data or run file, diverged run, a save that failed:
        the figures are still printed and the error says where the run was kept); 2 a usage error (bad
        option or value, unusable --runs-dir), found before any training; 130, 143, 129 stopped by Ctrl-C,
        SIGTERM, SIGHUP (128 + the signal's number), the runs evaluated and saved.
        """

    static func line(_ text: String) {
        // `try?`: a terminal gone after SIGHUP must not crash the save that follows.
        try? FileHandle.standardOutput.write(contentsOf: Data("\(text)\n".utf8))
    }

    static func error(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data("aetui: \(text)\n".utf8))
    }

    /// One JSON object per line: the encodable's fields plus `type` and any extra fields.
    static func json<T: Encodable>(_ type: String, _ value: T?, extra: [String: Any] = [:]) {
        var object: [String: Any] = [:]
        if let value, let data = try? RunStore.encoder().encode(value),
           let fields = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            object = fields
        }
        object.merge(extra) { _, new in new }
        object["type"] = type
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            line(String(decoding: data, as: UTF8.self))
        }
    }

    /// The one-line human summary of held-out figures, shared by `train` and `eval`.
    static func testSummary(_ test: TestMetrics) -> String {
        var text = "test: loss \(loss(test.testLoss))  mse \(loss(test.testMSE))"
        if let accuracy = test.testAccuracy { text += "  accuracy \(percentText(accuracy))  (val \(percentText(test.valAccuracy)))" }
        return text + "  k-NN probe (k=5): val \(percentText(test.valProbeAccuracy)), test \(percentText(test.testProbeAccuracy))"
    }

    static func loss(_ value: Float?) -> String { value.map { $0.isNaN ? "nan" : String(format: "%.5f", $0) } ?? "-" }
}
