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
