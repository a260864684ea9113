import Engine
import Foundation

/// Reads themes from `themes/NAME.json`, found under the current folder or above the executable
/// (like the bundled data), and checks every field.
///
/// A theme file:
/// ```json
/// { "colors256": { "digits": [10 indexes 0-255], "axes": 244, "text": 252, "muted": 245,
///                  "highlight": 214, "warning": 203, "train": 39, "validation": 208,
///                  "batch": 242, "accuracy": 77 },
///   "colors8":   { the same fields, indexes 0-15 } }
/// ```
public enum ThemeLoader {
    static let fields = ["axes", "text", "muted", "highlight", "warning", "train", "validation", "batch", "accuracy"]

    /// The `themes` folder: under the current folder, else beside or above the executable.
    public static func themesDirectory(executable: String = CommandLine.arguments.first ?? "") -> String? {
        var candidates = [FileManager.default.currentDirectoryPath]
        var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(url.path)
            url.deleteLastPathComponent()
        }
        return candidates.map { ($0 as NSString).appendingPathComponent("themes") }.first { directory in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// The theme names in a folder (its `*.json` files), sorted.
    public static func names(in directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Whether `--theme` was given a file rather than a name.
    public static func isPath(_ name: String) -> Bool { name.hasSuffix(".json") || name.contains("/") }

    /// The file of a theme: `NAME` in the themes folder, or a path to a `.json` file.
    public static func path(of name: String, directory: String?) -> String {
        if isPath(name) { return name }
        return ((directory ?? "themes") as NSString).appendingPathComponent("\(name).json")
    }

    public static func load(path: String) throws -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeError(file: path, problem: "cannot be read (no such file?)")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(data, name: name, file: path)
    }

    public static func parse(_ data: Data, name: String, file: String) throws -> Theme {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ThemeError(file: file, problem: JSONProblem.describe(error, data: data))
        }
        guard case .object(let object) = root else {
            throw ThemeError(file: file, problem: "must hold a JSON object with 'colors256' and 'colors8'")
        }
        return Theme(name: name,
                     colors256: try colors(object, key: "colors256", maximum: 255, file: file),
                     colors8: try colors(object, key: "colors8", maximum: 15, file: file))
    }

    private static func colors(_ object: [String: JSONValue], key: String, maximum: Int, file: String) throws -> ThemeColors {
        guard let section = object[key] else { throw ThemeError(file: file, field: key, problem: "is missing") }
        guard case .object(let fieldsObject) = section else {
            throw ThemeError(file: file, field: key, problem: "must be an object of colours")
        }
        func index(_ value: JSONValue?, field: String) throws -> UInt8 {
            guard let value else { throw ThemeError(file: file, field: field, problem: "is missing") }
            guard case .integer(let integer) = value, (0...maximum).contains(integer) else {
                throw ThemeError(file: file, field: field, problem: "must be a colour index 0-\(maximum), got \(value)")
            }
            return UInt8(integer)
        }
        guard let digitValues = fieldsObject["digits"] else {
            throw ThemeError(file: file, field: "\(key).digits", problem: "is missing")
        }
        guard case .array(let digitList) = digitValues, digitList.count == 10 else {
            throw ThemeError(file: file, field: "\(key).digits", problem: "must be a list of 10 colour indexes 0-\(maximum), one per digit")
        }
        let digits = try digitList.enumerated().map { try index($1, field: "\(key).digits[\($0)]") }
        var values: [String: UInt8] = [:]
        for field in fields { values[field] = try index(fieldsObject[field], field: "\(key).\(field)") }
        let unknown = Set(fieldsObject.keys).subtracting(fields + ["digits"]).sorted()
        if let first = unknown.first {
            throw ThemeError(file: file, field: "\(key).\(first)", problem: "is not a theme field (known: digits, \(fields.joined(separator: ", ")))")
        }
        return ThemeColors(digits: digits, axes: values["axes"]!, text: values["text"]!, muted: values["muted"]!,
                           highlight: values["highlight"]!, warning: values["warning"]!, train: values["train"]!,
                           validation: values["validation"]!, batch: values["batch"]!, accuracy: values["accuracy"]!)
    }
}

/// Any JSON value, decoded without losing the difference between a number, a flag and a string,
/// so that a theme error can say exactly what a field holds.
private enum JSONValue: Decodable, CustomStringConvertible {
    case integer(Int)
    case number(Double)
    case flag(Bool)
    case text(String)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(Bool.self) { self = .flag(value) }
        else if let value = try? container.decode(String.self) { self = .text(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    var description: String {
        switch self {
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .flag(let value): "\(value)"
        case .text(let value): "\"\(value)\""
        case .array: "a list"
        case .object: "an object"
        case .null: "null"
        }
    }
}
