import Engine
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

    static func compare(focus: ModelKind, width: Int = 120, height: Int = 40) -> Canvas {
        var state = AppState()
        _ = state.handle(.toggleCompare)
        if focus == .supervised { _ = state.handle(.switchFocus) }
        var canvas = Canvas(width: width, height: height)
        TrainFrame(state: state, runs: runs(), context: TestContext.braille, now: 0).draw(into: &canvas)
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
}
