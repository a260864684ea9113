/// The terminal as the lab's main loop sees it. The ncurses backend is the real one; tests use an
/// in-memory recorder.
public protocol TerminalBackend: AnyObject {
    /// The size in cells, as of the last resize.
    var width: Int { get }
    var height: Int { get }
    /// What the terminal can show.
    var display: DisplayMode { get }
    /// Allocates the palette's colour pairs (up front, at most 255); called again on a theme change.
    func use(_ palette: Palette)
    /// Writes the spans and shows them; `repaint` clears the screen first (after a resize or a
    /// palette change, when the terminal's content cannot be trusted).
    func present(_ spans: [Canvas.Span], repaint: Bool)
    /// Waits up to `milliseconds` for a key; nil when none came.
    func readKey(timeoutMilliseconds: Int) -> KeyInput?
    /// Restores the terminal; safe to call more than once.
    func close()
}
