// The allowed values of a real-valued flag, with open or closed ends, printed in interval notation.

/// An interval of real numbers, e.g. `(0, 1]`.
public struct NumberRange: Sendable, CustomStringConvertible {
    public var lower: Double
    public var upper: Double
    public var includesLower: Bool
    public var includesUpper: Bool

    public init(
        _ lower: Double, _ upper: Double, includesLower: Bool = true, includesUpper: Bool = true
    ) {
        self.lower = lower
        self.upper = upper
        self.includesLower = includesLower
        self.includesUpper = includesUpper
    }

    /// `(lower, upper]`: above lower, up to and including upper.
    public static func aboveUpTo(_ lower: Double, _ upper: Double) -> NumberRange {
        NumberRange(lower, upper, includesLower: false)
    }

    /// `[lower, upper]`.
    public static func closed(_ lower: Double, _ upper: Double) -> NumberRange {
        NumberRange(lower, upper)
    }

    public func contains(_ value: Double) -> Bool {
        (includesLower ? value >= lower : value > lower)
            && (includesUpper ? value <= upper : value < upper)
    }

    /// "a number in (0, 1]".
    public var description: String {
        "a number in \(includesLower ? "[" : "(")\(formatShortest(lower)), "
            + "\(formatShortest(upper))\(includesUpper ? "]" : ")")"
    }
}
