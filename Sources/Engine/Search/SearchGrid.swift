import Foundation

/// A bad search: an unknown key or value in a list or a grid file, an empty list, a shard spec
/// out of range. Said with what and where, before anything trains.
public struct SearchError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The options a search can vary, each with how a value is checked and applied to a config.
public enum SearchKey: String, CaseIterable, Codable, Sendable {
    // Declaration order is the expansion order: the last key changes fastest between trials.
    case model, layers, classifier, alpha, activation
    case bottleneckActivation = "bottleneck-activation"
    case optimizer, lr
    case lrSchedule = "lr-schedule", lrMin = "lr-min", weightDecay = "weight-decay", dropout, keep
    case momentum, batch, epochs, seed

    /// Whether a value is itself a list of sizes ("392,98,2"), so lists of it use `/` or spaces.
    public var isSizeList: Bool { self == .layers || self == .classifier }

    /// Sets the key's value in `config`; throws naming the key and the value when it is not valid.
    public func apply(_ value: String, to config: inout TrainingConfig) throws {
        func bad(_ expected: String) -> SearchError { SearchError("\(rawValue): '\(value)' is not \(expected)") }
        switch self {
        case .model: config.model = try ModelKind(rawValue: value.lowercased()) ?? { throw bad("one of standard, supervised") }()
        case .layers, .classifier:
            let sizes = value.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else { throw bad("a comma-separated list of positive sizes (e.g. 392,98,2)") }
            if self == .layers { config.layers = sizes.map { $0! } } else { config.classifier = sizes.map { $0! } }
        case .alpha:
            guard let number = Float(value), number.isFinite, number >= 0 else { throw bad("a number >= 0") }
            config.alpha = number
        case .activation, .bottleneckActivation:
            let names = Activation.hiddenChoices
            guard let activation = Activation(rawValue: value.lowercased()), names.contains(activation) else {
                throw bad("one of \(names.map(\.rawValue).joined(separator: ", "))")
            }
            if self == .activation { config.hiddenActivation = activation } else { config.bottleneckActivation = activation }
        case .optimizer:
            config.optimizer = try OptimizerKind(rawValue: value.lowercased())
                ?? { throw bad("one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))") }()
        case .lr:
            guard let number = Float(value), number.isFinite, number > 0 else { throw bad("a learning rate > 0") }
            config.learningRate = number
        case .lrSchedule:
            config.schedule.kind = try LearningRateSchedule.Kind(rawValue: value.lowercased())
                ?? { throw bad("one of \(LearningRateSchedule.Kind.allCases.map(\.rawValue).joined(separator: ", "))") }()
        case .lrMin:
            guard let number = Float(value), number.isFinite, number >= 0 else { throw bad("a learning rate >= 0") }
            config.schedule.minimum = number
        case .weightDecay:
            guard let number = Float(value), number >= 0, number < 1 else { throw bad("a weight decay in [0, 1)") }
            config.weightDecay = number
        case .dropout:
            guard let number = Float(value), number >= 0, number < 1 else { throw bad("a dropout rate in [0, 1)") }
            config.dropout = number
        case .keep:
            config.keep = try KeptWeights(rawValue: value.lowercased()) ?? { throw bad("one of best, last") }()
        case .momentum:
            guard let number = Float(value), number >= 0, number < 1 else { throw bad("a momentum in [0, 1)") }
            config.momentum = number
        case .batch, .epochs:
            guard let number = Int(value), number >= 1 else { throw bad("a whole number >= 1") }
            if self == .batch { config.batchSize = number } else { config.epochs = number }
        case .seed:
            guard let number = UInt64(value) else { throw bad("a whole number >= 0") }
            config.seed = number
        }
    }
}

/// The values to try per key. Expanded, it is every combination (a grid), or `random` of them.
public struct SearchGrid: Equatable, Sendable {
    /// Keys in expansion order, each with at least one value (as the user wrote it, trimmed).
    public private(set) var values: [(key: SearchKey, values: [String])]

    public static func == (a: SearchGrid, b: SearchGrid) -> Bool {
        a.values.map(\.key) == b.values.map(\.key) && a.values.map(\.values) == b.values.map(\.values)
    }

    public init() { values = [] }

    /// Sets a key's values, each checked against `base`.
    /// `refusingRepeats`: a new search's lists; one read back from search.json is taken as it was
    /// run (searches saved before the check may repeat a value).
    public mutating func set(_ key: SearchKey, _ list: [String], base: TrainingConfig, refusingRepeats: Bool = true) throws {
        guard !list.isEmpty else { throw SearchError("\(key.rawValue): the list is empty") }
        // A value given twice (also as 0.01 and 1e-2) would train the same trial twice.
        var seen: [TrainingConfig: String] = [:]
        for value in list {
            var scratch = base
            try key.apply(value, to: &scratch)
            if refusingRepeats, let first = seen[scratch] {
                throw SearchError("\(key.rawValue): '\(value)' repeats '\(first)': each value once")
            }
            seen[scratch] = value
        }
        values.removeAll { $0.key == key }
        values.append((key, list))
        values.sort { SearchKey.allCases.firstIndex(of: $0.key)! < SearchKey.allCases.firstIndex(of: $1.key)! }
    }

