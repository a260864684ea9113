/// One character cell of a Canvas: a single-column glyph and its style.
public struct Cell: Equatable, Sendable {
    public var glyph: Unicode.Scalar
    public var style: Style

    public init(_ glyph: Unicode.Scalar, style: Style = .plain) {
        self.glyph = glyph
        self.style = style
    }

    public static let blank = Cell(" ")
}
