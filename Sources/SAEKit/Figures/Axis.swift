// "Nice" axis ticks (1, 2, 5 × 10^k steps) and the number labels that go with them.

import Foundation

/// Tick positions covering `lower…upper` with about `count` steps of 1, 2 or 5 × 10^k.
func niceTicks(_ lower: Double, _ upper: Double, count: Int = 5) -> [Double] {
    guard upper > lower, lower.isFinite, upper.isFinite else { return [lower] }
    let rough = (upper - lower) / Double(count)
    let magnitude = pow(10, floor(log10(rough)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
    var ticks: [Double] = []
    var tick = ceil(lower / step - 1e-9) * step
    while tick <= upper + step * 1e-9 {
        ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
        tick += step
    }
    return ticks
}

/// A compact label for a tick value (at most 3 significant figures, no trailing zeros).
func tickLabel(_ value: Double) -> String {
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e7 || magnitude < 1e-3 { return String(format: "%.0e", value) }
    if magnitude >= 1000, value == value.rounded() { return String(Int(value)) }
    var text = String(format: "%.3g", value)
    if text.contains("."), !text.contains("e") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text
}

/// Ticks for a log₁₀ axis spanning `lower…upper` (in log₁₀ units): powers of ten, plus 2× and 5×
/// when the span is under two decades. Returned in log₁₀ units.
func logTicks(_ lower: Double, _ upper: Double) -> [Double] {
    let multipliers: [Double] = upper - lower < 2 ? [1, 2, 5] : [1]
    var ticks: [Double] = []
    for exponent in Int(floor(lower))...Int(ceil(upper)) {
        for multiplier in multipliers {
            let tick = Double(exponent) + log10(multiplier)
            if tick >= lower && tick <= upper { ticks.append(tick) }
        }
    }
    return ticks
}
