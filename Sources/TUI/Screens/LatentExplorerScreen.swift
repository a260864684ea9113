import Engine

/// The latent explorer (`M`): the run's latent scatter with a cursor, the manifold its decoder
/// draws over the plotted range, the cursor's point decoded live with the nearest validation
/// digits, and the interpolation between two pinned points. Decoding runs here, on the UI
/// thread, with the copy of the decoder that came with the latent snapshot: training never waits.
public final class LatentExplorerScreen: LabScreen {
    private let title: String
    private let source: () -> RunSnapshot
    private let validation: LabeledImages?
    /// The snapshot shown: a newer one is taken at most every `refreshInterval` seconds, since
    /// each one repaints the whole manifold (about 23 KB at 120x40).
    private var shown: RunSnapshot
    private var shownSince = -Double.infinity
    static let refreshInterval = 5.0
    /// The cursor's cell in the scatter's plot area; nil: its centre.
    private var cursor: Cursor?
    /// The cell whose point the preview shows: it follows the cursor at most every
    /// `previewInterval` seconds, so a held arrow key moves the marker at once but repaints the
    /// decoded image and the nearest digits (about 2 KB each time) a few times a second.
    private var previewed: Cursor?
    private var previewedSince = -Double.infinity
    static let previewInterval = 0.34
    private var pins: [Pin] = []
    /// The scatter's plot area at the last draw: arrow keys move one of its cells.
    private var plot = Rect(x: 0, y: 0, width: 40, height: 16)
    private var derived: Derived?

    struct Cursor: Hashable {
        var column: Int
        var row: Int
    }

    struct Pin: Hashable {
        var x: Float
        var y: Float
        var point: (x: Float, y: Float) { (x, y) }
    }

    /// What is computed once per shown snapshot: the decoder, the nearest-digit search, the grid.
    private struct Derived {
        var key: [Int]
        var decoder: LatentDecoder
        var neighbors: NearestNeighbors
        var grid: (grid: ManifoldGrid, images: [[Float]])?
    }

    /// `snapshot` is called every frame (a live run's monitor, or a saved run's fixed snapshot);
    /// `validation` holds the images the latent snapshot encodes, for the nearest digits.
    public init(title: String, snapshot: @escaping () -> RunSnapshot, validation: LabeledImages?) {
        self.title = title
        source = snapshot
        self.validation = validation
        shown = snapshot()
    }

    public var keys: [KeyHelp] { KeyMap.explorer.help }

    public func handle(_ key: KeyInput, now: Double) -> ScreenResponse {
        guard let action = KeyMap.explorer.action(for: key) else { return .ignored }
        var moved = cell
        switch action {
        case .left: moved.column -= 1
        case .right: moved.column += 1
        case .up: moved.row -= 1
        case .down: moved.row += 1
        case .pin:
            guard let point = cursorPoint else { return .message("no latent snapshot yet") }
            pins = pins.count >= 2 ? [Pin(x: point.x, y: point.y)] : pins + [Pin(x: point.x, y: point.y)]
            return .message("pinned \(pins.count == 1 ? "A" : "B") at \(InterpolationWidget.text(point))")
        case .clearPins: pins = []
        }
        cursor = moved
        return .handled
    }

    public func update(now: Double) -> ScreenResponse {
        let newest = source()
        let isNewer = PreviewThrottle.key(newest.latent) != PreviewThrottle.key(shown.latent) || newest.phase != shown.phase
        if isNewer && now - shownSince >= Self.refreshInterval {
            shown = newest
            shownSince = now
        }
        // Before the first draw the plot's size, and so the cursor's cell, is not known yet.
        if previewed != nil && previewed != cell && now - previewedSince >= Self.previewInterval {
            previewed = cell
            previewedSince = now
        }
        return .ignored
    }

    private struct FrameKey: Hashable {
        var latent: [Int]?
        var phase: RunPhase
        var cursor: Cursor?
        var previewed: Cursor?
        var pins: [Pin]
    }

    public func frameKey(now: Double) -> AnyHashable {
        FrameKey(latent: PreviewThrottle.key(shown.latent), phase: shown.phase, cursor: cursor, previewed: previewed, pins: pins)
    }

