/// A one-line progress bar: full and empty blocks, or `#` and `-` without UTF-8.
enum ProgressBar {
    static func text(fraction: Double, width: Int, unicode: Bool) -> String {
        guard width > 0 else { return "" }
        let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded(.down))
        return String(repeating: unicode ? "█" : "#", count: filled) + String(repeating: unicode ? "░" : "-", count: width - filled)
    }
}
