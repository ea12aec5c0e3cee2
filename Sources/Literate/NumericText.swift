// Comparing a quoted output (or figure) with a fresh one: the words must be identical (runs of
// spaces, which only align columns, count as one), the numbers close. Integers must match exactly
// (counts); decimals may differ by two units of their last printed digit or 1% (the same run on
// another platform's maths library); colours by a few levels. Durations, written "1.4s", depend on
// the machine and always match.

import Foundation

/// How far two numbers in otherwise identical text may differ.
public struct NumericTolerance: Sendable {
    /// Decimals may differ by this many units of their last printed digit…
    public var lastDigitUnits: Double
    /// …or by this fraction of their value.
    public var relative: Double
    /// Integers (no decimal point) must match exactly.
    public var integersExact: Bool
    /// `#rrggbb` colours may differ by this much per channel (0–255).
    public var colourLevels: Int

    /// For terminal output quoted in a chapter.
    public static let output = NumericTolerance(
        lastDigitUnits: 2, relative: 0.01, integersExact: true, colourLevels: 0)
    /// For SVG figures (coordinates in pixels, colours from values).
    public static let figure = NumericTolerance(
        lastDigitUnits: 60, relative: 0.01, integersExact: false, colourLevels: 12)
}

enum TextToken: Equatable {
    case text(String)
    case number(String)
    case colour(String)
    /// A number of seconds, "1.4s".
    case duration(String)
}

public enum NumericText {
    /// nil when `fresh` matches `quoted` within `tolerance`; otherwise where and how they first
    /// differ.
    public static func difference(
        quoted: String, fresh: String, tolerance: NumericTolerance
    ) -> String? {
        let a = tokens(quoted), b = tokens(fresh)
        for (index, (x, y)) in zip(a, b).enumerated() {
            guard !same(x, y, tolerance) else { continue }
            let context = a[max(0, index - 6)..<index].map(text).joined()
            return
                "after \"\(context.suffix(60))\": quoted \(text(x).debugDescription), fresh "
                    + "\(text(y).debugDescription)"
        }
        if a.count != b.count {
            let longer = a.count > b.count ? "quoted" : "fresh"
            let extra = (a.count > b.count ? a : b)[min(a.count, b.count)...].prefix(8).map(text)
                .joined()
            return "the \(longer) text goes on: \(extra.debugDescription)"
        }
        return nil
    }

    static func text(_ token: TextToken) -> String {
        switch token {
        case let .text(s), let .number(s), let .colour(s), let .duration(s): s
        }
    }

    static func same(_ x: TextToken, _ y: TextToken, _ tolerance: NumericTolerance) -> Bool {
        switch (x, y) {
        case let (.text(a), .text(b)): return collapsingSpaces(a) == collapsingSpaces(b)
        case (.duration, .duration): return true
        case let (.colour(a), .colour(b)):
            let channels = { (s: String) in
                stride(from: 1, to: 7, by: 2).map { Int(s.dropFirst($0).prefix(2), radix: 16) ?? 0 }
            }
            return zip(channels(a), channels(b)).allSatisfy {
                abs($0 - $1) <= tolerance.colourLevels
            }
        case let (.number(a), .number(b)):
            guard let u = Double(a), let v = Double(b) else { return a == b }
            let decimals = a.split(separator: ".").dropFirst().first?.count
            if decimals == nil && tolerance.integersExact { return a == b }
            let unit = pow(10, -Double(decimals ?? 0))
            return abs(u - v) <= tolerance.lastDigitUnits * unit
                || abs(u - v) <= tolerance.relative * abs(u)
        default: return false
        }
    }

    /// `text` with every run of spaces replaced by one space.
    static func collapsingSpaces(_ text: String) -> String {
        var result = ""
        for character in text where !(character == " " && result.last == " ") {
            result.append(character)
        }
        return result
    }

    /// Splits text into words, numbers (with sign and decimals), durations ("1.4s") and `#rrggbb`
    /// colours.
    static func tokens(_ string: String) -> [TextToken] {
        var result: [TextToken] = []
        var characters = Array(string)[...]
        var pending = ""
        func flush() { if !pending.isEmpty { result.append(.text(pending)); pending = "" } }
        while let first = characters.first {
            if first == "#", characters.count >= 7,
                characters.dropFirst().prefix(6).allSatisfy(\.isHexDigit)
            {
                flush()
                result.append(.colour(String(characters.prefix(7))))
                characters = characters.dropFirst(7)
                continue
            }
            let signed =
                first == "-" && characters.dropFirst().first?.isASCII == true
                && characters.dropFirst().first?.isNumber == true
                && !(pending.last?.isLetter ?? false) && !(pending.last?.isNumber ?? false)
            if (first.isASCII && first.isNumber) || signed {
                flush()
                var number = String(first)
                characters = characters.dropFirst()
                while let next = characters.first, next.isASCII,
                    next.isNumber
                        || (next == "." && characters.dropFirst().first?.isNumber == true
                            && !number.contains("."))
                {
                    number.append(next)
                    characters = characters.dropFirst()
                }
                if characters.first == "s",
                    !(characters.dropFirst().first.map { $0.isLetter || $0.isNumber } ?? false)
                {
                    result.append(.duration(number + "s"))
                    characters = characters.dropFirst()
                } else {
                    result.append(.number(number))
                }
                continue
            }
            pending.append(first)
            characters = characters.dropFirst()
        }
        flush()
        return result
    }
}
