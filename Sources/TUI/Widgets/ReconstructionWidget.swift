import Engine

/// Fixed test digits, originals above and their reconstructions below, each scaled to fit: half
/// blocks on the grey ramp, shade characters, or an ASCII ramp, as the terminal allows.
public struct ReconstructionWidget {
    public var snapshot: ReconstructionSnapshot?
    public var context: RenderContext

    static let maximumDigits = 10
    static let captions = ("orig", "recon")

    public init(snapshot: ReconstructionSnapshot?, context: RenderContext) {
        self.snapshot = snapshot
        self.context = context
    }

    /// How many digits to show and at how many pixels a side: as many digits as fit (up to 10)
    /// at 8 pixels or more, else as many as fit at 4; never larger than the source.
    static func fit(count: Int, side: Int, width: Int, height: Int) -> (digits: Int, pixels: Int)? {
        let rowsPerImage = height / 2
        let tallest = min(side, rowsPerImage * 2)
        func pixels(_ digits: Int) -> Int { min(tallest, (width + 1) / digits - 1) }
        let most = min(count, maximumDigits)
        guard most > 0 else { return nil }
        for smallest in [8, 4] {
            for digits in stride(from: most, through: 1, by: -1) where pixels(digits) >= min(smallest, side) {
                return (digits, pixels(digits))
            }
        }
        return nil
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        guard let snapshot, !snapshot.originals.isEmpty else {
            let text = context.display.unicode ? "waiting for the first reconstructions…" : "waiting for the first reconstructions..."
            canvas.write(text, x: rect.x, y: rect.y + rect.height / 2, style: palette.muted, limit: rect.width)
            return
        }
        // The orig/recon captions stay on all but the narrowest panels, at the cost of a digit: a
        // row of images without them does not say which row is which.
        let captionWidth = rect.width >= 24 ? 6 : 0
        let area = Rect(x: rect.x + captionWidth, y: rect.y, width: rect.width - captionWidth, height: rect.height)
        guard let (digits, pixels) = Self.fit(count: snapshot.originals.count, side: snapshot.side,
                                             width: area.width, height: area.height) else { return }
        let rowsPerImage = DigitImage.rows(pixels: pixels)
        let gap = area.height >= 2 * rowsPerImage + 1 ? 1 : 0
        let rows = [(snapshot.originals, area.y, Self.captions.0),
                    (snapshot.reconstructions, area.y + rowsPerImage + gap, Self.captions.1)]
        for (images, top, caption) in rows {
            if captionWidth > 0 { canvas.write(caption, x: rect.x, y: top + (rowsPerImage - 1) / 2, style: palette.muted) }
            for index in 0..<min(digits, images.count) {
                DigitImage.draw(images[index], side: snapshot.side, pixels: pixels, into: &canvas,
                                x: area.x + index * (pixels + 1), y: top, context: context)
            }
        }
    }
}
