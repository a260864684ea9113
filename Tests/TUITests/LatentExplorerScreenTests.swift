@testable import Engine
import Foundation
import TestSupport
import Testing
@testable import TUI

/// The latent explorer drawn into the canvas as text: the cursor and its moves, the live decode
/// with the classifier's prediction and the nearest digits, pins and interpolation, the PCA plane;
/// and the time-lapse on the training and saved-run screens.
@Suite struct LatentExplorerScreenTests {
    static let images: LabeledImages = {
        let set = TestSupport.images(count: 60, seed: 4)
        return LabeledImages(pixels: set.pixels, labels: set.labels)
    }()

    /// A run's snapshot as the trainer publishes it: latent codes with their plane, the decoder.
    static func snapshot(_ kind: ModelKind = .supervised, bottleneck: Int = 2) -> RunSnapshot {
        var config = TrainingConfig()
        config.model = kind
        config.layers = [16, bottleneck]
        config.classifier = [8]
        let model = Autoencoder(config: config, capacity: 64)
        model.initialize(seed: 3)
        let evaluator = Evaluator(model: model, gemm: GEMM(threads: 1), batch: Batch(capacity: 64))
        var snapshot = RunSnapshot(config: config)
        snapshot.latent = evaluator.latentSnapshot(images, epoch: 3, batch: 0)
        snapshot.decoder = DecoderWeights(copying: model)
        return snapshot
    }

    static func explorer(_ snapshot: RunSnapshot) -> LatentExplorerScreen {
        let screen = LatentExplorerScreen(title: "supervised", snapshot: { snapshot }, validation: images)
        _ = screen.update(now: 0)
        return screen
    }

