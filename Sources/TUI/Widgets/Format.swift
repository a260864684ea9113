import Engine
import Foundation

/// Numbers and times as the widgets print them.
enum Format {
    static func loss(_ value: Float?) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.4f", value)
    }

    static func percent(_ value: Double?) -> String { percentText(value, decimals: 1) }

    /// `text` in lines of at most `width` characters, broken at spaces (a longer word is cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " \(word)"
            while line.count > width {
                lines.append(String(line.prefix(width)))
                line = String(line.dropFirst(width))
            }
        }
        return line.isEmpty ? lines : lines + [line]
    }

    /// `text` in at most `width` characters: cut short, it ends in an ellipsis (… or ...), so a
    /// cut figure is never read as a whole one. `continues`: more follows that is not shown, so
    /// it ends in an ellipsis even when it fits.
    static func fit(_ text: String, width: Int, unicode: Bool, continues: Bool = false) -> String {
        guard continues || text.count > width else { return text }
        let ellipsis = unicode ? "…" : "..."
        guard width >= ellipsis.count else { return String(text.prefix(max(0, width))) }
        return String(text.prefix(min(text.count, width - ellipsis.count))) + ellipsis
    }

    /// "0:07", "12:34", "1:02:03".
    static func duration(_ seconds: Double) -> String {
        let total = Int(max(0, seconds))
        let hours = total / 3600, minutes = total / 60 % 60, secs = total % 60
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }

    /// An axis label in at most six characters: "0.0412", "1.25", "1e-04".
    static func axis(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        if magnitude >= 1000 || magnitude < 0.001 { return String(format: "%.0e", value) }
        if magnitude >= 100 { return String(format: "%.0f", value) }
        if magnitude >= 10 { return String(format: "%.1f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }

    /// A compact signed number for latent ranges: "-3.2", "12", "0.05".
    static func coordinate(_ value: Float) -> String {
        let magnitude = abs(value)
        if magnitude >= 100 { return String(format: "%.0f", value) }
        if magnitude >= 1 { return String(format: "%.1f", value) }
        return String(format: "%.2f", value)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

extension Canvas {
    /// A header line of styled segments from `x` to `maxX`; a segment cut by the edge ends in an
    /// ellipsis (a run's name cut at "val_acc=0.94" would misstate its figure).
    mutating func writeSegments(_ segments: [(text: String, style: Style)], x: Int, y: Int, maxX: Int, unicode: Bool) {
        var column = x
        for segment in segments where column < maxX {
            column += write(Format.fit(segment.text, width: maxX - column, unicode: unicode), x: column, y: y, style: segment.style, limit: maxX - column)
        }
    }
}
