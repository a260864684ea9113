/// The decoded manifold: images decoded from a grid of latent points, tiled edge to edge, the
/// top-left one from the top-left corner of the plotted range (as `ManifoldGrid` lays them out).
struct ManifoldWidget {
    var images: [[Float]]
    var columns: Int
    var side: Int
    var pixels: Int
    var context: RenderContext

    /// The grid for a panel: images of 7 pixels (down to 5 when little fits), at most 12 a side.
    static func fit(width: Int, height: Int) -> (columns: Int, rows: Int, pixels: Int)? {
        for pixels in [7, 6, 5] {
            let columns = min(12, width / pixels), rows = min(12, height / DigitImage.rows(pixels: pixels))
            if columns >= 4 && rows >= 3 || pixels == 5 && columns >= 2 && rows >= 2 { return (columns, rows, pixels) }
        }
        return nil
    }

    func draw(into canvas: inout Canvas, in rect: Rect) {
        let rowsPerImage = DigitImage.rows(pixels: pixels)
        for (index, image) in images.enumerated() {
            let x = rect.x + (index % columns) * pixels, y = rect.y + (index / columns) * rowsPerImage
            guard x + pixels <= rect.maxX, y + rowsPerImage <= rect.maxY else { continue }
            DigitImage.draw(image, side: side, pixels: pixels, into: &canvas, x: x, y: y, context: context)
        }
    }
}
