@testable import Engine
import Testing
@testable import TUI

@Suite struct LayoutTests {
    @Test(arguments: [(200, 60), (120, 40), (80, 24), (100, 30), (119, 40)])
    func trainPanelsFillTheMiddleWithoutOverlapping(width: Int, height: Int) {
        let layout = ScreenLayout(width: width, height: height, view: .train)
        #expect(!layout.isTooSmall)
        #expect(Set(layout.panels.keys) == [.loss, .latent, .reconstructions, .metrics])
        let rects = Array(layout.panels.values)
        #expect(rects.reduce(0) { $0 + $1.width * $1.height } == width * (height - 2))
        for (index, rect) in rects.enumerated() {
            #expect(rect.x >= 0 && rect.maxX <= width && rect.y >= 1 && rect.maxY <= height - 1)
            for other in rects[(index + 1)...] { #expect(!Self.overlaps(rect, other)) }
        }
        #expect(layout.header == Rect(x: 0, y: 0, width: width, height: 1))
        #expect(layout.footer == Rect(x: 0, y: height - 1, width: width, height: 1))
    }

    @Test func roomyAt120x40AndLarger() {
        let layout = ScreenLayout(width: 120, height: 40, view: .train)
        #expect(layout.panels[.latent] == Rect(x: 60, y: 1, width: 60, height: 23))
        #expect(layout.panels[.loss] == Rect(x: 0, y: 1, width: 60, height: 13))
        #expect(layout.panels[.metrics] == Rect(x: 0, y: 14, width: 60, height: 10))
        #expect(layout.panels[.reconstructions] == Rect(x: 0, y: 24, width: 120, height: 15))
        let large = ScreenLayout(width: 200, height: 60, view: .train)
        #expect(large.panels[.reconstructions]!.height == 23)
        #expect(large.panels[.latent]!.width == 100)
    }

    @Test func tighterAt80x24() {
        let layout = ScreenLayout(width: 80, height: 24, view: .train)
        #expect(layout.panels[.latent] == Rect(x: 0, y: 1, width: 40, height: 12))
        #expect(layout.panels[.loss] == Rect(x: 40, y: 1, width: 40, height: 12))
        #expect(layout.panels[.reconstructions] == Rect(x: 0, y: 13, width: 56, height: 10))
        #expect(layout.panels[.metrics] == Rect(x: 56, y: 13, width: 24, height: 10))
    }

    @Test(arguments: [(200, 60), (80, 24)])
    func compareSplitsTheMiddleInTwo(width: Int, height: Int) {
        let layout = ScreenLayout(width: width, height: height, view: .compare)
        #expect(layout.panels[.compareStandard] == Rect(x: 0, y: 1, width: width / 2, height: height - 2))
        #expect(layout.panels[.compareSupervised] == Rect(x: width / 2, y: 1, width: width - width / 2, height: height - 2))
    }

    @Test(arguments: [(79, 24), (80, 23), (40, 10), (1, 1), (0, 0)])
    func belowTheMinimumThereAreNoPanels(width: Int, height: Int) {
        let layout = ScreenLayout(width: width, height: height, view: .train)
        #expect(layout.isTooSmall)
        #expect(layout.panels.isEmpty)
    }

    /// The too-small notice fits any window whole: a shorter wording where the long one would be cut.
    @Test(arguments: [(79, 24), (40, 10), (20, 5), (12, 3), (10, 2), (10, 1)])
    func theTooSmallNoticeFitsTheWindow(width: Int, height: Int) {
        var canvas = Canvas(width: width, height: height)
        TooSmallWidget(minimumWidth: 80, minimumHeight: 24, palette: TestContext.ascii.palette).draw(into: &canvas)
        let text = canvas.rows(canvas.bounds).map { $0.split(separator: " ").joined(separator: " ") }.filter { !$0.isEmpty }
        let expected = TooSmallWidget.lines(width: width, height: height, minimumWidth: 80, minimumHeight: 24)
        #expect(text == expected)
        #expect(expected.contains { $0.contains("80 x 24") || $0.contains("80x24") })
        #expect(width < 30 || text.first == "terminal \(width) x \(height) is too small")
    }


    static func overlaps(_ a: Rect, _ b: Rect) -> Bool {
        a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
    }
}
