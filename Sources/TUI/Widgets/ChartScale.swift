import Foundation

/// A value axis fitted to data and rounded to round numbers, so that it changes only now and then
/// as data arrive (and the chart is not redrawn every frame). Linear or log10.
struct ChartScale: Equatable {
    let lower: Double
    let upper: Double
    let isLog: Bool

    /// A scale fitting `values`; log scales skip values that are not positive.
    static func fitting(_ values: [Double], log: Bool) -> ChartScale {
        let finite = values.filter { $0.isFinite && (!log || $0 > 0) }
        guard let low = finite.min(), let high = finite.max() else {
            return ChartScale(lower: log ? -2 : 0, upper: log ? 0 : 1, isLog: log)
        }
        if log {
            let lower = (log10(low) * 4).rounded(.down) / 4
            let upper = max((log10(high) * 4).rounded(.up) / 4, lower + 0.25)
            return ChartScale(lower: lower, upper: upper, isLog: true)
        }
        // At least a tenth of the values' size: one point, or a few almost equal ones, would
        // otherwise get ticks that all print the same (0.232 / 0.232 / 0.232).
        let span = max(high - low, high == 0 ? 0.2 : abs(high) * 0.1)
        let step = niceStep(span / 4)
        let lower = (low / step).rounded(.down) * step
        let upper = max((high / step).rounded(.up) * step, lower + step)
        return ChartScale(lower: lower, upper: upper, isLog: false)
    }

    /// Where `value` sits, 0 at the lower end and 1 at the upper; nil when it cannot be placed.
    func position(_ value: Double) -> Double? {
        guard value.isFinite, !isLog || value > 0 else { return nil }
        let v = isLog ? log10(value) : value
        return (v - lower) / (upper - lower)
    }

    /// The value at a position 0-1.
    func value(at fraction: Double) -> Double {
        let v = lower + fraction * (upper - lower)
        return isLog ? pow(10, v) : v
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * power >= raw * 0.999_999 { return factor * power }
        return 10 * power
    }
}
