/// Draws one greyscale digit, scaled to `pixels` a side, two pixels per cell in the display's image
/// encoding (half blocks, shades or an ASCII ramp). Shared by the reconstruction previews and the
/// anomaly gallery.
enum DigitImage {
    /// Rows of cells an image of `pixels` a side takes.
    static func rows(pixels: Int) -> Int { (pixels + 1) / 2 }

    static func draw(_ image: [Float], side: Int, pixels: Int, into canvas: inout Canvas, x: Int, y: Int, context: RenderContext) {
        guard image.count == side * side, pixels > 0 else { return }
        let scaled = ImageResampler.resample(image, side: side, to: pixels)
        for row in 0..<rows(pixels: pixels) {
            for column in 0..<pixels {
                let upper = scaled[2 * row * pixels + column]
                let lower = 2 * row + 1 < pixels ? scaled[(2 * row + 1) * pixels + column] : 0
                canvas[x + column, y + row] = context.display.image.cell(upper: upper, lower: lower, style: context.palette.image)
            }
        }
    }
}
