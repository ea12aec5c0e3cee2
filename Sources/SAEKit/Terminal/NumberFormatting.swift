// Fixed-decimal number text used everywhere we print (terminal, figures, chapters): one function,
// so a number reads the same in all three.

import Foundation

/// `value` with exactly `decimals` decimals ("-0.000" is printed as "0.000").
public func formatFixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    let text = String(format: "%.\(decimals)f", value)
    if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
        return String(text.dropFirst())
    }
    return text
}

/// `value` in scientific notation with `digits` digits after the point, exponent without padding
/// (e.g. "3.2e-5").
public func formatScientific(_ value: Double, digits: Int = 1) -> String {
    guard value.isFinite else { return formatFixed(value, decimals: 0) }
    var text = String(format: "%.\(digits)e", value)
    text = text.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(
        of: "e+0", with: "e+")
    return text.replacingOccurrences(of: "e+", with: "e")
}

/// `text` padded with spaces on the left to `width` characters.
public func leftPad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// `text` padded with spaces on the right to `width` characters.
public func rightPad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// `value` with at most `decimals` decimals and no trailing zeros ("2", "1.08", "0.5").
public func formatCompact(_ value: Double, decimals: Int = 2) -> String {
    var text = formatFixed(value, decimals: decimals)
    guard value.isFinite, text.contains(".") else { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

/// `value` as a person would write it: the fewest significant digits that give back `value`
/// rounded to 15 significant digits, with a short exponent when `%g` uses one. So 0.1 × 0.1
/// (0.010000000000000002) reads "0.01"; 1/32 "0.03125"; 3e-3 "0.003"; 1e-5 "1e-5"; 4.0 "4".
/// Fifteen digits keep every decimal a person types (at most 15 significant digits) exact.
public func formatShortest(_ value: Double) -> String {
    guard value.isFinite else { return formatFixed(value, decimals: 0) }
    if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
    let target = Double(String(format: "%.15g", value)) ?? value
    var text = String(format: "%.17g", value)
    for digits in 1...16 {
        let candidate = String(format: "%.\(digits)g", value)
        if Double(candidate) == target { text = candidate; break }
    }
    for (long, short) in [("e-0", "e-"), ("e+0", "e"), ("e+", "e")] {
        text = text.replacingOccurrences(of: long, with: short)
    }
    return text
}