    /// The cursor's cell, kept inside the plot area (which a resize may have shrunk).
    private var cell: Cursor {
        let cell = cursor ?? Cursor(column: plot.width / 2, row: plot.height / 2)
        return Cursor(column: min(max(cell.column, 0), plot.width - 1), row: min(max(cell.row, 0), plot.height - 1))
    }

    private var cursorPoint: (x: Float, y: Float)? { point(at: cell) }

    /// The plane point of a plot cell: the middle of its 2 x 4 dots in the shown snapshot's
    /// ranges, so that a point pinned there is drawn in that cell.
    private func point(at cell: Cursor) -> (x: Float, y: Float)? {
        guard let latent = shown.latent else { return nil }
        let (xRange, yRange) = LatentScatterWidget.ranges(of: latent)
        let fx = (Float(2 * cell.column) + 0.5) / Float(max(1, 2 * plot.width - 1))
        let fy = 1 - (Float(4 * cell.row) + 1.5) / Float(max(1, 4 * plot.height - 1))
        return (xRange.lowerBound + fx * (xRange.upperBound - xRange.lowerBound), yRange.lowerBound + fy * (yRange.upperBound - yRange.lowerBound))
    }

    // MARK: - Drawing

    public func draw(into canvas: inout Canvas, in body: Rect, context: RenderContext, now: Double) {
        var context = context
        // Digit markers when colour cannot tell the classes apart, as the training screen starts.
        if context.display.colors == .monochrome { context.markers = .digits }
        let layout = ExplorerLayout(body: body)
        drawHeader(into: &canvas, in: layout.header, context: context)
        let latent = shown.latent
        let isProjected = latent?.isProjected ?? false
        let scatterInner = box(layout.scatter, title: "latent space: \(shown.model.rawValue)\(isProjected ? " (PCA)" : "")", canvas: &canvas, context: context)
        LatentScatterWidget(snapshot: latent, dimensions: shown.config.bottleneck, context: context).draw(into: &canvas, in: scatterInner)
        plot = LatentScatterWidget.plotArea(in: scatterInner)
        if previewed == nil { previewed = cell }
        let manifoldTitle = isProjected
            ? "decoded plane: pc1 x pc2 around the mean \(shown.config.bottleneck)-D code" : "decoded manifold over the plotted range"
        let fits = manifoldTitle.count + 4 <= layout.manifold.width
        let manifoldInner = box(layout.manifold, title: fits ? manifoldTitle : isProjected ? "decoded PCA plane" : "decoded manifold",
                                canvas: &canvas, context: context)
        let previewInner = box(layout.preview, title: "under the cursor", canvas: &canvas, context: context)
        let interpolationInner = box(layout.interpolation, title: "interpolation: \(Self.interpolationSteps) steps from A to B", canvas: &canvas, context: context)
        guard let latent, let decoder = shown.decoder, let plane = latent.plane, let point = point(at: previewed ?? cell) else {
            canvas.write("waiting for the first latent snapshot and decoder", x: manifoldInner.x, y: manifoldInner.y, style: context.palette.muted,
                         limit: manifoldInner.width)
            return
        }
        var derived = derive(latent: latent, decoder: decoder)
        let side = MNIST.side
        if let fit = ManifoldWidget.fit(width: manifoldInner.width, height: manifoldInner.height) {
            let (xRange, yRange) = LatentScatterWidget.ranges(of: latent)
            let grid = ManifoldGrid(columns: fit.columns, rows: fit.rows, xRange: xRange, yRange: yRange)
            if derived.grid?.grid != grid { derived.grid = (grid, grid.images(decoder: derived.decoder, plane: plane)) }
            ManifoldWidget(images: derived.grid?.images ?? [], columns: fit.columns, side: side, pixels: fit.pixels, context: context)
                .draw(into: &canvas, in: manifoldInner)
        }
        self.derived = derived
        let decoded = derived.decoder.decode(plane.lift([point.x, point.y]))
        let nearest = derived.neighbors.neighbors(of: [point.x, point.y]).map { neighbor in
            LatentPreviewWidget.Neighbor(image: validation.flatMap { $0.count > neighbor.index ? $0.image(neighbor.index) : nil },
                                         label: neighbor.label)
        }
        LatentPreviewWidget(image: decoded.images.first, side: side, point: point, isProjected: isProjected,
                            probabilities: decoded.probabilities?.first, neighbors: nearest, context: context)
            .draw(into: &canvas, in: previewInner)
        let steps = pins.count == 2
            ? derived.decoder.decode(plane.lift(ManifoldGrid.interpolation(from: pins[0].point, to: pins[1].point, count: Self.interpolationSteps))).images
            : []
        InterpolationWidget(pins: pins.map(\.point), images: steps, side: side, context: context).draw(into: &canvas, in: interpolationInner)
        drawMarks(latent: latent, into: &canvas, context: context)
    }

