@testable import Engine
import Foundation
import TestSupport
import Testing
@testable import TUI

@Suite(.timeLimit(.minutes(1))) struct LabControllerTests {
    static func controller(_ backend: RecordingBackend, themes: ThemeCatalog? = nil, clock: @escaping () -> Double = { 0 }) throws -> LabController {
        LabController(backend: backend, screens: [TrainScreen(runs: [], display: backend.display)],
                      themes: try themes ?? ThemeCatalog(selecting: nil, directory: nil), signals: nil, framesPerSecond: 10, clock: clock)
    }

    @Test func nothingChangedMeansNothingIsSent() throws {
        let backend = RecordingBackend(width: 120, height: 40)
        let lab = try Self.controller(backend)
        lab.drawIfChanged()
        lab.drawIfChanged()
        lab.drawIfChanged()
        #expect(backend.frames.count == 1)
        #expect(backend.repaints == 1)
    }

    @Test func aKeyRedrawsOnlyWhatItChanged() throws {
        let backend = RecordingBackend(width: 120, height: 40)
        let lab = try Self.controller(backend)
        lab.drawIfChanged()
        let firstFrame = backend.cellsWritten
        #expect(!lab.perform(.character("l")))
        lab.drawIfChanged()
        #expect(backend.frames.count == 2)
        #expect(backend.cellsWritten - firstFrame < 100)
    }

    @Test func aResizeRepaintsTheWholeScreen() throws {
        let backend = RecordingBackend(width: 120, height: 40)
        let lab = try Self.controller(backend)
        lab.drawIfChanged()
        backend.width = 80
        backend.height = 24
        #expect(!lab.perform(.resize))
        lab.drawIfChanged()
        #expect(backend.repaints == 2)
        #expect(backend.frames.last!.reduce(0) { $0 + $1.text.count } == 80 * 24)
    }

    @Test func qQuits() throws {
        let lab = try Self.controller(RecordingBackend(width: 80, height: 24))
        #expect(lab.perform(.character("q")))
    }

    @Test func aBrokenThemeWhenCyclingIsAFooterMessage() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("{\"colors256\": 1}".utf8).write(to: directory.appendingPathComponent("zebra.json"))
        let backend = RecordingBackend(width: 120, height: 40)
        let lab = try Self.controller(backend, themes: ThemeCatalog(selecting: nil, directory: directory.path))
        lab.drawIfChanged()
        #expect(!lab.perform(.character("t")))
        lab.drawIfChanged()
        let footer = backend.frames.last!.filter { $0.y == 39 }.map(\.text).joined()
        #expect(footer.contains("zebra.json: field 'colors256'"))
        #expect(backend.palettes.isEmpty)
    }

    @Test(arguments: [(40, 10), (12, 2), (79, 24)])
    func belowTheMinimumTheScreenAsksToEnlarge(width: Int, height: Int) throws {
        let backend = RecordingBackend(width: width, height: height)
        let lab = try Self.controller(backend)
        lab.drawIfChanged()
        let text = backend.frames.last!.map(\.text).joined()
        // The size needed always; the window's own size where the wording fits.
        #expect(text.contains("80 x 24") || text.contains("80x24"))
        if width >= 30 && height > 2 { #expect(text.contains("terminal \(width)")) }
    }

    @Test func helpListsTheScreensKeysAndTheLabsOwn() throws {
        let backend = RecordingBackend(width: 120, height: 40)
        let lab = try Self.controller(backend)
        #expect(!lab.perform(.character("?")))
        lab.drawIfChanged()
        let text = backend.frames.last!.map(\.text).joined(separator: "\n")
        #expect(text.contains("switch focus: standard <-> supervised"))
        #expect(text.contains("next colour theme"))
        #expect(!lab.perform(.escape))
        lab.drawIfChanged()
        #expect(!backend.frames.last!.map(\.text).joined().contains("next colour theme"))
    }

    @Test func escapeOnTheFirstScreenStaysThere() throws {
        let lab = try Self.controller(RecordingBackend(width: 120, height: 40))
        #expect(!lab.perform(.escape))
        #expect(!lab.perform(.escape))
    }

    @Test func noColourTerminalsStartWithDigitMarkers() throws {
        let backend = RecordingBackend(width: 120, height: 40, display: DisplayMode(colors: .monochrome, unicode: false))
        let lab = try Self.controller(backend)
        lab.drawIfChanged()
        let footer = backend.frames.last!.filter { $0.y == 39 }.map(\.text).joined()
        #expect(footer.contains("dark mono ASCII digits"))
    }
}

