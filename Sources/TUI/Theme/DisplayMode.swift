/// How many colours the terminal shows, from best to none.
public enum ColorMode: Equatable, Sendable {
    case palette256
    case palette16
    case palette8
    case monochrome

    public var label: String {
        switch self {
        case .palette256: "256 colours"
        case .palette16: "16 colours"
        case .palette8: "8 colours"
        case .monochrome: "no colour"
        }
    }

    /// Colour unless `--no-color` or a non-empty `NO_COLOR` (no-color.org) says otherwise.
    public static func isWanted(noColorFlag: Bool, environment: [String: String]) -> Bool {
        !noColorFlag && (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// The richest mode the terminal's colour and pair counts allow: 256 colours need 256 pairs,
    /// 16 need 32 (a pair per digit and role), 8 are enough for the basic palette.
    public static func detect(wanted: Bool, colors: Int, pairs: Int) -> ColorMode {
        guard wanted else { return .monochrome }
        if colors >= 256 && pairs >= 256 { return .palette256 }
        if colors >= 16 && pairs >= 32 { return .palette16 }
        return colors >= 8 ? .palette8 : .monochrome
    }

    public var shortLabel: String {
        switch self {
        case .palette256: "256c"
        case .palette16: "16c"
        case .palette8: "8c"
        case .monochrome: "mono"
        }
    }
}

/// What the terminal can show: its colours, and whether it takes UTF-8 (else ASCII fallbacks).
public struct DisplayMode: Equatable, Sendable {
    public var colors: ColorMode
    public var unicode: Bool

    public init(colors: ColorMode, unicode: Bool) {
        self.colors = colors
        self.unicode = unicode
    }

    /// Whether the locale's codeset (`nl_langinfo(CODESET)`) is UTF-8, however it is spelled.
    public static func isUTF8(codeset: String) -> Bool {
        codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
    }

    public var box: BoxGlyphs { unicode ? .unicode : .ascii }
    public var dots: DotGlyphs { unicode ? .braille : .ascii }
    /// A thin separator between items of a line.
    public var separator: String { unicode ? " │ " : " | " }

    public var image: ImageEncoding {
        guard unicode else { return .asciiRamp }
        return colors == .palette256 ? .halfBlock : .shade
    }
}
