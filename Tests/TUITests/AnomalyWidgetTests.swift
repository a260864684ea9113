@testable import Engine
import Foundation
import TestSupport
import Testing
@testable import TUI

@Suite struct AnomalyWidgetTests {
    /// Normal scores low, anomalies high, the threshold between them.
    static let scores: [Float] = [0, 0, 1, 1, 2, 8, 9, 9, 10, 10]
    static let isAnomaly = [false, false, false, false, false, true, true, true, true, true]

    static func histogram(_ context: RenderContext, threshold: Float = 5) -> Canvas {
        var canvas = Canvas(width: 70, height: 8)
        ScoreHistogramWidget(scores: scores, isAnomaly: isAnomaly, threshold: threshold, context: context)
            .draw(into: &canvas, in: canvas.bounds)
        return canvas
    }

    @Test func histogramShowsBothClassesTheThresholdAndItsConfusionMatrix() {
        let canvas = Self.histogram(TestContext.braille)
        #expect(canvas.row(0).hasPrefix("░ normal (5)  ▓ anomalous (5)  █ both  │ threshold"))
        let bars = canvas.rows(Rect(x: 0, y: 1, width: 70, height: 5)).joined()
        #expect(bars.contains("░") && bars.contains("▓") && !bars.contains("█"))
        // Every bar row has the threshold line half way (5 of the range 0 ... 10).
        #expect(canvas.rows(Rect(x: 35, y: 1, width: 1, height: 5)) == ["│", "│", "│", "│", "│"])
        #expect(canvas.row(6).hasPrefix("0") && canvas.row(6).contains("5.00") && canvas.row(6).hasSuffix("≥10.0"))
        #expect(canvas.row(7).hasPrefix("TP 5  FP 0  TN 5  FN 0  precision 1.000  recall 1.000  F1 1.000"))
        #expect(canvas[0, 5].style == TestContext.braille.palette.validation)
    }

    @Test func movingTheThresholdChangesTheMatrix() {
        let canvas = Self.histogram(TestContext.braille, threshold: 0.5)
        #expect(canvas.row(7).hasPrefix("TP 5  FP 3  TN 2  FN 0"))
    }

    @Test func withoutColourOrUTF8TheGlyphsTellTheClassesApart() {
        let canvas = Self.histogram(TestContext.ascii)
        #expect(canvas.row(0).hasPrefix(": normal (5)  # anomalous (5)  @ both  | threshold"))
        let bars = canvas.rows(Rect(x: 0, y: 1, width: 70, height: 5)).joined()
        #expect(bars.contains(":") && bars.contains("#") && bars.contains("|"))
        #expect(canvas.row(6).hasSuffix(">=10.0"))
    }

    @Test func rocCurveOfAPerfectScore() {
        var canvas = Canvas(width: 24, height: 8)
        ROCCurveWidget(points: rocCurve(scores: Self.scores, isAnomaly: Self.isAnomaly), operatingPoint: (0, 1), auc: 1,
                       context: TestContext.braille).draw(into: &canvas, in: canvas.bounds)
        #expect(canvas.row(6).hasSuffix("AUC 1.000"))
        #expect(canvas.row(7) == "FPR 0" + String(repeating: " ", count: 18) + "1")
        // The curve runs up the left edge and along the top; the operating point sits top-left.
        #expect(canvas[4, 0].glyph == "●")
        #expect(canvas.rows(Rect(x: 4, y: 1, width: 1, height: 5)).allSatisfy { $0 != " " })
        #expect(canvas.row(0).contains("⠉"))
    }

    static func entries() throws -> [AnomalySession.Entry] {
        let split3 = try AnomalySplit(normal: [3]), split4 = try AnomalySplit(normal: [4])
        let result = ScoreResult(score: .reconstruction, scores: scores, isAnomaly: isAnomaly, validationScores: [0, 1, 2], contamination: 0.05)
        let report = AnomalyReport(split: split3, model: .standard, contamination: 0.05, neighbors: 5, trainImages: 100,
                                   validationImages: 50, testNormal: 5, testAnomalous: 5, results: [result])
        return [AnomalySession.Entry(split: split3, model: .standard, phase: .scored, report: report),
                AnomalySession.Entry(split: split4, model: .standard, phase: .training)]
    }

