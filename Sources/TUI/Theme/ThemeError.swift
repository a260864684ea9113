/// A theme file that cannot be used: names the file, the field and what is wrong with it.
public struct ThemeError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let field: String?
    public let problem: String

    public init(file: String, field: String? = nil, problem: String) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    public var description: String {
        if let field { return "theme \(file): field '\(field)': \(problem)" }
        return "theme \(file): \(problem)"
    }
}
