/// Shown instead of the panels when the terminal is smaller than the layout needs.
public struct TooSmallWidget {
    public var minimumWidth: Int
    public var minimumHeight: Int
    public var palette: Palette

    public init(minimumWidth: Int, minimumHeight: Int, palette: Palette) {
        self.minimumWidth = minimumWidth
        self.minimumHeight = minimumHeight
        self.palette = palette
    }

    public func draw(into canvas: inout Canvas) {
        let lines = Self.lines(width: canvas.width, height: canvas.height, minimumWidth: minimumWidth, minimumHeight: minimumHeight)
        let top = max(0, (canvas.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            canvas.write(line, x: max(0, (canvas.width - line.count) / 2), y: top + index,
                         style: line.hasPrefix("enlarge") || line.hasPrefix("need") ? palette.highlight : palette.text, limit: canvas.width)
        }
    }

    /// The longest wording whose lines all fit the width, as many lines as fit the height (what
    /// size is needed first, then what the size is, then how to quit).
    static func lines(width: Int, height: Int, minimumWidth: Int, minimumHeight: Int) -> [String] {
        let wordings = [["terminal \(width) x \(height) is too small", "enlarge to \(minimumWidth) x \(minimumHeight)", "(q quits)"],
                        ["\(width) x \(height): too small", "enlarge to \(minimumWidth) x \(minimumHeight)", "(q quits)"],
                        ["too small", "need \(minimumWidth)x\(minimumHeight)", "q quits"]]
        let lines = wordings.first { $0.allSatisfy { $0.count <= width } } ?? wordings[2]
        switch height {
        case ..<1: return []
        case 1: return [lines[1]]
        case 2: return Array(lines.prefix(2))
        default: return lines
        }
    }
}
