import CNcurses
import Foundation

/// The one file that talks to ncurses: opens the terminal, allocates colour pairs, blits canvas
/// spans and reads keys. Main thread only.
public final class NcursesBackend: TerminalBackend {
    public private(set) var width: Int
    public private(set) var height: Int
    public let display: DisplayMode
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private var pairs: [ColorPair: Int16] = [:]
    private var isOpen = true

    /// A terminal that could not be opened.
    public struct OpenError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens the terminal: `newterm` with `$TERM`, else xterm-256color, else vt100 (`initscr` would
    /// exit the process on an unknown terminal). `ascii` and `noColor` turn those features off
    /// even when the terminal has them; so do a non-UTF-8 locale and a set `NO_COLOR`.
    /// Whether stdin and stdout are a terminal the lab could open on.
    public static var hasTerminal: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    public init(ascii: Bool, noColor: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        setlocale(LC_ALL, "")
        guard Self.hasTerminal else {
            throw OpenError(description: "the lab needs a terminal on stdin and stdout (for scripts, use 'aetui train')")
        }
        aet_install_terminal_rescue()
        var opened: OpaquePointer?
        for type in [nil, "xterm-256color", "vt100"] as [String?] {
            opened = newterm(type, aet_stdout(), aet_stdin())
            if opened != nil { break }
        }
        guard let opened else {
            aet_remove_terminal_rescue()
            throw OpenError(description: "cannot open the terminal '\(environment["TERM"] ?? "")', nor xterm-256color or vt100: is a terminfo database installed?")
        }
        set_term(opened)
        guard aet_can_move_cursor() != 0 else {
            endwin()
            delscreen(opened)
            aet_remove_terminal_rescue()
            throw OpenError(description: "the terminal '\(environment["TERM"] ?? "")' cannot move the cursor, so the lab cannot draw on it: "
                + "run it in a terminal such as xterm-256color (e.g. TERM=xterm-256color), or run headless ('aetui train', 'aetui search --headless', 'aetui runs --headless')")
        }
        screen = opened
        window = aet_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(25)

        let unicode = DisplayMode.isUTF8(codeset: String(cString: aet_codeset())) && !ascii
        let wantsColor = ColorMode.isWanted(noColorFlag: noColor, environment: environment) && has_colors()
        if wantsColor {
            start_color()
            use_default_colors()
        }
        let colors = ColorMode.detect(wanted: wantsColor, colors: Int(aet_colors()), pairs: Int(aet_color_pairs()))
        display = DisplayMode(colors: colors, unicode: unicode)
        width = Int(aet_getmaxx(window))
        height = Int(aet_getmaxy(window))
    }

    deinit { close() }

    public func use(_ palette: Palette) {
        pairs = [:]
        guard display.colors != .monochrome else { return }
        let limit = max(0, min(255, Int(aet_color_pairs()) - 1))
        for (index, pair) in palette.colorPairs.prefix(limit).enumerated() {
            let number = Int16(index + 1)
            init_pair(number, Self.number(of: pair.foreground), Self.number(of: pair.background))
            pairs[pair] = number
        }
    }

    private static func number(of color: TerminalColor) -> Int16 {
        switch color {
        case .terminalDefault: -1
        case .indexed(let index): Int16(index)
        }
    }

    public func present(_ spans: [Canvas.Span], repaint: Bool) {
        if repaint { clearok(window, true) }
        for span in spans {
            let pair = pairs[ColorPair(foreground: span.style.foreground, background: span.style.background)] ?? 0
            _ = aet_set_attributes(window, attributes(span.style.attributes), pair)
            let text = display.unicode ? span.text : String(String.UnicodeScalarView(span.text.unicodeScalars.map { $0.isASCII ? $0 : "?" }))
            _ = mvwaddnstr(window, Int32(span.y), Int32(span.x), text, -1)
        }
        _ = aet_set_attributes(window, aet_a_normal(), 0)
        wnoutrefresh(window)
        doupdate()
    }

    private func attributes(_ attributes: TextAttributes) -> attr_t {
        var value = aet_a_normal()
        if attributes.contains(.bold) { value |= aet_a_bold() }
        if attributes.contains(.dim) { value |= aet_a_dim() }
        if attributes.contains(.reverse) { value |= aet_a_reverse() }
        if attributes.contains(.underline) { value |= aet_a_underline() }
        return value
    }

    public func readKey(timeoutMilliseconds: Int) -> KeyInput? {
        wtimeout(window, Int32(timeoutMilliseconds))
        let key = wgetch(window)
        switch key {
        case aet_err(): return nil
        case aet_key_resize():
            width = Int(aet_getmaxx(window))
            height = Int(aet_getmaxy(window))
            return .resize
        case aet_key_btab(): return .backTab
        case aet_key_up(): return .up
        case aet_key_down(): return .down
        case aet_key_left(): return .left
        case aet_key_right(): return .right
        case aet_key_enter(), 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 0..<128: return .character(Unicode.Scalar(UInt8(key)))
        default: return nil
        }
    }

    public func close() {
        guard isOpen else { return }
        isOpen = false
        endwin()
        delscreen(screen)
        aet_remove_terminal_rescue()
    }
}
