import Engine
import Foundation

/// A command-line option declared once: its name, its help line and where its value goes in the
/// command's settings (`Target`). Parsing, `--help` and the value's validation all come from here,
/// so an option cannot be accepted and then silently ignored.
struct Option<Target> {
    let name: String
    /// Nil for a flag.
    let valueName: String?
    let help: String
    let defaultText: String?
    /// Stores the value (nil for a flag) into the settings, or throws a `UsageError` naming the option.
    let apply: (inout Target, String?) throws -> Void

    var usage: String { valueName.map { "--\(name) \($0)" } ?? "--\(name)" }

    /// The same option with another default in its help (a command whose defaults differ).
    func withDefault(_ text: String) -> Option {
        Option(name: name, valueName: valueName, help: help, defaultText: text, apply: apply)
    }

    /// The same option writing into a part of a larger settings value.
    func lifted<Outer>(_ path: WritableKeyPath<Outer, Target>) -> Option<Outer> {
        let apply = self.apply
        return Option<Outer>(name: name, valueName: valueName, help: help, defaultText: defaultText) { outer, text in
            try apply(&outer[keyPath: path], text)
        }
    }
}

// MARK: - Kinds of option

extension Option {
    /// A flag that sets a Boolean.
    static func flag(_ name: String, _ help: String, _ path: WritableKeyPath<Target, Bool>) -> Option {
        Option(name: name, valueName: nil, help: help, defaultText: nil) { target, _ in target[keyPath: path] = true }
    }

    /// An option with a value that `convert` turns into what the settings hold.
    static func value<Value>(_ name: String, _ valueName: String, _ help: String, default defaultText: String?,
                             _ path: WritableKeyPath<Target, Value>,
                             _ convert: @escaping (String) throws -> Value) -> Option {
        Option(name: name, valueName: valueName, help: help, defaultText: defaultText) { target, text in
            do {
                target[keyPath: path] = try convert(text ?? "")
            } catch let problem as ValueProblem {
                throw UsageError("option '--\(name)': \(problem.description)")
            }
        }
    }
}

/// Why a value was refused; the option's name is added where it is thrown.
struct ValueProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Value conversions

/// Conversions from an option's text, each naming what it expected.
enum Parse {
    static func whole(_ range: ClosedRange<Int>) -> (String) throws -> Int {
        { text in
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let value = Int(trimmed), range.contains(value) else {
                // Digits that overflow are a number too large, not something else.
                let tooLarge = Int(trimmed) == nil && !trimmed.isEmpty && trimmed.allSatisfy { $0.isASCII && $0.isNumber }
                throw ValueProblem("'\(text)' is \(tooLarge ? "too large: not" : "not") a whole number \(describe(range))")
            }
            return value
        }
    }

    /// `--eval-subset`: a whole number of images, `all` or `auto`.
    static func evaluationSubset(_ text: String) throws -> EvaluationSubset {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "auto": return .auto
        case "all": return .all
        default:
            do {
                return .first(try whole(1...Int.max)(text))
            } catch let problem as ValueProblem {
                throw ValueProblem("\(problem.description), or 'all' or 'auto'")
            }
        }
    }

    static func number(_ range: ClosedRange<Float> = -Float.greatestFiniteMagnitude...Float.greatestFiniteMagnitude) -> (String) throws -> Float {
        { text in
            guard let value = Float(text.trimmingCharacters(in: .whitespaces)), !value.isNaN else {
                throw ValueProblem("'\(text)' is not a number")
            }
            guard value.isFinite else { throw ValueProblem("'\(text)' is out of range for a 32-bit float (about ±3.4e38)") }
            guard range.contains(value) else { throw ValueProblem("'\(text)' is outside \(range.lowerBound)...\(range.upperBound)") }
            return value
        }
    }

    /// One of a type's cases, ignoring case (`--model STANDARD` and `--kernel AVX2` alike).
    /// `among` narrows the cases an option takes (a hidden layer cannot be softmax).
    static func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, among: [T]? = nil) -> (String) throws -> T where T.RawValue == String {
        { text in
            let cases = among ?? Array(T.allCases)
            guard let value = cases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
                throw ValueProblem("'\(text)' is not one of \(cases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }

    /// The names `kernel` accepts, for help texts.
    static var kernelNames: String { (["best"] + GEMM.Kernel.allCases.reversed().map { "\($0)" }).joined(separator: ", ") }

    /// A GEMM kernel by name (`best` or a case of `GEMM.Kernel`), which this CPU must support.
    static func kernel(_ text: String) throws -> GEMM.Kernel {
        if text.lowercased() == "best" { return .best }
        guard let kernel = GEMM.Kernel.allCases.first(where: { "\($0)" == text.lowercased() }) else {
            throw ValueProblem("'\(text)' is not one of \(kernelNames)")
        }
        guard kernel.isSupported else {
            let supported = GEMM.Kernel.allCases.reversed().filter(\.isSupported).map { "\($0)" }
            throw ValueProblem("'\(text)' is not supported by this CPU (it supports \(supported.joined(separator: ", ")))")
        }
        return kernel
    }

    /// A comma-separated list, each item converted by `item`; names the item at fault.
    static func list<T>(_ item: @escaping (String) throws -> T) -> (String) throws -> [T] {
        { text in
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !text.isEmpty else { throw ValueProblem("the list is empty") }
            return try parts.enumerated().map { index, part in
                do {
                    return try item(part)
                } catch let problem as ValueProblem {
                    throw ValueProblem("item \(index + 1) of '\(text)': \(problem.description)")
                }
            }
        }
    }

    /// Layer sizes such as `392,98,2`.
    static func sizes(_ text: String) throws -> [Int] {
        do {
            return try list(whole(1...Int.max))(text)
        } catch let problem as ValueProblem {
            throw ValueProblem("\(problem.description) (layer sizes are comma-separated, e.g. 392,98,2)")
        }
    }

    /// A path that must not be empty.
    static func path(_ text: String) throws -> String {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValueProblem("the path is empty") }
        return text
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? ">= \(range.lowerBound)" : "in \(range.lowerBound)...\(range.upperBound)"
    }
}
