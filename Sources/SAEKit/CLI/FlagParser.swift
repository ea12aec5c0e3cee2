// A small hand-written command-line parser. Each step declares its flags in order (the order
// `--help` prints them); each declaration returns the typed value at once, or its default when the
// flag is absent. Problems are collected, and `finish()` reports the first one (or the help text).
//
//     var flags = FlagParser(command: "step1", summary: "…", arguments: CommandLine.arguments) let
//     steps = flags.int("--steps", default: 10_000, range: 1...1_000_000, help: "optimiser steps")
//     try flags.finish()

import Foundation

/// Collects flag declarations, parses the arguments against them, and writes `--help`.
public struct FlagParser {
    /// The command name as a user runs it, e.g. `step1`.
    public let command: String
    /// One line saying what the command does.
    public let summary: String
    private let tokens: [String]
    private var consumed: Set<Int> = []
    private var problems: [String] = []
    private var helpLines: [String] = []
    private var knownNames: [String] = ["--help"]

    /// - Parameter arguments: the full argument list, including the program path in position 0.
    public init(command: String, summary: String, arguments: [String]) {
        self.command = command
        self.summary = summary
        self.tokens = Array(arguments.dropFirst())
        if let index = tokens.firstIndex(where: { $0 == "--help" || $0 == "-h" }) {
            consumed.insert(index)
        }
    }

    /// True when `--help` or `-h` was given.
    public var helpRequested: Bool { tokens.contains { $0 == "--help" || $0 == "-h" } }

    // MARK: - Declaring flags

    /// Starts a titled group of flags in `--help`.
    public mutating func section(_ title: String) {
        helpLines.append("")
        helpLines.append(title + ":")
    }

    /// A line of explanation in `--help` under the current section.
    public mutating func note(_ line: String) {
        helpLines.append("    " + line)
    }

    /// An on/off switch (`--quiet`). It takes no value.
    public mutating func flag(_ name: String, help: String) -> Bool {
        document(name, valueName: nil, help: help, details: nil)
        var present = false
        for (index, token) in tokens.enumerated() where !consumed.contains(index) {
            if token == name { consumed.insert(index); present = true }
            if token.hasPrefix(name + "=") {
                consumed.insert(index); problems.append("\(name) takes no value (got '\(token)')")
            }
        }
        return present
    }

    /// An integer in `range`.
    /// - Parameter rangeNote: why the range is what it is, when it depends on another flag (e.g.
    ///   "at most --features").
    public mutating func int(
        _ name: String, default value: Int, range: ClosedRange<Int>, help: String,
        valueName: String = "N",
        rangeNote: String? = nil
    ) -> Int {
        var allowed =
            range.upperBound == Int.max
            ? "an integer ≥ \(range.lowerBound)"
            : "an integer from \(range.lowerBound) to \(range.upperBound)"
        if let rangeNote { allowed += " (\(rangeNote))" }
        document(name, valueName: valueName, help: help, details: "default \(value); \(allowed)")
        guard let text = rawValue(name, allowed: allowed) else { return value }
        guard let parsed = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(parsed)
        else {
            problems.append("\(name) must be \(allowed), got '\(text)'")
            return value
        }
        return parsed
    }

    /// A real number in `range`. `--help` shows the default as a person writes it
    /// (`formatShortest`), and that number is the default: 0.1 × 0.1 is shown and used as 0.01.
    public mutating func double(
        _ name: String, default value: Double, range: NumberRange, help: String,
        valueName: String = "X"
    ) -> Double {
        let value = Self.asShown(value)
        document(
            name, valueName: valueName, help: help,
            details: "default \(formatShortest(value)); \(range)")
        guard let text = rawValue(name, allowed: range.description) else { return value }
        guard let parsed = Double(text), parsed.isFinite, range.contains(parsed) else {
            problems.append("\(name) must be \(range), got '\(text)'")
            return value
        }
        return parsed
    }

    /// Free text (a path, a name).
    public mutating func string(
        _ name: String, default value: String, help: String, valueName: String = "TEXT"
    ) -> String {
        document(name, valueName: valueName, help: help, details: "default \(value)")
        guard let text = rawValue(name, allowed: valueName) else { return value }
        guard !text.isEmpty else {
            problems.append("\(name) needs a non-empty value")
            return value
        }
        return text
    }

    /// An optional value with no default (e.g. a file to read instead of generating data).
    public mutating func optionalString(
        _ name: String, help: String, valueName: String = "FILE"
    ) -> String? {
        document(name, valueName: valueName, help: help, details: nil)
        guard let text = rawValue(name, allowed: valueName) else { return nil }
        guard !text.isEmpty else {
            problems.append("\(name) needs a non-empty value")
            return nil
        }
        return text
    }

    /// An integer range written MIN-MAX (or a single N), inside `bounds`.
    public mutating func intRange(
        _ name: String, default value: ClosedRange<Int>?, bounds: ClosedRange<Int>, help: String
    )
        -> ClosedRange<Int>? {
        let allowed = "MIN-MAX with \(bounds.lowerBound) ≤ MIN ≤ MAX ≤ \(bounds.upperBound)"
        document(
            name, valueName: "MIN-MAX", help: help,
            details: (value.map { "default \($0.lowerBound)-\($0.upperBound); " } ?? "") + allowed)
        guard let text = rawValue(name, allowed: allowed) else { return value }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(parts.count), let lower = parts.first ?? nil,
            let upper = parts.last ?? nil,
              bounds.contains(lower), bounds.contains(upper), lower <= upper else {
            problems.append("\(name) must be \(allowed), got '\(text)'")
            return value
        }
        return lower...upper
    }

