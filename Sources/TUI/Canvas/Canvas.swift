/// An in-memory screen: a grid of cells that widgets draw into and a backend blits.
///
/// Writes outside the grid are dropped, so widgets can draw without bounds checks of their own.
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    private var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * width + x] : .blank }
        set { if contains(x, y) { cells[y * width + x] = newValue } }
    }

    private func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    public mutating func put(_ glyph: Unicode.Scalar, x: Int, y: Int, style: Style) {
        self[x, y] = Cell(glyph, style: style)
    }

    /// Writes `text` from (x, y) on one line, at most `limit` columns; returns the columns used.
    ///
    /// Control characters and emoji (which take two columns) become `?` so the grid stays aligned.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style, limit: Int = .max) -> Int {
        var column = 0
        for scalar in text.unicodeScalars where column < limit {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let safe: Unicode.Scalar = scalar.value < 0x20 || scalar.properties.isEmojiPresentation ? "?" : scalar
            put(safe, x: x + column, y: y, style: style)
            column += 1
        }
        return column
    }

    /// Fills a rectangle with one glyph and style (a space clears it).
    public mutating func fill(_ rect: Rect, glyph: Unicode.Scalar = " ", style: Style = .plain) {
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX { put(glyph, x: x, y: y, style: style) }
        }
    }

    /// The glyphs of one row as text (for tests and logs).
    public func row(_ y: Int) -> String {
        var text = String.UnicodeScalarView()
        for x in 0..<width { text.append(self[x, y].glyph) }
        return String(text)
    }

    /// All rows, trailing spaces removed, joined by newlines.
    public var text: String {
        (0..<height).map { y in
            var line = row(y)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    // MARK: - Diff

    /// A run of neighbouring cells on one row that share a style: what a backend writes in one call.
    public struct Span: Equatable, Sendable {
        public var x: Int
        public var y: Int
        public var style: Style
        public var text: String
    }

    /// The spans that turn `previous` into this canvas; all of them when there is no previous
    /// frame of the same size. Unchanged cells between two changes on a row are sent too when the
    /// gap is short, since a cursor jump costs about as much as a few cells.
    public func spans(since previous: Canvas?) -> [Span] {
        let reference = previous.flatMap { $0.width == width && $0.height == height ? $0 : nil }
        var spans: [Span] = []
        for y in 0..<height {
            var x = 0
            while x < width {
                guard let start = nextChange(in: reference, y: y, from: x) else { break }
                var end = start + 1
                let style = self[start, y].style
                while end < width, self[end, y].style == style {
                    if isChanged(in: reference, x: end, y: y) {
                        end += 1
                        continue
                    }
                    guard let next = nextChange(in: reference, y: y, from: end), next - end <= 3,
                          (end...next).allSatisfy({ self[$0, y].style == style }) else { break }
                    end = next + 1
                }
                var text = String.UnicodeScalarView()
                for column in start..<end { text.append(self[column, y].glyph) }
                spans.append(Span(x: start, y: y, style: style, text: String(text)))
                x = end
            }
        }
        return spans
    }

    private func isChanged(in reference: Canvas?, x: Int, y: Int) -> Bool {
        guard let reference else { return true }
        return reference.cells[y * width + x] != cells[y * width + x]
    }

    private func nextChange(in reference: Canvas?, y: Int, from x: Int) -> Int? {
        (x..<width).first { isChanged(in: reference, x: $0, y: y) }
    }
}
