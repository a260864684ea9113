@testable import Engine
import Testing
@testable import TUI

@Suite struct LatentScatterTests {
    /// Four points at the corners of the codes' range, digits 1-4.
    static let corners = LatentSnapshot(points: [0, 0, 1, 1, 0, 1, 1, 0], labels: [1, 2, 3, 4], isProjected: false, epoch: 1, batch: 25)

    static func render(_ context: RenderContext, snapshot: LatentSnapshot? = corners, width: Int = 6) -> Canvas {
        var canvas = Canvas(width: width, height: 4)
        LatentScatterWidget(snapshot: snapshot, dimensions: 2, context: context).draw(into: &canvas, in: canvas.bounds)
        return canvas
    }

    @Test func brailleDotsAtTheCorners() {
        let canvas = Self.render(TestContext.braille)
        #expect(canvas.rows(Rect(x: 0, y: 0, width: 6, height: 2)) == ["⠁    ⠈", "⡀    ⢀"])
        #expect(canvas[0, 0].style == TestContext.braille.palette.digit(3))
        #expect(canvas[5, 1].style == TestContext.braille.palette.digit(4))
    }

    @Test func digitGlyphsNameTheClass() {
        let canvas = Self.render(TestContext.make(markers: .digits))
        #expect(canvas.rows(Rect(x: 0, y: 0, width: 6, height: 2)) == ["3    2", "1    4"])
    }

    @Test func asciiDotsWithoutUTF8() {
        let canvas = Self.render(TestContext.make(unicode: false))
        #expect(canvas.rows(Rect(x: 0, y: 0, width: 6, height: 2)) == ["'    '", ".    ."])
    }

    @Test func captionAndLegend() {
        let canvas = Self.render(TestContext.braille, width: 40)
        #expect(canvas.row(2).hasPrefix("z1 -0.03..1.0  z2 -0.03..1.0  epoch 1"))
        #expect(canvas.row(3).hasPrefix("■0 ■1 ■2 ■3 ■4 ■5 ■6 ■7 ■8 ■9"))
        #expect(canvas[1, 3].style == TestContext.braille.palette.digit(0))
    }

    /// Wide ranges in the 38 columns of an 80x24 panel: the compact range line, whole.
    @Test func aNarrowPanelGetsTheCompactRangeLine() {
        let snapshot = LatentSnapshot(points: [-124.5, -23.2, 8.9, 16.6], labels: [1, 2], isProjected: false, epoch: 12, batch: 25)
        var canvas = Canvas(width: 38, height: 4)
        LatentScatterWidget(snapshot: snapshot, dimensions: 2, context: TestContext.braille).draw(into: &canvas, in: canvas.bounds)
        #expect(canvas.row(2) == "z1 -129..12.9 z2 -24.4..17.8 ep 12    ")
    }

    @Test func withoutColourTheLegendPointsToDigitMarkers() {
        let canvas = Self.render(TestContext.make(colors: .monochrome, markers: .digits), width: 45)
        #expect(canvas.row(3).hasPrefix("markers: digit = class"))
    }

    @Test func aProjectionIsLabelledAsPCA() {
        var snapshot = Self.corners
        snapshot.isProjected = true
        var canvas = Canvas(width: 60, height: 4)
        LatentScatterWidget(snapshot: snapshot, dimensions: 16, context: TestContext.braille).draw(into: &canvas, in: canvas.bounds)
        #expect(canvas.row(2).hasPrefix("PCA of 16-D codes  pc1 -0.03..1.0  pc2 -0.03..1.0"))
    }

    @Test func beforeTheFirstSnapshotItSaysSo() {
        let canvas = Self.render(TestContext.braille, snapshot: nil, width: 50)
        #expect(canvas.text.contains("waiting for the first latent snapshot"))
    }
}

