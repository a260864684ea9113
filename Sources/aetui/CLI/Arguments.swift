import Foundation

/// A command-line option: `--name VALUE`, `--name=VALUE`, or a flag without a value.
struct OptionSpec {
    let name: String
    /// Nil for a flag.
    let valueName: String?
    let help: String
    let defaultText: String?

    init(_ name: String, _ valueName: String? = nil, _ help: String, default defaultText: String? = nil) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.defaultText = defaultText
    }

    var usage: String { valueName.map { "--\(name) \($0)" } ?? "--\(name)" }
}

/// A usage mistake: the CLI prints it with the command's usage line and exits 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Parsed options, with typed getters that name the option in their errors.
struct ParsedArguments {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    init(_ arguments: [String], specs: [OptionSpec], command: String) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                if argument.hasPrefix("-") && argument.count > 1 && Double(argument) == nil {
                    throw UsageError("unknown option '\(argument)' for '\(command)'")
                }
                positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                throw UsageError("unknown option '--\(name)' for '\(command)'")
            }
            if spec.valueName == nil {
                if inline != nil { throw UsageError("option '--\(name)' takes no value") }
                flags.insert(name)
            } else if let inline {
                values[name] = inline
            } else {
                guard index < arguments.count else { throw UsageError("option '--\(name)' needs a value (\(spec.valueName!))") }
                values[name] = arguments[index]
                index += 1
            }
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func string(_ name: String) -> String? { values[name] }

    func int(_ name: String, range: ClosedRange<Int> = 1...Int.max) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("option '--\(name)': '\(text)' is not a whole number in \(range.lowerBound)...\(range.upperBound == Int.max ? "" : String(range.upperBound))")
        }
        return value
    }

    func float(_ name: String) throws -> Float? {
        guard let text = values[name] else { return nil }
        guard let value = Float(text), value.isFinite else {
            throw UsageError("option '--\(name)': '\(text)' is not a number")
        }
        return value
    }

    func sizes(_ name: String) throws -> [Int]? {
        guard let text = values[name] else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw UsageError("option '--\(name)': '\(text)' is not a comma-separated list of positive sizes (e.g. 392,98,2)")
        }
        return parts.map { $0! }
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = values[name] else { return nil }
        guard let value = T(rawValue: text.lowercased()) else {
            throw UsageError("option '--\(name)': '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}

/// Parses a subcommand's arguments: prints its help and returns nil for `--help`, and refuses
/// more than `positionals` bare arguments.
func parseCommand(_ arguments: [String], specs: [OptionSpec], command: String, help: String,
                  positionals: Int = 0) throws -> ParsedArguments? {
    let parsed = try ParsedArguments(arguments, specs: specs, command: command)
    if parsed.flag("help") {
        Output.line(help)
        return nil
    }
    if parsed.positionals.count > positionals {
        throw UsageError("unexpected argument '\(parsed.positionals[positionals])' for '\(command)'")
    }
    return parsed
}

/// The help text of a command: usage line, then every option with its default.
func helpText(usage: String, summary: String, specs: [OptionSpec]) -> String {
    let width = (specs.map(\.usage.count).max() ?? 0) + 2
    let lines = specs.map { spec -> String in
        let padded = spec.usage.padding(toLength: width, withPad: " ", startingAt: 0)
        return "  \(padded)\(spec.help)\(spec.defaultText.map { " (default: \($0))" } ?? "")"
    }
    return "usage: \(usage)\n\n\(summary)\n\noptions:\n" + lines.joined(separator: "\n")
}
