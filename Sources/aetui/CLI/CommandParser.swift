import Foundation

/// A usage mistake: the CLI prints it with the command's usage line and exits 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Settings that a command line fills in: every command's settings have a help flag and bare arguments.
protocol CommandSettings {
    init()
    var help: Bool { get set }
    var positionals: [String] { get set }
}

/// A command's line: its options, and how its help reads.
struct CommandLineSpec<Settings: CommandSettings> {
    let command: String
    let usage: String
    let summary: String
    let options: [Option<Settings>]
    /// How many bare arguments it takes at most.
    var positionals = 0

    init(command: String, usage: String, summary: String, options: [Option<Settings>], positionals: Int = 0) {
        self.command = command
        self.usage = usage
        self.summary = summary
        self.options = options + [.flag("help", "show this help", \.help)]
        self.positionals = positionals
    }

    /// The settings from `arguments`: `--name VALUE`, `--name=VALUE` or `--flag`, applied in the
    /// order the options are declared (so a preset comes first and explicit options override it);
    /// a repeated option keeps its last value.
    func parse(_ arguments: [String]) throws -> Settings {
        var given: [String: String?] = [:]
        var settings = Settings()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                if argument.hasPrefix("-") && argument.count > 1 && Double(argument) == nil {
                    throw UsageError("unknown option '\(argument)' for '\(command)'")
                }
                settings.positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option '--\(name)' for '\(command)'")
            }
            if option.valueName == nil {
                if inline != nil { throw UsageError("option '--\(name)' takes no value") }
                given[name] = .some(nil)
            } else if let inline {
                given[name] = inline
            } else {
                guard index < arguments.count else { throw UsageError("option '--\(name)' needs a value (\(option.valueName!))") }
                // `--runs-dir --no-save` must not save into a folder named "--no-save": a value
                // that looks like an option is one (a path can be given as ./--name or --name=...).
                let value = arguments[index]
                if value.hasPrefix("--"), value.count > 2 {
                    throw UsageError("option '--\(name)' needs a value (\(option.valueName!)), not the option '\(value)' (for a value that starts with --, write --\(name)=\(value))")
                }
                given[name] = value
                index += 1
            }
        }
        if given["help"] != nil {
            settings.help = true
            return settings
        }
        for option in options {
            if let value = given[option.name] { try option.apply(&settings, value) }
        }
        if settings.positionals.count > positionals {
            throw UsageError("unexpected argument '\(settings.positionals[positionals])' for '\(command)'")
        }
        return settings
    }

    /// Usage line, summary, then every option with its default.
    var help: String {
        let width = (options.map(\.usage.count).max() ?? 0) + 2
        let lines = options.map { option -> String in
            let padded = option.usage.padding(toLength: width, withPad: " ", startingAt: 0)
            return "  \(padded)\(option.help)\(option.defaultText.map { " (default: \($0))" } ?? "")"
        }
        return "usage: \(usage)\n\n\(summary)\n\noptions:\n" + lines.joined(separator: "\n")
    }

    /// Parses, or prints the help and returns nil when `--help` was given.
    func parseOrPrintHelp(_ arguments: [String]) throws -> Settings? {
        let settings = try parse(arguments)
        if settings.help {
            Output.line(help)
            return nil
        }
        return settings
    }
}
