/// Which digits are normal (trained on) and which are anomalies (only seen at test time).
///
/// One normal digit is the one-class protocol of the deep one-class literature (the other nine
/// are the anomalies); several normal digits are the hold-out protocol, where labels of the normal
/// classes exist and the supervised model is trained too.
public struct AnomalySplit: Codable, Sendable, Equatable {
    public let normal: [Int]
    public let anomalous: [Int]

    /// `anomalous` defaults to every digit not normal. Throws when the sets overlap, leave no
    /// anomalies, or name something other than a digit.
    public init(normal: [Int], anomalous: [Int]? = nil) throws(AnomalySplitError) {
        let normalSet = Set(normal)
        let anomalousSet = Set(anomalous ?? (0...9).filter { !normalSet.contains($0) })
        if let bad = (normalSet.union(anomalousSet)).first(where: { !(0...9).contains($0) }) {
            throw AnomalySplitError("\(bad) is not a digit 0-9")
        }
        guard !normalSet.isEmpty else { throw AnomalySplitError("no normal digit") }
        guard !anomalousSet.isEmpty else { throw AnomalySplitError("no anomalous digit is left (normal: all ten)") }
        let overlap = normalSet.intersection(anomalousSet)
        guard overlap.isEmpty else {
            throw AnomalySplitError("digit \(overlap.sorted().map(String.init).joined(separator: ",")) is both normal and anomalous")
        }
        self.normal = normalSet.sorted()
        self.anomalous = anomalousSet.sorted()
    }

    private init(sorted normal: [Int], anomalous: [Int]) {
        self.normal = normal
        self.anomalous = anomalous
    }

    /// Digits 0-8 normal, 9 the anomaly: the hold-out split the lab offers for runs that saw all ten.
    public static let nineHeldOut = AnomalySplit(sorted: Array(0...8), anomalous: [9])

    public var isOneClass: Bool { normal.count == 1 }

    /// "3" or "0-8 vs 9": names the split in tables, JSON and run summaries.
    public var name: String {
        isOneClass ? Self.describe(normal) : "\(Self.describe(normal)) vs \(Self.describe(anomalous))"
    }

    /// Parses "3", "0-8", "0,1,2,3,4", "0-2,7": digits and ranges separated by commas.
    public static func parseDigits(_ text: String) throws(AnomalySplitError) -> [Int] {
        var digits: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(bounds.count), let low = bounds.first!, let high = bounds.last!,
                  (0...9).contains(low), (0...9).contains(high), low <= high else {
                throw AnomalySplitError("'\(text)' is not a list of digits 0-9 (e.g. 3, 0-8, 0,1,2,3,4)")
            }
            digits += Array(low...high)
        }
        return digits
    }

    /// Compact ranges: [0,1,2,3,5] -> "0-3,5".
    public static func describe(_ digits: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < digits.count {
            var end = index
            while end + 1 < digits.count && digits[end + 1] == digits[end] + 1 { end += 1 }
            parts.append(end == index ? "\(digits[index])" : "\(digits[index])-\(digits[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// The split applied to the seed-protocol data: training and validation keep the normal digits
    /// only; the test set keeps normal and anomalous digits, with their indices in the t10k file.
    public func restrict(_ data: MNIST) -> (data: MNIST, testIndices: [Int]) {
        let normalDigits = Set(normal.map(UInt8.init))
        let testIndices = data.test.indices(ofDigits: normalDigits.union(anomalous.map(UInt8.init)))
        let restricted = MNIST(train: data.train.select(data.train.indices(ofDigits: normalDigits)),
                               validation: data.validation.select(data.validation.indices(ofDigits: normalDigits)),
                               test: data.test.select(testIndices), directory: data.directory)
        return (restricted, testIndices)
    }
}

public struct AnomalySplitError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