    /// A list that could only repeat trials: a setting that only the supervised model reads, varied
    /// in a search that trains no supervised model.
    public func inertProblem(base: TrainingConfig) -> String? {
        let models = values.first { $0.key == .model }?.values.map { $0.lowercased() } ?? [base.model.rawValue]
        guard !models.contains(ModelKind.supervised.rawValue) else { return nil }
        let inert = values.filter { [.alpha, .classifier].contains($0.key) && $0.values.count > 1 }.map { "--\($0.key.rawValue)" }
        guard !inert.isEmpty else { return nil }
        return "\(inert.joined(separator: " and ")) \(inert.count == 1 ? "changes" : "change") only the supervised model, and this search trains standard models only: drop \(inert.count == 1 ? "it" : "them"), or add --model supervised"
    }

    /// Splits an option's text into values: `/` or whitespace between them, and also `,` for keys
    /// whose values are not themselves comma lists.
    public static func split(_ text: String, for key: SearchKey) -> [String] {
        let separators: Set<Character> = key.isSizeList ? ["/", " ", "\t", "\n"] : ["/", ",", " ", "\t", "\n"]
        return text.split(whereSeparator: { separators.contains($0) }).map(String.init)
    }

    /// Reads a grid file: a JSON object whose keys are option names and whose values are lists
    /// (of numbers, names, or size lists as arrays or "392,98,2" strings).
    public static func load(file path: String, base: TrainingConfig) throws -> SearchGrid {
        guard let data = FileManager.default.contents(atPath: path) else { throw SearchError("grid file \(path): cannot be read") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SearchError("grid file \(path): not a JSON object of option lists, e.g. {\"lr\": [0.01, 0.001]}")
        }
        var grid = SearchGrid()
        for name in object.keys.sorted() {
            guard let key = SearchKey(rawValue: name) else {
                throw SearchError("grid file \(path): unknown key '\(name)' (known: \(SearchKey.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let raw = object[name]
            let items = (raw as? [Any]) ?? [raw as Any]
            let list = try items.map { item -> String in
                switch item {
                case let text as String: return text
                case let sizes as [Any] where key.isSizeList: return sizes.map { "\($0)" }.joined(separator: ",")
                case let number as NSNumber: return number.stringValue
                default: throw SearchError("grid file \(path): key '\(name)': '\(item)' is not a value")
                }
            }
            do { try grid.set(key, list, base: base) } catch let error as SearchError {
                throw SearchError("grid file \(path): \(error.description)")
            }
        }
        return grid
    }

    /// How many combinations the grid holds.
    public var combinations: Int { values.reduce(1) { $0.multipliedReportingOverflow(by: $1.values.count).partialValue } }

    /// The values of combination `index` (0 ..< combinations), the last key changing fastest.
    public func choice(_ index: Int) -> [SearchKey: String] {
        var rest = index
        var choice: [SearchKey: String] = [:]
        for (key, list) in values.reversed() {
            choice[key] = list[rest % list.count]
            rest /= list.count
        }
        return choice
    }

    /// The trials' grid indexes: every combination in order, or `random` distinct ones drawn with
    /// `seed` (all of them, shuffled, when `random` is at least the grid's size).
    public func trialIndexes(random: Int?, seed: UInt64) -> [Int] {
        let total = combinations
        guard let random else { return Array(0..<total) }
        var rng = RandomGenerator(seed: seed)
        // Floyd's algorithm: `count` distinct draws without materialising a huge grid.
        let count = min(random, total)
        var chosen: [Int] = []
        var seen = Set<Int>()
        for upper in (total - count)..<total {
            let draw = rng.below(upper + 1)
            let pick = seen.contains(draw) ? upper : draw
            seen.insert(pick)
            chosen.append(pick)
        }
        rng.shuffle(&chosen)
        return chosen
    }

    /// The config of one combination: `base` with the combination's values applied.
    public func config(for choice: [SearchKey: String], base: TrainingConfig) throws -> TrainingConfig {
        var config = base
        for key in SearchKey.allCases { if let value = choice[key] { try key.apply(value, to: &config) } }
        if let problem = config.validationProblem() {
            throw SearchError("trial \(choice.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")): \(problem.field) \(problem.problem)")
        }
        return config
    }
}

/// `--shard I/N`: this process runs the trials whose index is I modulo N (0 <= I < N).
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let whole = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 1, index >= 0, index < count else {
            throw SearchError("shard '\(text)' is not I/N with 0 <= I < N (e.g. 0/4 ... 3/4)")
        }
        self.init(index: index, count: count)
    }

    public func contains(_ trial: Int) -> Bool { trial % count == index }
    public var description: String { "\(index)/\(count)" }
}
