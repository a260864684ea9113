import Engine
import Foundation

/// The lab's main loop, on the main thread: waits for a key for at most one frame, gives it to the
/// top screen (or takes it itself: help, theme, quit, resize, and `Esc` back), and redraws only when
/// the screen, the footer or the size changed. Training never waits for it.
public final class LabController {
    private let backend: TerminalBackend
    private var screens: [LabScreen]
    private var themes: ThemeCatalog
    private let signals: SignalWatcher?
    private let frameMilliseconds: Int
    private let clock: () -> Double
    private var palette: Palette
    private var showHelp = false
    private var message: FooterMessage?
    private var previous: Canvas?
    private var lastFrame: FrameKey?
    private var repaint = true

    /// What decides whether a new frame differs from the last one.
    private struct FrameKey: Equatable {
        var screen: ObjectIdentifier
        var content: AnyHashable
        var showHelp: Bool
        var message: FooterMessage?
        var width: Int
        var height: Int
        var themeName: String
    }

    /// How long quitting waits for the runs to stop and save.
    public static let stopTimeout = 60.0

    /// `screens` from the bottom (the first screen shown) to the top.
    public init(backend: TerminalBackend, screens: [LabScreen], themes: ThemeCatalog, signals: SignalWatcher?,
                framesPerSecond: Int, clock: @escaping () -> Double = MonotonicClock.seconds) {
        precondition(!screens.isEmpty, "the lab needs a screen")
        self.backend = backend
        self.screens = screens
        self.themes = themes
        self.signals = signals
        frameMilliseconds = 1000 / max(1, framesPerSecond)
        self.clock = clock
        palette = Palette(theme: themes.current, mode: backend.display.colors)
    }

    private var top: LabScreen { screens[screens.count - 1] }

    /// Runs until `q` or a quit signal, then closes every screen (which stops and saves its runs).
    public func run() -> LabExit {
        backend.use(palette)
        loop: while signals?.quitSignal == nil {
            var key = backend.readKey(timeoutMilliseconds: frameMilliseconds)
            while let pressed = key {
                if perform(pressed) { break loop }
                key = backend.readKey(timeoutMilliseconds: 0)
            }
            drawIfChanged()
        }
        return shutDown()
    }

    /// Applies one key; true when it asks to quit.
    func perform(_ key: KeyInput) -> Bool {
        let now = clock()
        switch KeyMap.labAction(for: key) {
        case .quit: return true
        case .resize: repaint = true
        case .toggleHelp: showHelp.toggle()
        case .nextTheme:
            do {
                let theme = try themes.next()
                palette = Palette(theme: theme, mode: backend.display.colors)
                backend.use(palette)
                repaint = true
                show("theme \(theme.name)", now: now)
            } catch {
                show("\(error)", isError: true, now: now, seconds: 8)
            }
        case .closeHelp where showHelp: showHelp = false
        case .closeHelp, nil:
            let response = top.handle(key, now: now)
            if case .ignored = response, key == .escape, screens.count > 1 { return apply(.back, now: now) }
            return apply(response, now: now)
        }
        return false
    }

    /// Carries out what a screen asked; true when it asks to quit.
    private func apply(_ response: ScreenResponse, now: Double) -> Bool {
        switch response {
        case .ignored, .handled: break
        case let .message(text, isError): show(text, isError: isError, now: now, seconds: isError ? 8 : 5)
        case .open(let screen):
            screens.append(screen)
            message = nil
        case .back where screens.count > 1:
            let report = screens.removeLast().close(within: .within(Self.stopTimeout))
            if let error = report.errors.first {
                show(error, isError: true, now: now, seconds: 8)
            } else if let line = report.lines.first {
                show(line, now: now)
            }
        case .back: break
        case .quit: return true
        }
        return false
    }

    private func show(_ text: String, isError: Bool = false, now: Double, seconds: Double = 5) {
        message = FooterMessage(text: text, isError: isError, until: now + seconds)
    }

    private var context: RenderContext { RenderContext(palette: palette, display: backend.display) }

    /// Draws a frame if anything it shows has changed, sending only the changed cells.
    func drawIfChanged() {
        let now = clock()
        _ = apply(top.update(now: now), now: now)
        let shown = message.flatMap { $0.until > now ? $0 : nil }
        let key = FrameKey(screen: ObjectIdentifier(top), content: top.frameKey(now: now), showHelp: showHelp, message: shown,
                           width: backend.width, height: backend.height, themeName: themes.current.name)
        guard repaint || key != lastFrame else { return }
        let canvas = render(message: shown, now: now)
        backend.present(canvas.spans(since: repaint ? nil : previous), repaint: repaint)
        previous = canvas
        lastFrame = key
        repaint = false
    }

    private func render(message: FooterMessage?, now: Double) -> Canvas {
        var canvas = Canvas(width: backend.width, height: backend.height)
        let context = self.context
        guard canvas.width >= ScreenLayout.minimumWidth, canvas.height >= ScreenLayout.minimumHeight else {
            TooSmallWidget(minimumWidth: ScreenLayout.minimumWidth, minimumHeight: ScreenLayout.minimumHeight,
                           palette: palette).draw(into: &canvas)
            return canvas
        }
        let body = Rect(x: 0, y: 0, width: canvas.width, height: canvas.height - 1)
        top.draw(into: &canvas, in: body, context: context, now: now)
        // A screen opened from another goes back with Esc; say so where the screen does not.
        let back = screens.count > 1 && !top.keys.contains { $0.label == "Esc" } ? [KeyMap.back] : []
        let keys = top.keys + back + KeyMap.lab.help
        FooterWidget(keys: keys, message: message, themeName: themes.current.name, modeLabels: top.modeLabels, context: context)
            .draw(into: &canvas, in: Rect(x: 0, y: canvas.height - 1, width: canvas.width, height: 1))
        if showHelp { HelpOverlay(entries: keys, context: context).draw(into: &canvas, in: canvas.bounds) }
        return canvas
    }

    private func shutDown() -> LabExit {
        show("stopping and saving…", now: clock(), seconds: Self.stopTimeout)
        repaint = true
        drawIfChanged()
        let deadline = clock() + Self.stopTimeout
        // Another quit signal while waiting (a second Ctrl-C) ends the wait at once.
        let signalsBefore = signals?.quitCount ?? 0
        let limit = CloseLimit(deadline: deadline, clock: clock) { [signals] in (signals?.quitCount ?? 0) != signalsBefore }
        let reports = screens.reversed().map { $0.close(within: limit) }
        return LabExit(signal: signals?.quitSignal, report: ScreenReport(lines: reports.flatMap(\.lines), errors: reports.flatMap(\.errors)),
                       endedAtOnce: limit.isCutShort)
    }
}

/// How the lab ended: the signal that ended it (nil after `q`), what its screens had to say once
/// the terminal is restored, and whether a second signal cut the wait for their runs short.
public struct LabExit: Sendable {
    public var signal: Int32?
    public var report: ScreenReport
    public var endedAtOnce: Bool
}
