import Foundation

/// What the options of every command that opens the terminal set: theme, glyphs, colour, frame rate.
struct DisplaySettings {
    var theme: String?
    var ascii = false
    var noColor = false
    var framesPerSecond = 10
}

enum DisplayOptions {
    static var options: [Option<DisplaySettings>] { [
        .value("theme", "NAME", "colour theme: a name in themes/ (dark, light, high-contrast) or a .json path", default: "dark",
               \.theme, Parse.path),
        .flag("ascii", "ASCII only: no braille, blocks or box lines (automatic without a UTF-8 locale)", \.ascii),
        .flag("no-color", "no colour (automatic when NO_COLOR is set)", \.noColor),
        .value("fps", "N", "frames per second at most", default: "10", \.framesPerSecond, Parse.whole(1...60)),
    ] }
}
