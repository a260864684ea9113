import Engine
import Foundation

/// The 2-D latent codes of the fixed probe images as a scatter coloured by digit, axes fitted to
/// the codes, with the 0-9 legend below. A wider bottleneck is shown through its PCA projection,
/// and says so.
public struct LatentScatterWidget {
    public var snapshot: LatentSnapshot?
    /// The bottleneck width, for the PCA caption.
    public var dimensions: Int
    public var context: RenderContext

    public init(snapshot: LatentSnapshot?, dimensions: Int, context: RenderContext) {
        self.snapshot = snapshot
        self.dimensions = dimensions
        self.context = context
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        let showCaption = rect.height >= 4
        let plot = Self.plotArea(in: rect)
        DigitLegend(context: context).draw(into: &canvas, x: rect.x, y: rect.maxY - 1, width: rect.width)
        guard let snapshot, !snapshot.labels.isEmpty, plot.width > 0, plot.height > 0 else {
            let text = context.display.unicode ? "waiting for the first latent snapshot…" : "waiting for the first latent snapshot..."
            canvas.write(text, x: rect.x, y: rect.y + plot.height / 2, style: palette.muted, limit: rect.width)
            return
        }
        let xs = stride(from: 0, to: snapshot.points.count, by: 2).map { snapshot.points[$0] }
        let ys = stride(from: 1, to: snapshot.points.count, by: 2).map { snapshot.points[$0] }
        let (xRange, yRange) = Self.ranges(of: snapshot)
        var raster = DotRaster(columns: plot.width, rows: plot.height, inkCount: 10)
        for index in 0..<min(snapshot.labels.count, xs.count) {
            let x = (xs[index] - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
            let y = (ys[index] - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
            guard x.isFinite, y.isFinite, (0...1).contains(x), (0...1).contains(y) else { continue }
            raster.plot(x: Int((x * Float(raster.dotWidth - 1)).rounded()),
                        y: Int(((1 - y) * Float(raster.dotHeight - 1)).rounded()), ink: Int(snapshot.labels[index]))
        }
        switch context.markers {
        case .dots:
            raster.render(into: &canvas, x: plot.x, y: plot.y, glyphs: context.display.dots) { palette.digit($0) }
        case .digits:
            raster.renderDigits(into: &canvas, x: plot.x, y: plot.y, firstDigit: 0) { palette.digit($0) }
        }
        if showCaption {
            let names = snapshot.isProjected ? ("pc1", "pc2") : ("z1", "z2")
            let ranges = "\(names.0) \(Format.coordinate(xRange.lowerBound))..\(Format.coordinate(xRange.upperBound))"
            let yText = "\(names.1) \(Format.coordinate(yRange.lowerBound))..\(Format.coordinate(yRange.upperBound))"
            // The full line when it fits, else a compact one (the panel title already says PCA).
            let full = (snapshot.isProjected ? "PCA of \(dimensions)-D codes  " : "") + "\(ranges)  \(yText)  epoch \(snapshot.epoch)"
            let caption = full.count <= rect.width ? full : "\(ranges) \(yText) ep \(snapshot.epoch)"
            canvas.write(caption, x: rect.x, y: rect.maxY - 2, style: palette.muted, limit: rect.width)
        }
    }

    /// Where the points go in the widget's rectangle: above the caption and legend lines.
    static func plotArea(in rect: Rect) -> Rect {
        Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - (rect.height >= 4 ? 2 : 1))
    }

    /// The plotted span of each axis (see `range`): what the explorer's grid and cursor share.
    static func ranges(of snapshot: LatentSnapshot) -> (x: ClosedRange<Float>, y: ClosedRange<Float>) {
        (range(stride(from: 0, to: snapshot.points.count, by: 2).map { snapshot.points[$0] }),
         range(stride(from: 1, to: snapshot.points.count, by: 2).map { snapshot.points[$0] }))
    }

    /// The span of the middle 99% of the values plus a small margin, so a few outliers do not
    /// squeeze the clusters into a corner; a collapsed axis gets a unit span.
    static func range(_ values: [Float]) -> ClosedRange<Float> {
        let finite = values.filter(\.isFinite).sorted()
        guard !finite.isEmpty else { return -1...1 }
        let cut = finite.count >= 200 ? finite.count / 200 : 0
        var low = finite[cut], high = finite[finite.count - 1 - cut]
        if high - low < 1e-6 {
            low -= 0.5
            high += 0.5
        }
        let margin = (high - low) * 0.03
        return (low - margin)...(high + margin)
    }
}
