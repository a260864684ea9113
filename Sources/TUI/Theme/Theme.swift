/// A colour theme: the colours of each role, given for 256-colour and for 8/16-colour terminals.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var colors256: ThemeColors
    public var colors8: ThemeColors

    public init(name: String, colors256: ThemeColors, colors8: ThemeColors) {
        self.name = name
        self.colors256 = colors256
        self.colors8 = colors8
    }

    /// The dark theme, used when no `themes` folder can be found (an installed binary on its own);
    /// `themes/dark.json` holds the same values.
    public static let fallback = Theme(
        name: "dark",
        colors256: ThemeColors(digits: [39, 208, 41, 203, 141, 137, 212, 250, 184, 51],
                               axes: 240, text: 252, muted: 245, highlight: 220, warning: 203,
                               train: 75, validation: 214, batch: 242, accuracy: 114),
        colors8: ThemeColors(digits: [9, 11, 10, 14, 12, 13, 1, 3, 7, 6],
                             axes: 7, text: 7, muted: 7, highlight: 11, warning: 9,
                             train: 14, validation: 11, batch: 7, accuracy: 10))
}

/// The colours of one theme for one colour depth, as palette indexes.
///
/// In the 8/16-colour set, 8-15 are the bright colours; on an 8-colour terminal they are drawn as
/// 0-7 in bold.
public struct ThemeColors: Equatable, Sendable {
    /// One colour per digit class 0-9, well apart so that the latent clusters can be told apart.
    public var digits: [UInt8]
    public var axes: UInt8
    public var text: UInt8
    public var muted: UInt8
    public var highlight: UInt8
    public var warning: UInt8
    public var train: UInt8
    public var validation: UInt8
    public var batch: UInt8
    public var accuracy: UInt8

    public init(digits: [UInt8], axes: UInt8, text: UInt8, muted: UInt8, highlight: UInt8, warning: UInt8,
                train: UInt8, validation: UInt8, batch: UInt8, accuracy: UInt8) {
        self.digits = digits
        self.axes = axes
        self.text = text
        self.muted = muted
        self.highlight = highlight
        self.warning = warning
        self.train = train
        self.validation = validation
        self.batch = batch
        self.accuracy = accuracy
    }
}