/// A screen that writes its name and opens another on `o`.
private final class NamedScreen: LabScreen {
    let name: String
    var closed = false
    init(_ name: String) { self.name = name }
    var keys: [KeyHelp] { [KeyHelp(label: "o", help: "open another screen", footer: "open", essential: false)] }
    func handle(_ key: KeyInput, now: Double) -> ScreenResponse {
        key == .character("o") ? .open(NamedScreen("second")) : .ignored
    }
    func frameKey(now: Double) -> AnyHashable { name }
    func draw(into canvas: inout Canvas, in body: Rect, context: RenderContext, now: Double) {
        canvas.write("screen \(name)", x: 0, y: 0, style: .plain)
    }
    func close(within limit: CloseLimit) -> ScreenReport {
        closed = true
        return ScreenReport(lines: ["closed \(name)"])
    }
}

@Suite struct ScreenStackTests {
    @Test func aScreenOpensAnotherAndEscapeGoesBack() throws {
        let backend = RecordingBackend(width: 80, height: 24)
        let first = NamedScreen("first")
        let lab = LabController(backend: backend, screens: [first], themes: try ThemeCatalog(selecting: nil, directory: nil),
                                signals: nil, framesPerSecond: 10, clock: { 0 })
        lab.drawIfChanged()
        #expect(backend.frames.last!.map(\.text).joined().contains("screen first"))
        #expect(!lab.perform(.character("o")))
        lab.drawIfChanged()
        #expect(backend.frames.last!.map(\.text).joined().contains("second"))
        #expect(!lab.perform(.escape))
        lab.drawIfChanged()
        let back = backend.frames.last!.map(\.text).joined()
        #expect(back.contains("first"))
        #expect(back.contains("closed second"))
        #expect(!first.closed)
    }

    // MARK: - The runs' keys, through the controller to test doubles

    static func lab(_ runs: [FakeRun]) throws -> (LabController, TrainScreen) {
        let backend = RecordingBackend(width: 120, height: 40)
        let screen = TrainScreen(runs: runs, display: backend.display)
        let lab = LabController(backend: backend, screens: [screen], themes: try ThemeCatalog(selecting: nil, directory: nil),
                                signals: nil, framesPerSecond: 10, clock: { 0 })
        return (lab, screen)
    }

    static func text(_ response: ScreenResponse) -> String? {
        if case let .message(text, _) = response { text } else { nil }
    }

    @Test func spaceRestartRateAndSaveReachTheFocusedRun() throws {
        let standard = FakeRun(.standard), supervised = FakeRun(.supervised)
        let (lab, _) = try Self.lab([standard, supervised])
        for key: Unicode.Scalar in [" ", "+", "-", "w", "r"] { #expect(!lab.perform(.character(key))) }
        #expect(standard.calls == [.togglePause, .scaleLearningRate(2), .scaleLearningRate(0.5), .requestSave, .restart])
        #expect(supervised.calls.isEmpty)
        #expect(standard.monitor.snapshot.displayPhase == .paused)
        // Tab moves the focus, in the compare view too.
        #expect(!lab.perform(.character("c")))
        #expect(!lab.perform(.tab))
        #expect(!lab.perform(.character(" ")))
        #expect(supervised.calls == [.togglePause])
        lab.drawIfChanged()
    }

    @Test func theScreenSaysWhatEachKeyDid() throws {
        let standard = FakeRun(.standard)
        let (_, screen) = try Self.lab([standard])
        #expect(Self.text(screen.handle(.character(" "), now: 0)) == "standard paused")
        #expect(Self.text(screen.handle(.character(" "), now: 0)) == "standard resumed")
        #expect(Self.text(screen.handle(.character("+"), now: 0)) == "standard: learning rate x2 from the next batch")
        #expect(Self.text(screen.handle(.character("-"), now: 0)) == "standard: learning rate /2 from the next batch")
        #expect(Self.text(screen.handle(.character("w"), now: 0)) == "saving standard…")
        #expect(Self.text(screen.update(now: 0)) == "saved standard: runs/standard-1")
        #expect(Self.text(screen.handle(.character("r"), now: 0)) == "restarting standard: the stopped run is saved first")
        standard.monitor.record(.epoch(RunMonitorTests.metrics(epoch: 3, accuracy: nil)))
        #expect(Self.text(screen.handle(.character("r"), now: 0)) == "restarting standard: the stopped run is saved first, named after epoch 3's figures")
        #expect(standard.calls.filter { $0 == .restart }.count == 2)
    }

    @Test func anEndedRunIsNotSteeredAndClosingStopsEveryRun() throws {
        let standard = FakeRun(.standard), supervised = FakeRun(.supervised)
        let (_, screen) = try Self.lab([standard, supervised])
        let report = screen.close(within: .within(1))
        #expect(standard.calls == [.stop] && supervised.calls == [.stop])
        #expect(report.errors.isEmpty)
        #expect(Self.text(screen.handle(.character(" "), now: 0)) == "the standard run has ended: r starts it again")
        #expect(Self.text(screen.handle(.character("+"), now: 0)) == nil)
        #expect(standard.calls == [.stop])
    }
}

