import Foundation

/// Why a JSON document was refused, in words: Foundation's readers refuse documents nested more
/// than 512 levels deep with the same error as broken syntax, which misleads about a valid file.
public enum JSONProblem {
    /// The nesting Foundation's JSON readers accept.
    public static let maximumDepth = 512

    /// "is not valid JSON (…)" or "is nested N levels deep, more than the 512 levels read".
    public static func describe(_ error: Error, data: Data) -> String {
        let depth = nesting(of: data)
        if depth > maximumDepth {
            return "is nested \(depth) levels deep, more than the \(maximumDepth) levels that are read"
        }
        // Where the syntax breaks, when the reader says (JSONDecoder keeps it in the underlying error).
        var underlying = error as NSError
        if case DecodingError.dataCorrupted(let context) = error, let cause = context.underlyingError { underlying = cause as NSError }
        let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
        return "is not valid JSON" + (detail.map { " (\($0))" } ?? "")
    }

    /// What is wrong with a JSON file a `Decodable` could not be read from, in the user's terms:
    /// the field at fault and what it holds, not Swift's type names.
    public static func describeDecoding(_ error: DecodingError, data: Data) -> String {
        func name(_ path: [CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        func field(_ context: DecodingError.Context) -> String {
            context.codingPath.isEmpty ? "" : "field \(name(context.codingPath)): "
        }
        switch error {
        case .keyNotFound(let key, let context): return "field \(name(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context): return field(context) + "should be \(kind(of: type))"
        case .valueNotFound(let type, let context): return field(context) + "is null, should be \(kind(of: type))"
        case .dataCorrupted(let context):
            // Valid JSON with a value out of place (a fraction for a size) is not a syntax error.
            guard (try? JSONSerialization.jsonObject(with: data)) != nil else { return describe(error, data: data) }
            // Foundation says "Cannot initialize Kind from invalid String value foo" for a bad name.
            if let range = context.debugDescription.range(of: "invalid String value ") {
                return field(context) + "'\(context.debugDescription[range.upperBound...])' is not one of its names"
            }
            // Foundation on Linux names neither the field nor the value here.
            return field(context) + "a value does not fit its field (a fraction, or a number too large, where a whole number belongs?)"
        @unknown default: return "\(error)"
        }
    }

    /// A JSON kind for a Swift type: "a list", "a whole number", ...
    static func kind(of type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") || name.hasPrefix("KeyedDecodingContainer") { return "an object" }
        switch name {
        case "Int", "Int32", "Int64", "UInt64", "UInt32", "UInt8": return "a whole number"
        case "Float", "Double": return "a number"
        case "String": return "a string"
        case "Bool": return "true or false"
        default: return "a different kind of value"
        }
    }

    /// The deepest nesting of arrays and objects, ignoring brackets inside strings.
    static func nesting(of data: Data) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