@Suite struct LossChartTests {
    static func render(_ context: RenderContext, train: [ChartPoint], validation: [ChartPoint] = [],
                       accuracy: [ChartPoint]? = nil, width: Int = 20, height: Int = 6) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        LossChartWidget(train: train, validation: validation, batch: [], accuracy: accuracy, epochLimit: 2, context: context)
            .draw(into: &canvas, in: canvas.bounds)
        return canvas
    }

    /// Loss 2 → 1 → 0 over two epochs: a straight fall from the top-left to the bottom-right,
    /// over a plot of 13 x 3 cells (26 x 12 dots).
    static let falling = [ChartPoint(x: 0, y: 2), ChartPoint(x: 1, y: 1), ChartPoint(x: 2, y: 0)]

    @Test func aTinyBrailleChart() {
        let canvas = Self.render(TestContext.braille, train: Self.falling)
        #expect(canvas.text == """
            ━train ━val ━batch
              2.00┤⠉⠒⠤⣀
                  │    ⠉⠒⠤⢄⡀
                 0┤        ⠈⠑⠒⠤⣀
                  └─────────────
                   0   epoch   2
            """)
    }

    /// Without colour, train and validation meet in cells of the same glyphs: each validation epoch
    /// is also an `o`; with colour it is not.
    @Test func withoutColourValidationEpochsAreMarked() {
        let flat = [ChartPoint(x: 0, y: 1), ChartPoint(x: 1, y: 1), ChartPoint(x: 2, y: 1)]
        let plain = Self.render(TestContext.ascii, train: Self.falling, validation: flat, width: 30, height: 8)
        // The plot's rows: under the legend, above the x axis and its label ("epoch" has an o).
        let plotted = plain.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast(2).joined()
        #expect(plotted.filter { $0 == "o" }.count == 3, "\(plain.text)")
        let coloured = Self.render(TestContext.make(colors: .palette8, unicode: false), train: Self.falling, validation: flat, width: 30, height: 8)
        #expect(!coloured.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast(2).joined().contains("o"))
    }

    /// Without colour the validation curve's epochs are marked `o`, as its legend shows.
    @Test func aTinyASCIIChart() {
        let canvas = Self.render(TestContext.ascii, train: Self.falling)
        #expect(canvas.text == """
            -train o val -batch
              2.00+''..
                  |    ''...
                 0+        '''..
                  +-------------
                   0   epoch   2
            """)
    }

    @Test func supervisedAccuracyHasItsOwnAxisAtTheRight() {
        let accuracy = [ChartPoint(x: 1, y: 0.62), ChartPoint(x: 2, y: 0.91)]
        let canvas = Self.render(TestContext.braille, train: Self.falling, accuracy: accuracy, width: 30)
        #expect(canvas.row(1).hasSuffix(" 95%"))
        #expect(canvas.row(3).hasSuffix(" 60%"))
        #expect(canvas.row(0).contains("acc"))
    }

    @Test func logScaleLabelsDecades() {
        let points = [ChartPoint(x: 0, y: 1), ChartPoint(x: 2, y: 0.01)]
        let canvas = Self.render(TestContext.make(logScale: true), train: points)
        #expect(canvas.row(1).hasPrefix("  1.00┤"))
        #expect(canvas.row(3).hasPrefix(" 0.010┤"))
    }

    @Test func theFirstEpochsBatchLossesDoNotFlattenTheLinearScale() {
        let batch = [ChartPoint(x: 0.1, y: 2.5), ChartPoint(x: 0.9, y: 0.2), ChartPoint(x: 1.5, y: 0.1), ChartPoint(x: 2.2, y: 0.08)]
        let train = [ChartPoint(x: 1, y: 0.3), ChartPoint(x: 2, y: 0.09)]
        func values(log: Bool, batch: [ChartPoint]) -> [Double] {
            LossChartWidget(train: train, validation: [], batch: batch, accuracy: nil, epochLimit: 3,
                            context: TestContext.make(logScale: log)).fittedValues
        }
        #expect(values(log: false, batch: batch) == [0.3, 0.09, 0.1, 0.08])
        #expect(values(log: true, batch: batch).count == 6)
        #expect(values(log: false, batch: Array(batch.prefix(3))).count == 5)
    }

    @Test func firstEpochBatchLossesAboveTheScaleAreArrowsNotAPlateau() {
        // Two epochs in, the linear scale fits 0.08-0.3: the batch losses of 2.5 and 1.8 early in the
        // first epoch are above it.
        let batch = [ChartPoint(x: 0.1, y: 2.5), ChartPoint(x: 0.3, y: 1.8), ChartPoint(x: 0.9, y: 0.2), ChartPoint(x: 2.2, y: 0.08)]
        let train = [ChartPoint(x: 1, y: 0.3), ChartPoint(x: 2, y: 0.09)]
        for (context, arrow) in [(TestContext.braille, "↑"), (TestContext.ascii, "^")] {
            var canvas = Canvas(width: 30, height: 8)
            LossChartWidget(train: train, validation: [], batch: batch, accuracy: nil, epochLimit: 3, context: context)
                .draw(into: &canvas, in: canvas.bounds)
            let top = canvas.row(1)
            #expect(top.hasPrefix(" 0.300"))
            #expect(top.filter { String($0) == arrow }.count == 2)
            // Nothing else on the top row left of epoch 1 (no flat line), the arrows at the left.
            let plot = top.dropFirst(7)
            #expect(plot.prefix(6).allSatisfy { String($0) == arrow || $0 == " " || $0 == "\u{2800}" })
        }
    }

    @Test(arguments: [[0.232], [0.2321, 0.2324], [0.0], [41.0]])
    func aOnePointChartHasDistinctTicks(values: [Double]) {
        let scale = ChartScale.fitting(values, log: false)
        let labels = [1.0, 0.5, 0].map { Format.axis(scale.value(at: $0)) }
        #expect(Set(labels).count == 3, "\(labels)")
        #expect(scale.lower <= values.min()! && values.max()! <= scale.upper)
    }

    @Test(arguments: [ColorMode.palette256, .palette8, .monochrome])
    func theEpochCurvesAreStrongerThanTheBatchLine(mode: ColorMode) {
        let context = TestContext.make(colors: mode)
        // A batch line along the train curve, with its dots drawn twice (so more in every cell): the
        // shared cells still show the train curve.
        let batch = Self.falling + Self.falling
        var canvas = Canvas(width: 20, height: 6)
        LossChartWidget(train: Self.falling, validation: [], batch: batch, accuracy: nil, epochLimit: 2, context: context)
            .draw(into: &canvas, in: canvas.bounds)
        let plot = Rect(x: 7, y: 1, width: 13, height: 3)
        let inked = (plot.y..<plot.maxY).flatMap { y in (plot.x..<plot.maxX).map { canvas[$0, y] } }.filter { $0.glyph != " " }
        #expect(!inked.isEmpty)
        #expect(inked.allSatisfy { $0.style == context.palette.train })
        let palette = context.palette
        #expect(palette.batch.attributes.contains(.dim))
        #expect(!palette.train.attributes.contains(.dim) && !palette.validation.attributes.contains(.dim))
        if mode != .monochrome {
            #expect(palette.train.attributes.contains(.bold) && palette.validation.attributes.contains(.bold))
        }
    }

    @Test func beforeTheFirstBatchItSaysSo() {
        let canvas = Self.render(TestContext.braille, train: [], width: 40)
        #expect(canvas.text.contains("waiting for the first batches"))
    }

    @Test(arguments: [(0.5, 3, 3.0), (0.5, 100, 5.0), (7.2, 100, 10.0), (61.0, 100, 70.0), (99.9, 100, 100.0)])
    func epochAxisGrowsInSteps(progress: Double, epochs: Int, limit: Double) {
        #expect(LossChartWidget.epochLimit(progress: progress, epochs: epochs) == limit)
    }
}

@Suite struct ReconstructionTests {
    /// A known 4x4 image: a ramp, its mirror, a step, and a flat half grey.
    static let pattern: [Float] = [0, 1.0 / 3, 2.0 / 3, 1,
                                   1, 2.0 / 3, 1.0 / 3, 0,
                                   0, 0, 1, 1,
                                   0.5, 0.5, 0.5, 0.5]
    static let snapshot = ReconstructionSnapshot(originals: [pattern], reconstructions: [pattern], side: 4)

    static func render(_ context: RenderContext) -> Canvas {
        var canvas = Canvas(width: 10, height: 5)
        ReconstructionWidget(snapshot: snapshot, context: context).draw(into: &canvas, in: canvas.bounds)
        return canvas
    }

    @Test func asciiRamp() {
        #expect(Self.render(TestContext.ascii).text == "++++\n::##\n\n++++\n::##")
    }

    @Test func shadeCharacters() {
        #expect(Self.render(TestContext.make(colors: .palette8)).text == "▒▒▒▒\n░░▓▓\n\n▒▒▒▒\n░░▓▓")
    }

    @Test func halfBlocksOnTheGreyRamp() {
        let canvas = Self.render(TestContext.braille)
        #expect(canvas.text == "▀▀▀▀\n▀▀▀▀\n\n▀▀▀▀\n▀▀▀▀")
        let greys = (0..<4).map { canvas[$0, 0].style }
        #expect(greys.map(\.foreground) == [GreyRamp.color(0), GreyRamp.color(1.0 / 3), GreyRamp.color(2.0 / 3), GreyRamp.color(1)])
        #expect(greys.map(\.background) == [GreyRamp.color(1), GreyRamp.color(2.0 / 3), GreyRamp.color(1.0 / 3), GreyRamp.color(0)])
        #expect(canvas[0, 0].style.foreground == .indexed(232))
    }

    /// The reconstruction panel at 80x24 (54 x 8 inside): five digits with their captions rather
    /// than six without.
    @Test func anEightyColumnPanelKeepsItsCaptions() {
        let digit = [Float](repeating: 1, count: 28 * 28)
        let snapshot = ReconstructionSnapshot(originals: Array(repeating: digit, count: 8), reconstructions: Array(repeating: digit, count: 8), side: 28)
        var canvas = Canvas(width: 54, height: 8)
        ReconstructionWidget(snapshot: snapshot, context: TestContext.ascii).draw(into: &canvas, in: canvas.bounds)
        let rows = canvas.rows(canvas.bounds)
        #expect(rows.contains { $0.hasPrefix("orig ") })
        #expect(rows.contains { $0.hasPrefix("recon ") })
        // Five 8-pixel digits a gap apart after the 6-column caption.
        let images = rows[0].dropFirst(6).split(separator: " ", omittingEmptySubsequences: true)
        #expect(images.count == 5)
        #expect(images.allSatisfy { $0.count == 8 })
    }

    @Test(arguments: [(118, 13, 8, 12), (54, 8, 6, 8), (192, 21, 8, 20), (20, 4, 4, 4), (6, 4, 1, 4)])
    func digitsAndSizeFitTheSpace(width: Int, height: Int, digits: Int, pixels: Int) {
        let fit = ReconstructionWidget.fit(count: 8, side: 28, width: width, height: height)
        #expect(fit?.digits == digits)
        #expect(fit?.pixels == pixels)
    }
}

@Suite struct FooterTests {
    static func render(_ message: FooterMessage?, width: Int) -> String {
        var canvas = Canvas(width: width, height: 1)
        FooterWidget(keys: KeyMap.train.help + KeyMap.lab.help, message: message, themeName: "dark", modeLabels: ["dots"],
                     context: TestContext.braille).draw(into: &canvas, in: canvas.bounds)
        return canvas.row(0)
    }

    @Test func keysAndModeFitTheWidth() {
        #expect(Self.render(nil, width: 200).hasPrefix(" Tab run  c compare  space pause  r restart  +/- lr  l log"))
        #expect(Self.render(nil, width: 200).hasSuffix(" dark · 256 colours · UTF-8 · dots "))
        #expect(Self.render(nil, width: 120) == " Tab run c compare space pause r restart +/- lr l log w save R runs t theme ? help q quit          dark 256c UTF-8 dots ")
        #expect(Self.render(nil, width: 80) == " Tab c space r +/- l w R t ? help q quit      dark · 256 colours · UTF-8 · dots ")
        #expect(Self.render(nil, width: 30).hasPrefix(" ? help  q quit   "))
    }

    @Test func aLongMessageTakesTheWholeLine() {
        let error = "theme themes/broken.json: field 'colors256.axes': must be a colour index 0-255, got \"grey\""
        let line = Self.render(FooterMessage(text: error, isError: true, until: 1), width: 100)
        #expect(line.hasPrefix(" " + error))
        #expect(!line.contains("UTF-8"))
        #expect(Self.render(FooterMessage(text: "theme light", until: 1), width: 100).hasSuffix("UTF-8 · dots "))
    }
}

@Suite struct HintTextTests {
    @Test func theLabNamesItsKeysAndTheEvidence() {
        let hint = TrainingHint(cause: .diverged, epoch: 2, batch: 7, evidence: "loss is NaN at learning rate 0.5",
                                learningRate: 0.5, fixes: [.lowerLearningRate])
        #expect(hint.labText(key: true) == "diverged: f restart at lr 0.05. loss is NaN at learning rate 0.5")
        #expect(hint.labText(key: false) == "diverged: loss is NaN at learning rate 0.5; try a lower rate (- halves it)")
        let dead = TrainingHint(cause: .collapsedBottleneck, epoch: 1, batch: nil, evidence: "all 2 units dead", learningRate: 0.1,
                                fixes: [.linearBottleneck, .lowerLearningRate, .anotherSeed])
        #expect(dead.labText(key: true) == "bottleneck collapsed: f restart with a linear bottleneck. all 2 units dead; or a lower rate (- halves it), another seed")
        let quiet = TrainingHint(cause: .collapsedBottleneck, epoch: 1, batch: nil, evidence: "unit 1 constant", learningRate: 0.1, fixes: [])
        #expect(quiet.labText(key: true) == "bottleneck collapsed: unit 1 constant")
    }
}

@Suite struct MetricsWidgetTests {
    static func render(valImages: Int?) -> [String] {
        let monitor = RunMonitor(config: TrainingConfig())
        monitor.record(.epoch(EpochMetrics(epoch: 1, trainLoss: 0.05, trainMSE: 0.05, valLoss: 0.06, valMSE: 0.06, valCrossEntropy: nil,
                                           valAccuracy: 0.8, probeAccuracy: 0.7, seconds: 1, evalSeconds: 0.1, samplesPerSecond: 1000,
                                           learningRate: 0.005, valImages: valImages, probeReferences: valImages)))
        var canvas = Canvas(width: 60, height: 12)
        MetricsWidget(snapshot: monitor.snapshot, context: TestContext.ascii).draw(into: &canvas, in: canvas.bounds)
        return canvas.rows(canvas.bounds)
    }

    @Test func epochsScoredOnASubsetSaySo() {
        #expect(Self.render(valImages: 2000).contains { $0.hasPrefix("eval     epochs on 2000 val images; final figures on all") })
        #expect(!Self.render(valImages: 10000).contains { $0.hasPrefix("eval") })
        #expect(!Self.render(valImages: nil).contains { $0.hasPrefix("eval") })
    }

    /// A narrow, short panel (the supervised run's at 80x24): a long hint takes what the figures
    /// leave, ending in "..." (ASCII), and never pushes them out.
    @Test func aLongHintLeavesTheFirstFiguresInView() {
        let monitor = RunMonitor(config: TrainingConfig())
        monitor.record(.epoch(EpochMetrics(epoch: 1, trainLoss: 0.05, trainMSE: 0.05, valLoss: 0.06, valMSE: 0.06, valCrossEntropy: nil,
                                           valAccuracy: 0.8, probeAccuracy: 0.7, seconds: 1, evalSeconds: 0.1, samplesPerSecond: 1000,
                                           learningRate: 0.005, valImages: nil, probeReferences: nil)))
        monitor.record(.hint(HintFixTests.overfitting))
        var canvas = Canvas(width: 24, height: 7)
        MetricsWidget(snapshot: monitor.snapshot, context: TestContext.ascii).draw(into: &canvas, in: canvas.bounds)
        let rows = canvas.rows(canvas.bounds)
        #expect(rows.prefix(4).map { String($0.prefix(4)) } == ["trai", "val ", "acc ", "k-NN"], "\(rows)")
        #expect(rows[4].hasPrefix("hint   overfitting:"), "\(rows)")
        #expect(rows[6].split(separator: " ").last?.hasSuffix("...") == true, "\(rows)")
    }
}

@Suite struct DigitLegendTests {
    /// The legend draws each digit exactly as its dots: with 8 colours 0 is bold red and 6 red
    /// underlined, 1/7 and 3/9 likewise.
    @Test func eightColourLegendShowsTheAttributesThatTellDigitsApart() {
        let context = TestContext.make(colors: .palette8)
        var canvas = Canvas(width: 40, height: 1)
        DigitLegend(context: context).draw(into: &canvas, x: 0, y: 0, width: 40)
        #expect(canvas.row(0).hasPrefix("■0 ■1 ■2 ■3 ■4 ■5 ■6 ■7 ■8 ■9"))
        let styles = (0..<10).map { canvas[$0 * 3 + 1, 0].style }
        #expect(styles == context.palette.digits)
        for (bright, twin) in [(0, 6), (1, 7), (3, 9)] {
            #expect(styles[bright].foreground == styles[twin].foreground)
            #expect(styles[bright].attributes == .bold && styles[twin].attributes == .underline)
        }
    }
}

@Suite struct KeptEpochAndFitTests {
    static func epoch(_ number: Int, loss: Float) -> EpochMetrics {
        EpochMetrics(epoch: number, trainLoss: loss, trainMSE: loss, valLoss: loss, valMSE: loss, valCrossEntropy: nil,
                     valAccuracy: nil, probeAccuracy: 0.5, seconds: 1, evalSeconds: 0.1, samplesPerSecond: 1000,
                     learningRate: 0.005, valImages: nil, probeReferences: nil)
    }

    /// A run that ended keeping epoch 2 of 3: the panel's losses are epoch 2's, and say so.
    @Test func theMetricsPanelGivesTheKeptEpochsLosses() {
        var config = TrainingConfig()
        config.model = .standard
        var snapshot = RunSnapshot(config: config)
        snapshot.epochs = [Self.epoch(1, loss: 0.3), Self.epoch(2, loss: 0.1), Self.epoch(3, loss: 0.2)]
        snapshot.keptEpoch = 2
        var canvas = Canvas(width: 60, height: 8)
        MetricsWidget(snapshot: snapshot, context: TestContext.ascii).draw(into: &canvas, in: canvas.bounds)
        #expect(canvas.row(0).hasPrefix("loss     train 0.1000  val 0.1000 (epoch 2, kept)"), "\(canvas.text)")
        snapshot.keptEpoch = 3
        canvas = Canvas(width: 60, height: 8)
        MetricsWidget(snapshot: snapshot, context: TestContext.ascii).draw(into: &canvas, in: canvas.bounds)
        #expect(canvas.row(0).hasPrefix("loss     train 0.2000  val 0.2000 ") && !canvas.text.contains("kept"), "\(canvas.text)")
    }

    /// Cut text ends in an ellipsis, so a cut figure ("val_acc=0.94" of 0.943) is never read as whole.
    @Test func cutTextEndsInAnEllipsis() {
        #expect(Format.fit("val_acc=0.943", width: 13, unicode: true) == "val_acc=0.943")
        #expect(Format.fit("val_acc=0.943", width: 12, unicode: true) == "val_acc=0.9…")
        #expect(Format.fit("val_acc=0.943", width: 12, unicode: false) == "val_acc=0...")
        #expect(Format.fit("short", width: 20, unicode: true, continues: true) == "short…")
        #expect(Format.fit("abc", width: 2, unicode: false) == "ab")
    }

    /// A search of both models charts the first-ranked model's best trials only.
    @Test func theTopChartTakesOneModel() throws {
        var manifest = try SearchManifest(grid: SearchGrid(), base: TrainingConfig(), random: nil, searchSeed: 1)
        manifest.grid = ["model": ["standard", "supervised"], "lr": ["0.01", "0.001"]]
        manifest.trials = [(ModelKind.standard, "0.01", 0.05), (.standard, "0.001", 0.06), (.supervised, "0.01", 0.3), (.supervised, "0.001", 0.4)]
            .enumerated().map { index, trial in
                var record = TrialRecord(index: index, gridIndex: index, values: ["model": trial.0.rawValue, "lr": trial.1], model: trial.0)
                record.state = .finished
                record.valLoss = Float(trial.2)
                record.valAccuracy = trial.0 == .supervised ? 0.9 - trial.2 : nil
                record.epochsRun = 2
                record.lossCurve = [Float(trial.2) * 2, Float(trial.2)]
                record.accuracyCurve = trial.0 == .supervised ? [0.5, 0.9 - trial.2] : []
                return record
            }
        let board = Leaderboard(manifest: manifest)
        let chart = CurveOverlayWidget(topOf: board, context: TestContext.ascii)
        let first = try #require(board.top(1).first)
        #expect(chart.curves.count == 2)
        #expect(chart.title.hasSuffix("of the top 2 \(first.model.rawValue) trials"), "\(chart.title)")
    }
}

@Suite struct CurveOverlayTests {
    /// Without colour each plotted cell shows its curve's number, counting from 1 as the legend does.
    @Test func withoutColourTheCurvesAreTheirNumbers() {
        let curves = [CurveOverlayWidget.Curve(label: "low", values: [0.1, 0.1, 0.1]),
                      CurveOverlayWidget.Curve(label: "high", values: [0.9, 0.9, 0.9])]
        var canvas = Canvas(width: 40, height: 14)
        CurveOverlayWidget(title: "val", curves: curves, context: TestContext.ascii)
            .draw(into: &canvas, in: Rect(x: 0, y: 0, width: 40, height: 14))
        let rows = canvas.rows(Rect(x: 0, y: 0, width: 40, height: 14))
        let high = rows.firstIndex { $0.contains("222") }, low = rows.firstIndex { $0.contains("111") }
        #expect(high != nil && low != nil, "\(rows.joined(separator: "\n"))")
        #expect((high ?? 99) < (low ?? 0), "curve 2 (0.9) is drawn above curve 1 (0.1)")
    }
}
