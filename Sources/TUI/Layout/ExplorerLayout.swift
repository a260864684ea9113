/// Where the latent explorer's panels go: a header line; at the left the latent scatter with the
/// cursor, and below it what the cursor's point decodes to; at the right the decoded manifold,
/// and below it the interpolation between the pins. Rectangles include their borders.
struct ExplorerLayout: Equatable {
    let header: Rect
    let scatter: Rect
    let preview: Rect
    let manifold: Rect
    let interpolation: Rect

    init(body: Rect) {
        header = Rect(x: body.x, y: body.y, width: body.width, height: 1)
        let middle = Rect(x: body.x, y: body.y + 1, width: body.width, height: max(0, body.height - 1))
        let roomy = middle.height >= ScreenLayout.roomyHeight - 2
        let (left, right) = middle.splitColumns(at: middle.width / 2)
        // Roomy: a 24-pixel preview beside the class probabilities, nearest digits below; tight: 12 pixels.
        (scatter, preview) = left.splitRows(at: left.height - (roomy ? 20 : middle.height * 11 / 20))
        (manifold, interpolation) = right.splitRows(at: right.height - (roomy ? 8 : 6))
    }
}
