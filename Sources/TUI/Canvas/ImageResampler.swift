/// Shrinks a square greyscale image by area averaging, so small previews keep the strokes' weight.
public enum ImageResampler {
    /// `pixels` is `side` x `side`, row-major; returns `size` x `size` (never larger than `side`).
    public static func resample(_ pixels: [Float], side: Int, to size: Int) -> [Float] {
        let size = min(max(size, 1), side)
        guard size != side else { return pixels }
        var output = [Float](repeating: 0, count: size * size)
        let scale = Double(side) / Double(size)
        for row in 0..<size {
            let top = Double(row) * scale, bottom = top + scale
            for column in 0..<size {
                let left = Double(column) * scale, right = left + scale
                var sum = 0.0, area = 0.0
                for y in Int(top)..<min(side, Int(bottom.rounded(.up))) {
                    let height = min(bottom, Double(y + 1)) - max(top, Double(y))
                    for x in Int(left)..<min(side, Int(right.rounded(.up))) {
                        let weight = height * (min(right, Double(x + 1)) - max(left, Double(x)))
                        sum += Double(pixels[y * side + x]) * weight
                        area += weight
                    }
                }
                output[row * size + column] = Float(area > 0 ? sum / area : 0)
            }
        }
        return output
    }
}
