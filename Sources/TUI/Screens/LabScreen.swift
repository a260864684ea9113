/// One screen of the lab (training, a search, the runs browser, a saved run, …). The lab keeps a
/// stack of them: it shows the top one, gives it the keys it does not take itself (`?`, `t`, `q`,
/// resizes), draws the footer and the help overlay from the screen's `keys`, and pops it on `Esc`
/// when the screen ignores that key. Screens run on the main thread only.
public protocol LabScreen: AnyObject {
    /// The screen's keys, in the order the footer and the help overlay list them.
    var keys: [KeyHelp] { get }
    /// What the screen adds to the display mode at the right of the footer (e.g. its markers).
    var modeLabels: [String] { get }
    /// Takes a key press.
    func handle(_ key: KeyInput, now: Double) -> ScreenResponse
    /// Called once per frame before drawing, to pick up what changed elsewhere (a run saved, a trial
    /// finished); may answer with a message for the footer.
    func update(now: Double) -> ScreenResponse
    /// Anything that changes when the screen would draw differently; equal keys skip the redraw.
    func frameKey(now: Double) -> AnyHashable
    /// Draws the screen in `body` (the whole terminal but the footer line).
    func draw(into canvas: inout Canvas, in body: Rect, context: RenderContext, now: Double)
    /// The screen is closed (`Esc` back, or the lab quits): stop what runs, wait for it to be
    /// saved (within `limit`), and say what happened.
    func close(within limit: CloseLimit) -> ScreenReport
}

extension LabScreen {
    public var modeLabels: [String] { [] }
    public func update(now: Double) -> ScreenResponse { .ignored }
    public func close(within limit: CloseLimit) -> ScreenReport { ScreenReport() }
}

/// What a screen asks of the lab after a key or an update.
public enum ScreenResponse {
    /// Not this screen's key (`Esc` then goes back to the previous screen).
    case ignored
    case handled
    /// Handled, with a note for the footer.
    case message(String, isError: Bool = false)
    /// Shows another screen on top of this one.
    case open(LabScreen)
    /// Back to the previous screen.
    case back
    case quit
}

/// What a closed screen has to say once the terminal is restored: lines for stdout (runs saved,
/// a leaderboard) and errors for stderr (a run not saved), which make the lab exit 1.
public struct ScreenReport: Sendable {
    public var lines: [String] = []
    public var errors: [String] = []

    public init(lines: [String] = [], errors: [String] = []) {
        self.lines = lines
        self.errors = errors
    }
}

/// How long a closing screen may wait for its runs to stop and be saved: until a deadline, or
/// until a second quit signal asks to end at once.
public struct CloseLimit {
    public let deadline: Double
    private let clock: () -> Double
    private let cutShort: () -> Bool

    public init(deadline: Double, clock: @escaping () -> Double = MonotonicClock.seconds, cutShort: @escaping () -> Bool = { false }) {
        self.deadline = deadline
        self.clock = clock
        self.cutShort = cutShort
    }

    /// `seconds` from now, not cut short.
    public static func within(_ seconds: Double) -> CloseLimit { CloseLimit(deadline: MonotonicClock.seconds() + seconds) }

    public var isCutShort: Bool { cutShort() }

    /// Calls `poll` (which may block briefly) until it returns true or the limit is reached;
    /// returns its last answer.
    public func wait(_ poll: () -> Bool) -> Bool {
        while true {
            if poll() { return true }
            if clock() >= deadline || cutShort() { return false }
        }
    }

    /// Why what was still running was not saved.
    public var reason: String {
        isCutShort ? "a second signal ended the lab at once" : "it did not stop within \(Int(LabController.stopTimeout)) s"
    }
}