    @Test func digitTableFillsRowByRowWithTheMean() throws {
        var canvas = Canvas(width: 60, height: 6)
        AnomalyTableWidget(entries: try Self.entries(), progress: ["scored", "epoch 3/30"], selectedEntry: 1,
                           selectedScore: .reconstruction, context: TestContext.braille).draw(into: &canvas, in: canvas.bounds)
        #expect(canvas.row(0).hasPrefix("ROC AUC per normal digit"))
        #expect(canvas.row(1).hasPrefix("digit  recon MSE    latent k-NN  Mahalanobis"))
        #expect(canvas.row(2).hasPrefix("3      1.000          -            -"))
        #expect(canvas.row(3).hasPrefix("4      epoch 3/30"))
        #expect(canvas[0, 3].style.attributes.contains(.reverse))
        #expect(canvas.row(4).hasPrefix("mean   1.000          -            -          (1/2 digits)"))
    }

    @Test func holdOutTableHasARowPerModelAndScore() throws {
        let split = try AnomalySplit(normal: Array(0...8), anomalous: [9])
        var entries = try Self.entries()
        entries[0].split = split
        entries[1] = AnomalySession.Entry(split: split, model: .supervised, phase: .queued)
        var canvas = Canvas(width: 50, height: 4)
        AnomalyTableWidget(entries: entries, progress: ["scored", "queued"], selectedEntry: 0, selectedScore: .reconstruction,
                           context: TestContext.braille).draw(into: &canvas, in: canvas.bounds)
        #expect(canvas.row(0).hasPrefix("model       score            AUC    AP     P@n"))
        #expect(canvas.row(1).hasPrefix("standard    recon MSE        1.000  1.000  1.000"))
        #expect(canvas[0, 1].style.attributes.contains(.reverse))
        #expect(canvas.row(2).hasPrefix("supervised  queued"))
    }

    @Test func galleryCaptionsCarryLabelAndScore() {
        let white = [Float](repeating: 1, count: 784)
        let items = [DigitGalleryWidget.Item(image: white, label: 7, score: 0.125, isAnomaly: true)]
        let normal = [DigitGalleryWidget.Item(image: white, label: 3, score: 0.0123, isAnomaly: false)]
        var canvas = Canvas(width: 40, height: 10)
        DigitGalleryWidget(mostAnomalous: items, mostNormal: normal, side: 28, context: TestContext.ascii)
            .draw(into: &canvas, in: canvas.bounds)
        #expect(canvas.row(0).hasPrefix("most anomalous (highest scores)"))
        #expect(canvas.row(1).hasPrefix("@@@@@@"))
        #expect(canvas.row(4).hasPrefix("7 0.12"))
        #expect(canvas.row(5).hasPrefix("most normal (lowest scores)"))
        #expect(canvas.row(9).hasPrefix("3 0.01"))
    }

    /// Before any model is scored: the loss panel, waiting panels and the queued rows.
    @Test func screenBeforeTheFirstModelIsScored() throws {
        let data = try TestSupport.loadedMNIST(trainCount: 100, validationCount: 50, testCount: 20)
        let environment = RunEnvironment(data: data, dataDirectory: data.directory, runsDirectory: URL(fileURLWithPath: "/nonexistent"), threads: 1)
        let jobs = AnomalyJob.jobs(for: [try AnomalySplit(normal: [0, 1], anomalous: [9])], config: TrainingConfig())
        let screen = AnomalyScreen(session: AnomalySession(jobs: jobs, environment: environment, settings: .init(), parallel: 1,
                                                           threadsPerJob: 1, saves: false))
        var canvas = Canvas(width: 100, height: 30)
        screen.draw(into: &canvas, in: Rect(x: 0, y: 0, width: 100, height: 29), context: TestContext.braille, now: 0)
        #expect(canvas.row(0).hasPrefix("anomaly detection: normal 0-1, anomalous 9 │ standard │ score recon MSE"))
        #expect(canvas.text.contains("loss: standard on normal 0-1 vs 9, queued"))
        #expect(canvas.text.contains("waiting for this model to be scored"))
        #expect(canvas.text.contains("supervised  queued"))
        guard case .handled = screen.handle(.character("s"), now: 0) else { Issue.record("s was not handled"); return }
        screen.draw(into: &canvas, in: Rect(x: 0, y: 0, width: 100, height: 29), context: TestContext.braille, now: 0)
        #expect(canvas.row(0).contains("score latent k-NN"))
        guard case .ignored = screen.handle(.character("x"), now: 0) else { Issue.record("x was taken"); return }
    }
}