    static let interpolationSteps = 8

    /// The decoder and nearest-digit search for the shown snapshot, rebuilt when it changes.
    private func derive(latent: LatentSnapshot, decoder weights: DecoderWeights) -> Derived {
        let key = [latent.epoch, latent.batch, Int(shown.version)]
        if let derived, derived.key == key { return derived }
        // The same trainer's newer weights reuse the decoder's buffers; a restart (perhaps with
        // another activation, as a hint's fix does) gets a decoder of its own.
        let decoder: LatentDecoder
        if let old = derived?.decoder, old.config == weights.config {
            old.load(weights)
            decoder = old
        } else {
            decoder = LatentDecoder(weights)
        }
        let count = min(latent.labels.count, latent.points.count / 2)
        return Derived(key: key, decoder: decoder,
                       neighbors: NearestNeighbors(codes: Array(latent.points.prefix(2 * count)), labels: Array(latent.labels.prefix(count)),
                                                   dimensions: 2, k: 8))
    }

    /// The cursor, the pins and the interpolation's steps over the scatter.
    private func drawMarks(latent: LatentSnapshot, into canvas: inout Canvas, context: RenderContext) {
        let (xRange, yRange) = LatentScatterWidget.ranges(of: latent)
        func place(_ point: (x: Float, y: Float)) -> (x: Int, y: Int)? {
            let fx = (point.x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
            let fy = (point.y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
            guard (0...1).contains(fx), (0...1).contains(fy) else { return nil }
            return (plot.x + Int((fx * Float(2 * plot.width - 1)).rounded()) / 2, plot.y + Int(((1 - fy) * Float(4 * plot.height - 1)).rounded()) / 4)
        }
        let mark = context.palette.warning.adding(.bold)
        if pins.count == 2 {
            let path = ManifoldGrid.interpolation(from: pins[0].point, to: pins[1].point, count: Self.interpolationSteps)
            for step in 1..<(Self.interpolationSteps - 1) {
                if let at = place((path[2 * step], path[2 * step + 1])) { canvas.put(context.display.unicode ? "•" : "o", x: at.x, y: at.y, style: mark) }
            }
        }
        for (pin, name) in zip(pins, ["A", "B"] as [Unicode.Scalar]) {
            if let at = place(pin.point) { canvas.put(name, x: at.x, y: at.y, style: mark) }
        }
        canvas.put("+", x: plot.x + cell.column, y: plot.y + cell.row, style: context.palette.highlight.adding(.reverse))
    }

    private func box(_ rect: Rect, title: String, canvas: inout Canvas, context: RenderContext) -> Rect {
        canvas.drawBox(rect, glyphs: context.display.box, style: context.palette.axes, title: title, titleStyle: context.palette.highlight)
        return rect.inset(by: 1)
    }

    private func drawHeader(into canvas: inout Canvas, in rect: Rect, context: RenderContext) {
        let palette = context.palette, separator = context.display.separator
        let epoch = shown.latent.map { "epoch \($0.epoch)\($0.batch > 0 && shown.isActive ? ", batch \($0.batch)" : "")" } ?? "no snapshot yet"
        let segments: [(String, Style)] = [
            (" aetui", palette.highlight), (separator, palette.axes), (" LATENT EXPLORER ", palette.highlight.adding(.reverse)),
            (" \(title)", palette.text.adding(.bold)), (separator, palette.axes), (shown.displayPhase.rawValue, palette.text),
            (separator, palette.axes), (epoch, palette.text), (separator, palette.axes),
            ("\(shown.config.bottleneck)-D codes\(shown.latent?.isProjected == true ? ", PCA plane" : "")", palette.muted),
        ]
        canvas.writeSegments(segments, x: rect.x, y: rect.y, maxX: rect.maxX, unicode: context.display.unicode)
    }
}