    /// A comma-separated list of real numbers, each in `range` (defaults shown and used as in
    /// `double`).
    public mutating func doubleList(
        _ name: String, default value: [Double], range: NumberRange, help: String
    ) -> [Double] {
        let value = value.map(Self.asShown)
        let allowed = "a comma-separated list, each \(range)"
        document(
            name, valueName: "X,Y,…", help: help,
            details: "default \(value.map(formatShortest).joined(separator: ",")); \(allowed)")
        guard let text = rawValue(name, allowed: allowed) else { return value }
        let parsed = text.split(separator: ",").map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard !parsed.isEmpty,
            parsed.allSatisfy({ $0 != nil && $0!.isFinite && range.contains($0!) })
        else {
            problems.append("\(name) must be \(allowed), got '\(text)'")
            return value
        }
        return parsed.map { $0! }
    }

    /// True when `name` appears among the arguments (to reject flags that do not apply).
    public func given(_ name: String) -> Bool {
        tokens.contains { $0 == name || $0.hasPrefix(name + "=") }
    }

    /// One of a fixed set of names (an enum with `String` raw values).
    public mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, default value: Choice, help: String,
        allowed: [Choice]? = nil
    ) -> Choice
        where Choice.RawValue == String {
        let options = allowed ?? Array(Choice.allCases)
        let list = options.map(\.rawValue).joined(separator: " | ")
        document(
            name, valueName: "NAME", help: help,
            details: "default \(value.rawValue); one of \(list)")
        guard let text = rawValue(name, allowed: "one of \(list)") else { return value }
        guard let parsed = options.first(where: { $0.rawValue == text }) else {
            problems.append(
                "\(name) must be one of \(list), got '\(text)'"
                    + suggestion(for: text, among: options.map(\.rawValue)))
            return value
        }
        return parsed
    }

    /// Records a problem that involves several flags (e.g. `--hidden` larger than `--features`).
    public mutating func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { problems.append(message()) }
    }

    // MARK: - Finishing

    /// The `--help` text.
    public var helpText: String {
        (["\(command): \(summary)", "", "Usage: swift run \(command) [flags]"] + helpLines
            + ["", "  --help                 show this help and exit"]).joined(separator: "\n")
            .wrappedForTerminal()
    }

    /// Throws `.help` when help was asked for, otherwise `.error` for the first problem or unknown
    /// argument.
    public func finish() throws(CommandLineExit) {
        if helpRequested { throw .help(helpText) }
        if let problem = problems.first { throw .error(UserError("\(command): \(problem)")) }
        if let index = tokens.indices.first(where: { !consumed.contains($0) }) {
            let token = tokens[index]
            let name = String(token.split(separator: "=", maxSplits: 1).first ?? "")
            let message = token.hasPrefix("-")
                ? "unknown flag \(name)" + suggestion(for: name, among: knownNames)
                : "unexpected argument '\(token)' (flags start with --)"
            throw .error(
                UserError(
                    "\(command): \(message). Run 'swift run \(command) --help' to list the flags."))
        }
    }

    // MARK: - Internals

    /// The number `--help` shows for `value`, read back: what a user typing the shown default gets.
    static func asShown(_ value: Double) -> Double { Double(formatShortest(value)) ?? value }

    private mutating func document(
        _ name: String, valueName: String?, help: String, details: String?
    ) {
        knownNames.append(name)
        let left = "  " + name + (valueName.map { " " + $0 } ?? "")
        let padded =
            left.count < 25 ? left + String(repeating: " ", count: 25 - left.count) : left + "  "
        // A long description continues under itself.
        helpLines.append((padded + help + (details.map { " (\($0))" } ?? ""))
            .wrappedForTerminal(hangingIndent: padded.count))
    }

    /// The text given for a value flag (`--name value` or `--name=value`); the last occurrence
    /// wins.
    private mutating func rawValue(_ name: String, allowed: String) -> String? {
        var found: String?
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard !consumed.contains(index) else { continue }
            let token = tokens[index]
            if token.hasPrefix(name + "=") {
                consumed.insert(index)
                found = String(token.dropFirst(name.count + 1))
            } else if token == name {
                consumed.insert(index)
                let next = index + 1 < tokens.count ? tokens[index + 1] : nil
                // "--lr --steps 3": the value is missing, not '--steps'
                if let next, !(next.hasPrefix("--") && next.count > 2) {
                    consumed.insert(index + 1)
                    found = next
                    index += 1
                } else {
                    problems.append(
                        "\(name) needs a value: \(allowed)"
                            + (next.map { " (got the flag \($0) instead)" } ?? ""))
                }
            }
        }
        return found
    }

    private func suggestion(for text: String, among names: [String]) -> String {
        let scored = names.map { ($0, editDistance(text, $0)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, (best.count + 2) / 3) else {
            return ""
        }
        return " (did you mean \(best)?)"
    }
}

/// How argument parsing ends early: with help to print (exit 0) or a user error (exit 2).
public enum CommandLineExit: Error {
    case help(String)
    case error(UserError)
}

/// Levenshtein distance between two strings (for "did you mean").
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(1, a.count) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(1, b.count) where !b.isEmpty {
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1,
                previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
