/// A theme resolved for one colour mode: the style of every role, and the colour pairs that the
/// backend allocates up front.
public struct Palette: Equatable, Sendable {
    public let mode: ColorMode
    public let text: Style
    public let muted: Style
    public let axes: Style
    public let highlight: Style
    public let warning: Style
    public let train: Style
    public let validation: Style
    public let batch: Style
    public let accuracy: Style
    /// One style per digit class 0-9.
    public let digits: [Style]
    /// Shade and ASCII images: light on black, whatever the terminal's own background.
    public let image: Style

    public init(theme: Theme, mode: ColorMode) {
        self.mode = mode
        let colors = mode == .palette256 ? theme.colors256 : theme.colors8
        func style(_ index: UInt8, _ monochrome: TextAttributes = []) -> Style {
            switch mode {
            case .palette256, .palette16: Style(foreground: .indexed(index))
            case .palette8: index < 8 ? Style(foreground: .indexed(index)) : Style(foreground: .indexed(index - 8), attributes: .bold)
            case .monochrome: Style(attributes: monochrome)
            }
        }
        text = style(colors.text)
        muted = style(colors.muted, .dim)
        axes = style(colors.axes, .dim)
        highlight = style(colors.highlight).adding(.bold)
        warning = style(colors.warning, [.bold, .underline])
        // The epoch curves are the strongest marks and the per-batch line the weakest, in colour
        // too (without colour, bold and plain tell train from validation).
        let strong: TextAttributes = mode == .monochrome ? [] : .bold
        train = style(colors.train, .bold).adding(strong)
        validation = style(colors.validation).adding(strong)
        batch = style(colors.batch, .dim).adding(.dim)
        accuracy = style(colors.accuracy, .underline)
        digits = mode == .monochrome ? colors.digits.map { style($0) } : Self.distinct(colors.digits.map { style($0) })
        image = mode == .monochrome ? .plain : Style(foreground: .indexed(7), background: .indexed(0))
    }

    /// Digit styles told apart where hues repeat (8 colours for 10 classes: bold red and red look
    /// alike as dots): a class whose hue an earlier one has takes underline, then reverse, then dim.
    static func distinct(_ styles: [Style]) -> [Style] {
        var hues: [TerminalColor: Int] = [:]
        return styles.map { style in
            let repeats = hues[style.foreground, default: 0]
            hues[style.foreground] = repeats + 1
            let extra: [TextAttributes] = [[], .underline, .reverse, .dim]
            return style.adding(extra[min(repeats, extra.count - 1)])
        }
    }

    public func digit(_ label: Int) -> Style { digits.indices.contains(label) ? digits[label] : text }

    /// Every foreground/background combination a frame can use, in a stable order; at most 255
    /// (what the oldest terminals allow besides pair 0, the terminal's own colours).
    public var colorPairs: [ColorPair] {
        var pairs: [ColorPair] = []
        var seen: Set<ColorPair> = [ColorPair(foreground: .terminalDefault, background: .terminalDefault)]
        let roles = [text, muted, axes, highlight, warning, train, validation, batch, accuracy, image] + digits
        var candidates = roles.map { ColorPair(foreground: $0.foreground, background: $0.background) }
        if mode == .palette256 {
            for upper in GreyRamp.colors {
                for lower in GreyRamp.colors { candidates.append(ColorPair(foreground: upper, background: lower)) }
            }
        }
        for pair in candidates where seen.insert(pair).inserted { pairs.append(pair) }
        return pairs
    }
}

/// A foreground and background colour, as ncurses pairs them.
public struct ColorPair: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor

    public init(foreground: TerminalColor, background: TerminalColor) {
        self.foreground = foreground
        self.background = background
    }
}
