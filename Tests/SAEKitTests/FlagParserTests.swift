// The flag parser: typed values, ranges, the one-line errors a learner sees, help and suggestions.

import Foundation
@testable import SAEKit
import Testing

@Suite("Flag parser")
struct FlagParserTests {
    enum Shape: String, CaseIterable { case round, square }

    /// Declares a small set of flags on `arguments`, then finishes.
    static func parse(
        _ arguments: [String]
    ) -> (values: (Int, Double, String, Shape, Bool), outcome: CommandLineExit?) {
        var flags = FlagParser(command: "demo", summary: "a demo", arguments: ["demo"] + arguments)
        let count = flags.int("--count", default: 3, range: 1...10, help: "how many")
        let rate = flags.double(
            "--rate", default: 0.5, range: .aboveUpTo(0, 1), help: "a probability")
        let name = flags.string("--name", default: "x", help: "a name")
        let shape = flags.choice("--shape", default: Shape.round, help: "a shape")
        let verbose = flags.flag("--verbose", help: "talk more")
        do {
            try flags.finish()
            return ((count, rate, name, shape, verbose), nil)
        } catch {
            return ((count, rate, name, shape, verbose), error)
        }
    }

    static func errorMessage(_ arguments: [String]) -> String? {
        if case let .error(error)? = parse(arguments).outcome { return error.message }
        return nil
    }

    @Test func defaultsAndTypedValues() {
        let (values, outcome) = Self.parse([
            "--count", "7", "--rate=0.25", "--name", "-weird-", "--shape", "square", "--verbose"
        ])
        #expect(outcome == nil)
        #expect(
            values.0 == 7 && values.1 == 0.25 && values.2 == "-weird-" && values.3 == .square
                && values.4)
        let defaults = Self.parse([]).values
        #expect(
            defaults.0 == 3 && defaults.1 == 0.5 && defaults.2 == "x" && defaults.3 == .round
                && !defaults.4)
    }

    @Test func lastOccurrenceWins() {
        #expect(Self.parse(["--count", "2", "--count", "9"]).values.0 == 9)
    }

    @Test(
        arguments: [
            (["--count", "-3"], "demo: --count must be an integer from 1 to 10, got '-3'"),
            (["--count", "abc"], "demo: --count must be an integer from 1 to 10, got 'abc'"),
            (["--rate", "1.5"], "demo: --rate must be a number in (0, 1], got '1.5'"),
            (["--rate", "0"], "demo: --rate must be a number in (0, 1], got '0'"),
            (["--rate", "nan"], "demo: --rate must be a number in (0, 1], got 'nan'"),
            (
                ["--shape", "sqaure"],
                "demo: --shape must be one of round | square, got 'sqaure' (did you mean square?)"
            ),
            (["--count"], "demo: --count needs a value: an integer from 1 to 10"),
            (["--verbose=yes"], "demo: --verbose takes no value (got '--verbose=yes')"),
            (
                ["--cuont", "3"],
                "demo: unknown flag --cuont (did you mean --count?). Run 'swift run demo --help' to list the flags."
            ),
            (
                ["--zzzzzz"],
                "demo: unknown flag --zzzzzz. Run 'swift run demo --help' to list the flags."
            ),
            (
                ["extra"],
                "demo: unexpected argument 'extra' (flags start with --). Run 'swift run demo --help' to list the flags."
            )
        ] as [([String], String)])
    func errorsNameTheFlagAndWhatIsAllowed(arguments: [String], message: String) {
        #expect(Self.errorMessage(arguments) == message)
    }

    @Test func helpWinsOverErrorsAndListsEveryFlagWithItsDefault() throws {
        guard case let .help(text)? = Self.parse(["--count", "-3", "--help"]).outcome else {
            Issue.record("expected help")
            return
        }
        for line in [
            "--count N", "default 3; an integer from 1 to 10", "--rate X",
            "default 0.5; a number in (0, 1]",
            "--shape NAME", "one of round | square", "--verbose", "--help"
        ] {
            #expect(text.contains(line), "missing '\(line)'")
        }
    }

    // Defaults computed in binary (0.1 × 0.1 = 0.010000000000000002) are shown as a person writes
    // them, and what is shown is what the step uses: typing the shown default changes nothing.
    @Test func defaultsAreShownAndUsedAsAPersonWritesThem() {
        var flags = FlagParser(command: "demo", summary: "a demo", arguments: ["demo", "--help"])
        let values = flags.doubleList(
            "--values", default: [0.1, 0.2, 0.5, 1, 2, 5, 10].map { $0 * 0.1 },
            range: .closed(0, 1000),
            help: "λ values")
        let third = flags.double(
            "--third", default: 0.1 * 3, range: .aboveUpTo(0, 1e-3 * 2000),
            help: "a third of something")
        #expect(values == [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1] && third == 0.3)
        do {
            try flags.finish()
            Issue.record("expected help")
        } catch {
            guard case let .help(wrapped) = error else {
                Issue.record("expected help, got \(error)"); return
            }
            // A long description continues on a line indented under it.
            #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 100 })
            let text = wrapped.replacingOccurrences(
                of: "\n" + String(repeating: " ", count: 25), with: " ")
            #expect(
                text.contains(
                    "(default 0.01,0.02,0.05,0.1,0.2,0.5,1; a comma-separated list, each a number "
                        + "in [0, 1000])"), "\(text)")
            #expect(text.contains("(default 0.3; a number in (0, 2])"), "\(text)")
        }
    }

    @Test(
        arguments: [
            (0.1 * 0.1, "0.01"), (0.1 * 0.2, "0.02"), (1.0 / 32, "0.03125"), (3e-3, "0.003"),
            (1e-3, "0.001"),
            (1e-5, "1e-5"), (2.5e-7, "2.5e-7"), (4, "4"), (100_000, "100000"), (0.7, "0.7"),
            (1e20, "1e20"),
            (-0.25, "-0.25"), (0.123456789012345, "0.123456789012345"),
            (Double.pi, "3.14159265358979")
        ] as [(Double, String)])
    func numbersAsAPersonWritesThem(value: Double, text: String) {
        #expect(formatShortest(value) == text)
    }

    @Test func editDistance() {
        #expect(SAEKit.editDistance("kitten", "sitting") == 3)
        #expect(SAEKit.editDistance("", "abc") == 3)
        #expect(SAEKit.editDistance("same", "same") == 0)
    }
}

extension CommandLineExit: Equatable {
    public static func == (lhs: CommandLineExit, rhs: CommandLineExit) -> Bool {
        switch (lhs, rhs) {
        case let (.help(a), .help(b)): a == b
        case let (.error(a), .error(b)): a == b
        default: false
        }
    }
}
