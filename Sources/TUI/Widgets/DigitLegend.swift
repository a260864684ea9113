/// The 0-9 legend of the latent scatter: each digit in its class style, exactly as the dots show
/// it (with 8 colours, hue and attribute). Without colour the classes are told apart by digit
/// markers, and the legend says so.
public struct DigitLegend {
    public var context: RenderContext

    public init(context: RenderContext) { self.context = context }

    public func draw(into canvas: inout Canvas, x: Int, y: Int, width: Int) {
        let palette = context.palette
        guard palette.mode != .monochrome else {
            let text = context.markers == .digits ? "markers: digit = class" : "press m for digit markers"
            canvas.write(text, x: x, y: y, style: palette.muted, limit: width)
            return
        }
        let mark: Unicode.Scalar = context.display.unicode ? "■" : "#"
        var column = x
        for digit in 0..<10 where column + 3 <= x + width {
            let style = palette.digit(digit)
            if context.markers == .dots && width >= 30 {
                canvas.put(mark, x: column, y: y, style: style)
                column += 1
            }
            canvas.write("\(digit) ", x: column, y: y, style: style)
            column += 2
        }
    }
}
