import Engine

/// What the point under the explorer's cursor decodes to: a large image, its coordinates, the
/// classifier head's prediction and probabilities (supervised), and the nearest validation
/// digits in the plane with their labels.
struct LatentPreviewWidget {
    struct Neighbor {
        var image: [Float]?
        var label: UInt8
    }

    var image: [Float]?
    var side: Int
    var point: (x: Float, y: Float)
    var isProjected: Bool
    var probabilities: [Float]?
    var neighbors: [Neighbor]
    var context: RenderContext

    /// Pixels a side of each nearest digit, and how many fit across `width`.
    static func neighborFit(width: Int, height: Int) -> (count: Int, pixels: Int) {
        let pixels = height >= 16 ? 8 : 6
        return (max(1, min(8, (width - 1) / (pixels + 1))), pixels)
    }

    func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        let (count, neighborPixels) = Self.neighborFit(width: rect.width, height: rect.height)
        // The nearest digits take the bottom: a caption line, the images, their labels.
        let band = 2 + DigitImage.rows(pixels: neighborPixels)
        let top = Rect(x: rect.x, y: rect.y, width: rect.width, height: max(0, rect.height - band))
        let pixels = min(side, 2 * top.height, rect.width / 2)
        if let image, pixels >= 4 {
            DigitImage.draw(image, side: side, pixels: pixels, into: &canvas, x: top.x, y: top.y, context: context)
        }
        let text = Rect(x: top.x + pixels + 1, y: top.y, width: max(0, top.width - pixels - 1), height: top.height)
        let names = isProjected ? ("pc1", "pc2") : ("z1", "z2")
        canvas.write("\(names.0) \(Format.coordinate(point.x))  \(names.1) \(Format.coordinate(point.y))", x: text.x, y: text.y,
                     style: palette.highlight, limit: text.width)
        drawProbabilities(into: &canvas, in: Rect(x: text.x, y: text.y + 1, width: text.width, height: text.height - 1))
        let bandTop = rect.maxY - band
        guard bandTop >= rect.y else { return }
        canvas.write(neighbors.isEmpty ? "nearest validation digits: none yet" : "nearest validation digits",
                     x: rect.x, y: bandTop, style: palette.muted, limit: rect.width)
        for (index, neighbor) in neighbors.prefix(count).enumerated() {
            let x = rect.x + index * (neighborPixels + 1)
            if let image = neighbor.image {
                DigitImage.draw(image, side: side, pixels: neighborPixels, into: &canvas, x: x, y: bandTop + 1, context: context)
            }
            canvas.write("\(neighbor.label)", x: x + neighborPixels / 2, y: bandTop + 1 + DigitImage.rows(pixels: neighborPixels),
                         style: palette.digit(Int(neighbor.label)))
        }
    }

    /// The prediction, then a bar per class: all ten by digit when they fit, else the likeliest.
    private func drawProbabilities(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        guard rect.height > 0 else { return }
        guard let probabilities, probabilities.count == 10 else {
            canvas.write("no classifier (standard)", x: rect.x, y: rect.y, style: palette.muted, limit: rect.width)
            return
        }
        let ranked = probabilities.indices.sorted { (probabilities[$1], $0) < (probabilities[$0], $1) }
        canvas.write("predicted \(ranked[0]) (\(Format.percent(Double(probabilities[ranked[0]]))))", x: rect.x, y: rect.y,
                     style: palette.text.adding(.bold), limit: rect.width)
        let rows = rect.height - 1
        let shown = rows >= 10 ? Array(0..<10) : Array(ranked.prefix(max(0, rows)))
        let barWidth = max(1, rect.width - 8)
        let full: Unicode.Scalar = context.display.unicode ? "█" : "#"
        for (row, digit) in shown.enumerated() {
            let y = rect.y + 1 + row
            let value = probabilities[digit]
            canvas.write("\(digit) ", x: rect.x, y: y, style: palette.digit(digit))
            let length = Int((value * Float(barWidth)).rounded())
            for column in 0..<length { canvas.put(full, x: rect.x + 2 + column, y: y, style: palette.digit(digit)) }
            canvas.write(Format.padLeft("\(Int((value * 100).rounded()))%", 4), x: rect.x + 3 + barWidth, y: y, style: palette.muted,
                         limit: rect.maxX - rect.x - 3 - barWidth)
        }
    }
}
