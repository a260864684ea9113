/// A grid of dots, 2 across and 4 down per cell, each dot drawn in one of a few inks (chart series
/// or digit classes). A cell shows the ink with most dots in it: one colour per cell is all a
/// terminal can do.
public struct DotRaster: Sendable {
    public let columns: Int
    public let rows: Int
    public let inkCount: Int
    private var bits: [UInt8]
    private var votes: [UInt16]

    public init(columns: Int, rows: Int, inkCount: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.inkCount = max(1, inkCount)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        votes = Array(repeating: 0, count: self.columns * self.rows * self.inkCount)
    }

    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * 4 }

    /// Sets the dot at (x, y), dot coordinates from the top-left; dots outside are dropped.
    public mutating func plot(x: Int, y: Int, ink: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight, ink >= 0, ink < inkCount else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= DotGlyphs.bit(dx: x % 2, dy: y % 4)
        votes[cell * inkCount + ink] &+= 1
    }

    /// Draws a straight line of dots (Bresenham) from one dot to another, both ends included.
    public mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), ink: Int) {
        var x = start.x, y = start.y
        let dx = abs(end.x - x), dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1, stepY = y < end.y ? 1 : -1
        var error = dx + dy
        while true {
            plot(x: x, y: y, ink: ink)
            if x == end.x && y == end.y { return }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    public func bits(column: Int, row: Int) -> UInt8 { bits[row * columns + column] }

    /// The ink with most dots in a cell (the lower ink wins a tie), or nil for an empty cell.
    public func dominantInk(column: Int, row: Int) -> Int? {
        let cell = row * columns + column
        guard bits[cell] != 0 else { return nil }
        var best = 0, bestVotes: UInt16 = 0
        for ink in 0..<inkCount where votes[cell * inkCount + ink] > bestVotes {
            best = ink
            bestVotes = votes[cell * inkCount + ink]
        }
        return best
    }

    /// Draws every non-empty cell at `origin` with `glyphs`, styled by its dominant ink.
    public func render(into canvas: inout Canvas, x originX: Int, y originY: Int, glyphs: DotGlyphs, style: (Int) -> Style) {
        for row in 0..<rows {
            for column in 0..<columns {
                guard let ink = dominantInk(column: column, row: row) else { continue }
                canvas.put(glyphs.glyph(for: bits(column: column, row: row)), x: originX + column, y: originY + row, style: style(ink))
            }
        }
    }

    /// Draws every non-empty cell as the digit `firstDigit + ink` (markers for terminals without
    /// colour), styled by that ink.
    public func renderDigits(into canvas: inout Canvas, x originX: Int, y originY: Int, firstDigit: Int, style: (Int) -> Style) {
        for row in 0..<rows {
            for column in 0..<columns {
                guard let ink = dominantInk(column: column, row: row) else { continue }
                canvas.put(Unicode.Scalar(UInt8(48 + firstDigit + ink)), x: originX + column, y: originY + row, style: style(ink))
            }
        }
    }
}
