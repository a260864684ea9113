@testable import Engine
import Testing
@testable import TUI

@Suite struct TrainFrameTests {
    static func runs() -> [RunSnapshot] {
        [ModelKind.standard, .supervised].map { model in
            var config = TrainingConfig()
            config.model = model
            return RunSnapshot(config: config)
        }
    }

    static func compare(focus: ModelKind, width: Int = 120, height: Int = 40, runs: [RunSnapshot] = runs()) -> Canvas {
        var state = AppState()
        _ = state.handle(.toggleCompare)
        if focus == .supervised { _ = state.handle(.switchFocus) }
        var canvas = Canvas(width: width, height: height)
        TrainFrame(state: state, runs: runs, context: TestContext.braille, now: 0).draw(into: &canvas)
        return canvas
    }

    @Test(arguments: [ModelKind.standard, .supervised], [80, 120])
    func theCompareViewMarksTheFocusedRun(focus: ModelKind, width: Int) {
        let canvas = Self.compare(focus: focus, width: width, height: width == 80 ? 24 : 40)
        let title = canvas.rows(Rect(x: 0, y: 1, width: width, height: 1))[0]
        let half = width / 2
        let (focusedHalf, otherHalf) = focus == .standard
            ? (String(title.prefix(half)), String(title.suffix(width - half)))
            : (String(title.suffix(width - half)), String(title.prefix(half)))
        #expect(focusedHalf.contains("> latent"))
        #expect(focusedHalf.contains(focus.rawValue))
        #expect(!otherHalf.contains(">"))
        let focusedTitle = focus == .standard ? 3 : half + 3
        let otherTitle = focus == .standard ? half + 3 : 3
        #expect(canvas[focusedTitle, 1].style.attributes.contains(.reverse))
        #expect(!canvas[otherTitle, 1].style.attributes.contains(.reverse))
    }

    /// At 80 columns each half is 40 wide: the titles drop words rather than be cut.
    @Test func narrowCompareTitlesKeepTheirFigures() {
        var runs = Self.runs()
        runs[1].epochs = [EpochMetrics(epoch: 1, trainLoss: 0.05, trainMSE: 0.05, valLoss: 0.06, valMSE: 0.06, valCrossEntropy: 0.2,
                                       valAccuracy: 0.945, probeAccuracy: 0.942, seconds: 1, evalSeconds: 0.1, samplesPerSecond: 1000,
                                       learningRate: 0.005)]
        let title = Self.compare(focus: .supervised, width: 80, height: 24, runs: runs).rows(Rect(x: 40, y: 1, width: 40, height: 1))[0]
        #expect(title.contains(" > supervised: k-NN 94.2%, acc 94.5% "))
        let wide = Self.compare(focus: .supervised, runs: runs).rows(Rect(x: 60, y: 1, width: 60, height: 1))[0]
        #expect(wide.contains(" > latent: supervised, k-NN 94.2%, val acc 94.5% "))
    }
}
