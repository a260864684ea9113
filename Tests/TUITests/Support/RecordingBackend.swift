@testable import TUI

/// An in-memory terminal: records what the lab writes and plays back queued keys.
final class RecordingBackend: TerminalBackend {
    var width: Int
    var height: Int
    let display: DisplayMode
    private(set) var frames: [[Canvas.Span]] = []
    private(set) var repaints = 0
    private(set) var palettes: [Palette] = []
    var keys: [KeyInput] = []
    private(set) var closed = false

    init(width: Int, height: Int, display: DisplayMode = DisplayMode(colors: .palette256, unicode: true)) {
        self.width = width
        self.height = height
        self.display = display
    }

    func use(_ palette: Palette) { palettes.append(palette) }

    func present(_ spans: [Canvas.Span], repaint: Bool) {
        frames.append(spans)
        if repaint { repaints += 1 }
    }

    func readKey(timeoutMilliseconds: Int) -> KeyInput? { keys.isEmpty ? nil : keys.removeFirst() }

    func close() { closed = true }

    /// How many cells the frames wrote in all.
    var cellsWritten: Int { frames.joined().reduce(0) { $0 + $1.text.unicodeScalars.count } }
}