    static func render(_ screen: LabScreen, width: Int = 120, height: Int = 40, context: RenderContext = TestContext.braille) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        screen.draw(into: &canvas, in: Rect(x: 0, y: 0, width: width, height: height - 1), context: context, now: 0)
        return canvas
    }

    /// The scatter's plot area, where the cursor moves.
    static func plot(width: Int, height: Int) -> Rect {
        LatentScatterWidget.plotArea(in: ExplorerLayout(body: Rect(x: 0, y: 0, width: width, height: height - 1)).scatter.inset(by: 1))
    }

    @Test func drawsTheManifoldThePreviewAndTheNearestDigitsUnderTheCursor() throws {
        let snapshot = Self.snapshot()
        let screen = Self.explorer(snapshot)
        let canvas = Self.render(screen)
        let text = canvas.text
        #expect(text.contains("LATENT EXPLORER  supervised │ starting │ epoch 3 │ 2-D codes"))
        #expect(text.contains("decoded manifold over the plotted range"))
        #expect(text.contains("under the cursor") && text.contains("nearest validation digits"))
        let plot = Self.plot(width: 120, height: 40)
        let (column, row) = (plot.width / 2, plot.height / 2)
        #expect(canvas[plot.x + column, plot.y + row].glyph == "+")
        // The prediction is the copied decoder's at the cursor's point, the middle of its cell.
        let latent = try #require(snapshot.latent)
        let (xRange, yRange) = LatentScatterWidget.ranges(of: latent)
        let fx = (Float(2 * column) + 0.5) / Float(2 * plot.width - 1), fy = 1 - (Float(4 * row) + 1.5) / Float(4 * plot.height - 1)
        let point: [Float] = [xRange.lowerBound + fx * (xRange.upperBound - xRange.lowerBound),
                              yRange.lowerBound + fy * (yRange.upperBound - yRange.lowerBound)]
        let decoded = LatentDecoder(try #require(snapshot.decoder)).decode(try #require(latent.plane).lift(point))
        let probabilities = try #require(decoded.probabilities?.first)
        let predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        #expect(text.contains("predicted \(predicted) ("), "\(text)")
        #expect(text.contains("z1 \(Format.coordinate(point[0]))  z2 \(Format.coordinate(point[1]))"))
        // The nearest digits' labels, in order, under their images.
        let neighbors = NearestNeighbors(codes: latent.points, labels: latent.labels, dimensions: 2, k: 8).neighbors(of: point)
        let layout = ExplorerLayout(body: Rect(x: 0, y: 0, width: 120, height: 39))
        let preview = layout.preview.inset(by: 1)
        let labelRow = canvas.rows(Rect(x: preview.x, y: preview.maxY - 1, width: preview.width, height: 1))[0]
        let fit = LatentPreviewWidget.neighborFit(width: preview.width, height: preview.height)
        #expect(labelRow.split(separator: " ").map(String.init) == neighbors.prefix(fit.count).map { "\($0.label)" })
        // Half-block images in the manifold panel.
        let manifold = layout.manifold.inset(by: 1)
        #expect(canvas.rows(manifold).joined().filter { $0 == "▀" }.count >= 8 * 7 * 8 * 4 / 2)
    }

    @Test func arrowsMoveTheCursorOneCellAndStopAtTheEdge() {
        let screen = Self.explorer(Self.snapshot())
        _ = Self.render(screen)
        let plot = Self.plot(width: 120, height: 40)
        let start = (x: plot.x + plot.width / 2, y: plot.y + plot.height / 2)
        #expect(screen.handle(.right, now: 0).isHandled)
        _ = screen.handle(.up, now: 0)
        let moved = Self.render(screen)
        #expect(moved[start.x + 1, start.y - 1].glyph == "+")
        #expect(moved[start.x, start.y].glyph != "+")
        for _ in 0..<200 { _ = screen.handle(.left, now: 0) }
        let edge = Self.render(screen)
        #expect(edge[plot.x, start.y - 1].glyph == "+")
    }

    /// The marker moves at once; the decoded preview follows within a third of a second.
    @Test func thePreviewFollowsTheCursorAFewTimesASecond() {
        let screen = Self.explorer(Self.snapshot())
        func coordinates() -> String? { Self.render(screen).text.split(separator: "\n").first { $0.contains("z1 ") && $0.contains("  z2 ") && !$0.contains("..") }.map(String.init) }
        let before = coordinates()
        _ = screen.handle(.right, now: 1)
        _ = screen.handle(.right, now: 1)
        _ = screen.update(now: 1)
        let first = coordinates()
        #expect(first != before, "the first move after a pause shows at once")
        _ = screen.handle(.right, now: 1.1)
        _ = screen.update(now: 1.1)
        #expect(coordinates() == first, "held back")
        _ = screen.update(now: 1.4)
        #expect(coordinates() != first, "caught up")
    }

    @Test func twoPinsShowTheEightDecodedSteps() throws {
        let screen = Self.explorer(Self.snapshot(.standard))
        _ = Self.render(screen, width: 80, height: 24, context: TestContext.ascii)
        #expect(Self.render(screen, width: 80, height: 24, context: TestContext.ascii).text.contains("Enter pins A, then B, at the cursor"))
        guard case .message(let first, _) = screen.handle(.enter, now: 0) else { Issue.record("no message"); return }
        #expect(first.hasPrefix("pinned A at ("))
        for _ in 0..<6 { _ = screen.handle(.right, now: 0) }
        _ = screen.handle(.enter, now: 0)
        let canvas = Self.render(screen, width: 80, height: 24, context: TestContext.ascii)
        let text = canvas.text
        #expect(text.contains("A (") && text.contains(") -> B ("))
        #expect(text.contains("interpolation: 8 steps"))
        #expect(text.contains("no classifier (standard)"))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "ASCII mode draws ASCII only")
        // The pin A sits on the scatter six cells left of the cursor (which covers B).
        let rows = canvas.rows(Rect(x: 0, y: 0, width: 40, height: 12))
        let row = try #require(rows.first { $0.contains("+") && $0.contains("A") })
        let plus = try #require(row.firstIndex(of: "+")), pin = try #require(row.firstIndex(of: "A"))
        #expect(row.distance(from: pin, to: plus) == 6, "\(row)")
        let layout = ExplorerLayout(body: Rect(x: 0, y: 0, width: 80, height: 23))
        let strip = canvas.rows(layout.interpolation.inset(by: 1)).dropFirst().joined()
        #expect(strip.contains { $0 != " " }, "the steps are drawn")
        _ = screen.handle(.character("x"), now: 0)
        #expect(Self.render(screen, width: 80, height: 24, context: TestContext.ascii).text.contains("Enter pins A, then B, at the cursor"))
    }

    @Test func widerBottlenecksSayTheirPlaneIsPCA() {
        let text = Self.render(Self.explorer(Self.snapshot(bottleneck: 5))).text
        #expect(text.contains("decoded plane: pc1 x pc2 around the mean 5-D code"))
        #expect(text.contains("5-D codes, PCA plane") && text.contains("pc1 "))
    }

    @Test func withoutASnapshotItWaits() {
        let screen = LatentExplorerScreen(title: "standard", snapshot: { RunSnapshot(config: TrainingConfig()) }, validation: nil)
        _ = screen.update(now: 0)
        #expect(Self.render(screen).text.contains("waiting for the first latent snapshot and decoder"))
        guard case .message(let text, _) = screen.handle(.enter, now: 0) else { Issue.record("no message"); return }
        #expect(text == "no latent snapshot yet")
        guard case .ignored = screen.handle(.escape, now: 0) else { Issue.record("Esc should go back through the lab"); return }
    }

    // MARK: - Time-lapse

    @Test func playerStepsPlaysPausesAndReturnsToLive() {
        var player = TimeLapsePlayer()
        #expect(player.frame(count: 5, now: 0) == nil)
        player.step(by: -1, count: 5, now: 0)
        #expect(player.frame(count: 5, now: 0) == 4)
        for _ in 0..<10 { player.step(by: -1, count: 5, now: 0) }
        #expect(player.frame(count: 5, now: 0) == 0)
        player.step(by: 1, count: 5, now: 0)
        #expect(player.frame(count: 5, now: 0) == 1)
        player.togglePlay(count: 5, now: 10)
        #expect(player.frame(count: 5, now: 10) == 0, "p plays from the first epoch")
        #expect(player.frame(count: 5, now: 10.3) == 1 && player.isPlaying(count: 5, now: 10.3))
        player.togglePlay(count: 5, now: 10.6)
        #expect(player.frame(count: 5, now: 99) == 2, "paused")
        player.togglePlay(count: 5, now: 20)
        #expect(player.frame(count: 5, now: 20.25) == 3, "plays on from the pause")
        #expect(player.frame(count: 5, now: 30) == 4 && !player.isPlaying(count: 5, now: 30), "stops on the last epoch")
        player.step(by: 1, count: 5, now: 30)
        #expect(player.isLive)
    }

    static func timeLapse(epochs: Int) -> LatentTimeLapse {
        var lapse = LatentTimeLapse(labels: (0..<20).map { UInt8($0 % 10) }, isProjected: false)
        for epoch in 1...epochs {
            lapse.append(epoch: epoch, points: (0..<40).map { Float($0 % 7) * Float(epoch) - Float($0 % 3) })
        }
        return lapse
    }

    @Test func trainScreenStepsThroughEpochsAndMarksTheLossChart() throws {
        let run = FakeRun(.standard)
        let screen = TrainScreen(runs: [run], display: TestContext.braille.display)
        _ = screen.update(now: 0)
        guard case .message(let none, _) = screen.handle(.character("["), now: 0) else { Issue.record("no message"); return }
        #expect(none.contains("no time-lapse yet"))
        for metrics in SavedRuns.epochs([0.9, 0.5, 0.4], accuracy: nil) { run.monitor.record(.epoch(metrics)) }
        run.monitor.record(.timeLapse(Self.timeLapse(epochs: 3)))
        _ = screen.update(now: 0)
        let live = screen.frameKey(now: 0)
        let liveCanvas = Self.render(screen)
        #expect(screen.handle(.character("["), now: 0).isHandled)
        #expect(screen.handle(.character("["), now: 0).isHandled)
        #expect(screen.frameKey(now: 0) != live)
        let canvas = Self.render(screen)
        let text = canvas.text
        #expect(text.contains("latent space: standard, epoch 2/3 (time-lapse)"))
        #expect(text.contains("loss, epoch 2 marked") && text.contains("epoch 2") && !liveCanvas.text.contains("marked"))
        // The marker: a vertical line in one column of the loss plot, where the live chart is empty.
        let layout = ScreenLayout(width: 120, height: 40, view: .train)
        let loss = try #require(layout.panels[.loss])
        let marked = (loss.y..<loss.maxY).flatMap { y in (loss.x..<loss.maxX).compactMap { x in
            canvas[x, y].glyph != liveCanvas[x, y].glyph && canvas[x, y].glyph == "│" ? x : nil } }
        #expect(Set(marked).count == 1 && marked.count >= 5, "\(marked)")
        // p plays from epoch 1; ] past the last returns to live.
        #expect(screen.handle(.character("p"), now: 1).isHandled)
        #expect(Self.render(screen).text.contains("epoch 1/3 (time-lapse)"))
        for _ in 0..<3 { _ = screen.handle(.character("]"), now: 2) }
        #expect(!Self.render(screen).text.contains("time-lapse"))
    }

    @Test func mOpensTheExplorerOnTheFocusedRun() {
        let screen = TrainScreen(runs: [FakeRun(.standard), FakeRun(.supervised)], display: TestContext.braille.display)
        _ = screen.handle(.tab, now: 0)
        guard case .open(let opened) = screen.handle(.character("M"), now: 0), let explorer = opened as? LatentExplorerScreen else {
            Issue.record("M did not open the explorer")
            return
        }
        _ = explorer.update(now: 0)
        #expect(Self.render(explorer).text.contains("LATENT EXPLORER  supervised │ training"))
    }

    @Test func aSavedRunReplaysItsTimeLapseAndOpensTheExplorer() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = try SavedRuns.save(in: directory, model: .supervised, learningRate: 0.01, losses: [0.9, 0.6, 0.5, 0.45],
                                        timeLapse: Self.timeLapse(epochs: 4))
        let data = try TestSupport.loadedMNIST(trainCount: 20, validationCount: 30, testCount: 10)
        let screen = try RunViewScreen(directory: folder, data: data, display: TestContext.braille.display)
        #expect(screen.handle(.character("["), now: 0).isHandled)
        #expect(Self.render(screen).text.contains("epoch 4/4 (time-lapse)"))
        #expect(screen.handle(.character("p"), now: 0).isHandled)
        #expect(Self.render(screen).text.contains("epoch 1/4 (time-lapse)"))
        guard case .open(let explorer) = screen.handle(.character("M"), now: 0) else {
            Issue.record("M did not open the explorer")
            return
        }
        _ = explorer.update(now: 0)
        let text = Self.render(explorer).text
        #expect(text.contains("LATENT EXPLORER") && text.contains(folder.lastPathComponent) && text.contains("predicted"))
        // A run saved without a time-lapse says so.
        try FileManager.default.removeItem(at: folder.appendingPathComponent(LatentTimeLapse.fileName))
        let older = try RunViewScreen(directory: folder, data: data, display: TestContext.braille.display)
        guard case .message(let message, _) = older.handle(.character("]"), now: 0) else { Issue.record("no message"); return }
        #expect(message == "this run was saved without a time-lapse")
    }
}
