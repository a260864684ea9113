import Foundation
import TestSupport
import Testing
@testable import TUI

@Suite struct ThemeTests {
    static let repositoryThemes = TestSupport.repositoryRoot.appendingPathComponent("themes").path

    static func parse(_ json: String) throws -> Theme {
        try ThemeLoader.parse(Data(json.utf8), name: "broken", file: "themes/broken.json")
    }

    static let validSection = #""digits": [1,2,3,4,5,6,7,8,9,10], "axes": 1, "text": 2, "muted": 3, "highlight": 4, "warning": 5, "train": 6, "validation": 7, "batch": 8, "accuracy": 9"#

    @Test func theBundledThemesAllLoad() throws {
        #expect(ThemeLoader.names(in: Self.repositoryThemes) == ["dark", "high-contrast", "light"])
        for name in ThemeLoader.names(in: Self.repositoryThemes) {
            let theme = try ThemeLoader.load(path: ThemeLoader.path(of: name, directory: Self.repositoryThemes))
            #expect(theme.name == name)
            #expect(Set(theme.colors256.digits).count == 10, "\(name): the 256-colour digits must differ")
        }
    }

    @Test func darkJSONIsTheBuiltInFallback() throws {
        #expect(try ThemeLoader.load(path: "\(Self.repositoryThemes)/dark.json") == Theme.fallback)
    }

    @Test(arguments: [ColorMode.palette256, .palette16, .palette8, .monochrome])
    func everyThemeFitsIn255ColourPairs(mode: ColorMode) throws {
        for name in ThemeLoader.names(in: Self.repositoryThemes) {
            let theme = try ThemeLoader.load(path: "\(Self.repositoryThemes)/\(name).json")
            let pairs = Palette(theme: theme, mode: mode).colorPairs
            #expect(pairs.count <= 255)
            #expect(Set(pairs).count == pairs.count)
        }
    }

    @Test func eightColourTerminalsDrawBrightColoursInBold() {
        let palette = Palette(theme: .fallback, mode: .palette8)
        #expect(palette.digit(0) == Style(foreground: .indexed(1), attributes: .bold))
        #expect(palette.digit(6) == Style(foreground: .indexed(1), attributes: .underline))
        #expect(Palette(theme: .fallback, mode: .palette16).digit(0) == Style(foreground: .indexed(9)))
    }

    /// Eight colours give eight hues for ten classes, and bold alone hardly shows on a dot: classes
    /// that share a hue differ by another attribute too, in every bundled theme.
    @Test(arguments: [ColorMode.palette256, .palette16, .palette8])
    func allTenDigitsDifferBeyondBold(mode: ColorMode) throws {
        for name in ThemeLoader.names(in: Self.repositoryThemes) {
            let theme = try ThemeLoader.load(path: "\(Self.repositoryThemes)/\(name).json")
            let digits = Palette(theme: theme, mode: mode).digits
            let looks = Set(digits.map { Style(foreground: $0.foreground, attributes: $0.attributes.subtracting(.bold)) })
            #expect(looks.count == 10, "\(name), \(mode)")
        }
    }

