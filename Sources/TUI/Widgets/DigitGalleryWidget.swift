/// Two rows of test digits: the most anomalous (highest scores) and the most normal (lowest),
/// each with its true label and score, as half-block, shade or ASCII images.
public struct DigitGalleryWidget {
    public struct Item: Sendable {
        public var image: [Float]
        public var label: Int
        public var score: Float
        public var isAnomaly: Bool

        public init(image: [Float], label: Int, score: Float, isAnomaly: Bool) {
            self.image = image
            self.label = label
            self.score = score
            self.isAnomaly = isAnomaly
        }
    }

    public var mostAnomalous: [Item]
    public var mostNormal: [Item]
    public var side: Int
    public var context: RenderContext

    public init(mostAnomalous: [Item], mostNormal: [Item], side: Int, context: RenderContext) {
        self.mostAnomalous = mostAnomalous
        self.mostNormal = mostNormal
        self.side = side
        self.context = context
    }

    /// Each digit is at least as wide as its caption ("9 0.031"), so columns are 7 cells.
    static let columnWidth = 7

    /// Digits per row and pixels a side for the room: two rows of (caption line + image + title).
    static func fit(width: Int, height: Int) -> (count: Int, pixels: Int)? {
        let rowsPerBand = height / 2 - 2
        let pixels = min(columnWidth - 1, rowsPerBand * 2)
        guard pixels >= 4 else { return nil }
        return (max(1, width / columnWidth), pixels)
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        guard let (count, pixels) = Self.fit(width: rect.width, height: rect.height) else { return }
        let bandHeight = rect.height / 2
        for (band, (title, items)) in [("most anomalous (highest scores)", mostAnomalous), ("most normal (lowest scores)", mostNormal)].enumerated() {
            let top = rect.y + band * bandHeight
            canvas.write(title, x: rect.x, y: top, style: palette.highlight, limit: rect.width)
            for (index, item) in items.prefix(count).enumerated() {
                let x = rect.x + index * Self.columnWidth
                DigitImage.draw(item.image, side: side, pixels: pixels, into: &canvas, x: x, y: top + 1, context: context)
                let caption = "\(item.label) \(Format.axis(Double(item.score)))"
                canvas.write(caption, x: x, y: top + 1 + DigitImage.rows(pixels: pixels), style: item.isAnomaly ? palette.warning : palette.validation,
                             limit: Self.columnWidth - 1)
            }
        }
    }
}
