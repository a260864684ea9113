/// Turns the dots of one cell (2 wide, 4 tall) into a character: braille, or ASCII without UTF-8.
///
/// Dot bits follow the Unicode braille order, so a braille glyph is U+2800 plus the bits:
/// left column top to bottom 0x01 0x02 0x04 0x40, right column 0x08 0x10 0x20 0x80.
public enum DotGlyphs: Equatable, Sendable {
    case braille
    case ascii

    /// The bit of the dot at column `dx` (0-1) and row `dy` (0-3) of a cell.
    public static func bit(dx: Int, dy: Int) -> UInt8 {
        let left: [UInt8] = [0x01, 0x02, 0x04, 0x40]
        let right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
        return dx == 0 ? left[dy] : right[dy]
    }

    private static let upperHalf: UInt8 = 0x01 | 0x02 | 0x08 | 0x10

    public func glyph(for bits: UInt8) -> Unicode.Scalar {
        switch self {
        case .braille:
            return Unicode.Scalar(0x2800 + UInt32(bits))!
        case .ascii:
            if bits == 0 { return " " }
            if bits.nonzeroBitCount >= 6 { return "#" }
            let upper = bits & Self.upperHalf != 0, lower = bits & ~Self.upperHalf != 0
            return upper && lower ? ":" : upper ? "'" : "."
        }
    }
}