    @Test func repeatedHuesTakeUnderlineThenReverseThenDim() {
        let red = Style(foreground: .indexed(1))
        #expect(Palette.distinct([red, red.adding(.bold), red, red, Style(foreground: .indexed(2))])
            == [red, red.adding([.bold, .underline]), red.adding(.reverse), red.adding(.dim), Style(foreground: .indexed(2))])
    }

    @Test func withoutColourRolesDifferByAttributes() {
        let palette = Palette(theme: .fallback, mode: .monochrome)
        #expect(palette.colorPairs.isEmpty)
        #expect(palette.highlight.attributes.contains(.bold))
        #expect(palette.train != palette.validation)
    }

    @Test(arguments: [
        ("{", "theme themes/broken.json: is not valid JSON"),
        (String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
         "theme themes/broken.json: is nested 600 levels deep, more than the 512 levels that are read"),
        ("[1]", "theme themes/broken.json: must hold a JSON object with 'colors256' and 'colors8'"),
        (#"{"colors8": {}}"#, "theme themes/broken.json: field 'colors256': is missing"),
        (#"{"colors256": 5}"#, "theme themes/broken.json: field 'colors256': must be an object of colours"),
        (#"{"colors256": {"digits": [1,2,3]}}"#, "theme themes/broken.json: field 'colors256.digits': must be a list of 10 colour indexes 0-255, one per digit"),
        (#"{"colors256": {"digits": [1,2,3,4,5,6,7,8,9,"red"]}}"#, "theme themes/broken.json: field 'colors256.digits[9]': must be a colour index 0-255, got \"red\""),
        (#"{"colors256": {"digits": [1,2,3,4,5,6,7,8,9,10], "axes": 300}}"#, "theme themes/broken.json: field 'colors256.axes': must be a colour index 0-255, got 300"),
        (#"{"colors256": {"digits": [1,2,3,4,5,6,7,8,9,10], "axes": true}}"#, "theme themes/broken.json: field 'colors256.axes': must be a colour index 0-255, got true"),
        (#"{"colors256": {"digits": [1,2,3,4,5,6,7,8,9,10], "axes": 1.5}}"#, "theme themes/broken.json: field 'colors256.axes': must be a colour index 0-255, got 1.5"),
        (#"{"colors256": {"digits": [1,2,3,4,5,6,7,8,9,10], "axes": 1}}"#, "theme themes/broken.json: field 'colors256.text': is missing"),
    ])
    func malformedThemesNameTheFileAndField(json: String, message: String) {
        #expect(throws: ThemeError.self) { try Self.parse(json) }
        do {
            _ = try Self.parse(json)
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func eightColourIndexesStopAt15AndUnknownFieldsAreNamed() {
        let outOfRange = #"{"colors256": {\#(Self.validSection)}, "colors8": {\#(Self.validSection.replacingOccurrences(of: "\"batch\": 8", with: "\"batch\": 16"))}}"#
        #expect(throws: ThemeError(file: "themes/broken.json", field: "colors8.batch", problem: "must be a colour index 0-15, got 16")) {
            try Self.parse(outOfRange)
        }
        let unknown = #"{"colors256": {\#(Self.validSection), "axis": 3}, "colors8": {\#(Self.validSection)}}"#
        #expect(throws: ThemeError.self) { try Self.parse(unknown) }
    }

    @Test func cyclingPastABrokenThemeKeepsTheCurrentOneAndMovesOn() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let valid = #"{"colors256": {\#(Self.validSection)}, "colors8": {\#(Self.validSection)}}"#
        try Data(valid.utf8).write(to: directory.appendingPathComponent("a.json"))
        try Data("{ nope".utf8).write(to: directory.appendingPathComponent("b.json"))
        try Data(valid.utf8).write(to: directory.appendingPathComponent("dark.json"))

        var catalog = try ThemeCatalog(selecting: nil, directory: directory.path)
        #expect(catalog.current.name == "dark")
        #expect(try catalog.next().name == "a")
        #expect(throws: ThemeError.self) { try catalog.next() }
        #expect(catalog.current.name == "a")
        #expect(try catalog.next().name == "dark")
    }

    @Test func aThemeNamedAtStartMustExist() {
        #expect(throws: ThemeError(file: "\(Self.repositoryThemes)/no-such-theme.json",
                                   problem: "no such theme (the themes are: dark, high-contrast, light)")) {
            try ThemeCatalog(selecting: "no-such-theme", directory: Self.repositoryThemes)
        }
    }

    @Test func withoutAThemesFolderTheBuiltInDarkThemeIsUsed() throws {
        #expect(try ThemeCatalog(selecting: nil, directory: nil).current == .fallback)
    }
}

@Suite struct DisplayModeDetectionTests {
    @Test(arguments: [
        (256, 32767, ColorMode.palette256), (256, 64, .palette16), (88, 256, .palette16), (16, 32, .palette16),
        (16, 16, .palette8), (8, 64, .palette8), (2, 64, .monochrome), (0, 0, .monochrome),
    ])
    func theRichestModeTheCountsAllow(colors: Int, pairs: Int, expected: ColorMode) {
        #expect(ColorMode.detect(wanted: true, colors: colors, pairs: pairs) == expected)
        #expect(ColorMode.detect(wanted: false, colors: colors, pairs: pairs) == .monochrome)
    }

    @Test func noColorFlagAndEnvironment() {
        #expect(ColorMode.isWanted(noColorFlag: false, environment: [:]))
        #expect(ColorMode.isWanted(noColorFlag: false, environment: ["NO_COLOR": ""]), "an empty NO_COLOR does not count")
        #expect(!ColorMode.isWanted(noColorFlag: false, environment: ["NO_COLOR": "1"]))
        #expect(!ColorMode.isWanted(noColorFlag: true, environment: [:]))
    }

    @Test func utf8CodesetsHoweverSpelled() {
        #expect(DisplayMode.isUTF8(codeset: "UTF-8") && DisplayMode.isUTF8(codeset: "utf8"))
        #expect(!DisplayMode.isUTF8(codeset: "ANSI_X3.4-1968") && !DisplayMode.isUTF8(codeset: "ISO-8859-1"))
    }
}
