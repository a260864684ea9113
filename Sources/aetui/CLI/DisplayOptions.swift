import TUI

/// How a command that opens the lab shows it: theme, glyphs, colour, frame rate.
struct DisplaySettings {
    var theme: String?
    var ascii = false
    var noColor = false
    var framesPerSecond = 10

    static var options: [Option<DisplaySettings>] { [
        .value("theme", "NAME", "colour theme: a name in themes/ (dark, light, high-contrast) or a .json path", default: "dark",
               \.theme, Parse.path),
        .flag("ascii", "ASCII only: no braille, blocks or box lines (automatic without a UTF-8 locale)", \.ascii),
        .flag("no-color", "no colour (automatic when NO_COLOR is set)", \.noColor),
        .value("fps", "N", "frames per second at most", default: "10", \.framesPerSecond, Parse.whole(1...60)),
    ] }

    /// The lab's display, with the theme loaded: a bad theme is a bad option value (exit 2),
    /// reported before the terminal is touched or anything trains.
    func labDisplay() throws -> LabDisplay {
        do {
            return LabDisplay(themes: try ThemeCatalog(selecting: theme), ascii: ascii, noColor: noColor, framesPerSecond: framesPerSecond)
        } catch let error as ThemeError where theme != nil {
            throw UsageError("option '--theme': \(error)")
        }
    }
}
