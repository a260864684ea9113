/// The themes that `t` cycles through, and the one in use.
public struct ThemeCatalog: Sendable {
    /// The `themes` folder, or nil when none was found (then only the built-in fallback exists).
    public let directory: String?
    public let names: [String]
    public private(set) var current: Theme
    private var position: Int

    /// The catalog at start: `name` (a theme name or a `.json` path) or the default `dark`.
    /// A theme that cannot be used throws, naming the file and field.
    public init(selecting name: String?, directory: String? = ThemeLoader.themesDirectory()) throws {
        self.directory = directory
        names = directory.map(ThemeLoader.names(in:)) ?? []
        if let name {
            let path = ThemeLoader.path(of: name, directory: directory)
            if !ThemeLoader.isPath(name) && !names.contains(name) {
                throw ThemeError(file: path, problem: names.isEmpty
                    ? "not found: no themes folder under the current folder or above the executable"
                    : "no such theme (the themes are: \(names.joined(separator: ", ")))")
            }
            current = try ThemeLoader.load(path: path)
        } else if names.contains(Theme.fallback.name) {
            current = try ThemeLoader.load(path: ThemeLoader.path(of: Theme.fallback.name, directory: directory))
        } else {
            current = .fallback
        }
        position = names.firstIndex(of: current.name) ?? -1
    }

    /// Moves to the next theme in the folder. A theme that cannot be used throws and leaves the
    /// current one in place; the call after that moves past it.
    @discardableResult
    public mutating func next() throws -> Theme {
        guard !names.isEmpty else { return current }
        position = (position + 1) % names.count
        current = try ThemeLoader.load(path: ThemeLoader.path(of: names[position], directory: directory))
        return current
    }
}
