/// The decoded steps between the explorer's two pins, A to B, in a row; with fewer pins, how to
/// set them.
struct InterpolationWidget {
    var pins: [(x: Float, y: Float)]
    var images: [[Float]]
    var side: Int
    var context: RenderContext

    func draw(into canvas: inout Canvas, in rect: Rect) {
        let palette = context.palette
        let arrow = context.display.unicode ? "→" : "->"
        let caption = switch pins.count {
        case 0: "Enter pins A, then B, at the cursor"
        case 1: "A at \(Self.text(pins[0])): Enter pins B"
        default: "A \(Self.text(pins[0])) \(arrow) B \(Self.text(pins[1]))"
        }
        canvas.write(caption, x: rect.x, y: rect.y, style: pins.count == 2 ? palette.highlight : palette.muted, limit: rect.width)
        guard !images.isEmpty else { return }
        // A column between images when there is room for 6 pixels and the gap; edge to edge when tight.
        let gap = rect.width / images.count >= 7 ? 1 : 0
        let pixels = min(side, 2 * (rect.height - 1), rect.width / images.count - gap)
        guard pixels >= 3 else { return }
        for (index, image) in images.enumerated() {
            DigitImage.draw(image, side: side, pixels: pixels, into: &canvas, x: rect.x + index * (pixels + gap), y: rect.y + 1, context: context)
        }
    }

    static func text(_ point: (x: Float, y: Float)) -> String { "(\(Format.coordinate(point.x)), \(Format.coordinate(point.y)))" }
}
