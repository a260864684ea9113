import Foundation

/// A fraction as people read it, "94.21%", or "-" when there is none (or it is not finite): the
/// one formatting of accuracies that the CLI and the lab share.
public func percentText(_ fraction: Double?, decimals: Int = 2) -> String {
    guard let fraction, fraction.isFinite else { return "-" }
    return String(format: "%.\(decimals)f%%", fraction * 100)
}

/// A learning rate as one would type it: 0.0005, not Float's 0.00049999997.
public func rateText(_ rate: Float) -> String { String(format: "%g", rate) }

/// "1 epoch", "3 epochs": a count and its noun, plural when it is not 1.
public func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
