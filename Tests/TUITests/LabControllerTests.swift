@testable import Engine
import Foundation
import TestSupport
import Testing
@testable import TUI

@Suite(.timeLimit(.minutes(1))) struct LabControllerTests {
    static func controller(_ backend: RecordingBackend, themes: ThemeCatalog? = nil, clock: @escaping () -> Double = { 0 }) throws -> LabController {
        LabController(backend: backend, runs: [], themes: try themes ?? ThemeCatalog(selecting: nil, directory: nil),
                      signals: nil, framesPerSecond: 10, clock: clock)
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

    @Test func noColourTerminalsStartWithDigitMarkers() throws {
        let backend = RecordingBackend(width: 120, height: 40, display: DisplayMode(colors: .monochrome, unicode: false))
        let lab = try Self.controller(backend)
        lab.drawIfChanged()
        let footer = backend.frames.last!.filter { $0.y == 39 }.map(\.text).joined()
        #expect(footer.contains("dark mono ASCII digits"))
    }
}
