// What the grader says about one exercise: passed, not implemented yet, wrong (with the first wrong
// entry, error sizes, and a hint when the mistake is a known one), crashed, or stopped at its time
// limit (with the case that was running).

/// A mistake learners often make, recognised by reproducing it and comparing.
public struct KnownMistake: Sendable, Hashable, Codable {
    /// A stable key, e.g. "decoder-path-only".
    public let id: String
    /// What to tell the learner.
    public let hint: String

    public init(id: String, hint: String) {
        self.id = id
        self.hint = hint
    }
}

/// One wrong part of an output in one test case.
public struct Diagnosis: Sendable, Codable {
    /// Which case, e.g. "case 2 of 4: B = 4 samples, n = 5 features, m = 3 hidden".
    public var caseLabel: String
    /// Which output, e.g. "∂L/∂W".
    public var quantity: String
    /// Expected vs got, error sizes, shapes.
    public var details: [String]
    /// The known mistake this output reproduces, if any.
    public var mistake: KnownMistake?

    public init(
        caseLabel: String, quantity: String, details: [String], mistake: KnownMistake? = nil
    ) {
        self.caseLabel = caseLabel
        self.quantity = quantity
        self.details = details
        self.mistake = mistake
    }
}

/// Why an exercise's run ended early: the learner's code crashed, or ran past its time limit.
public struct Interruption: Sendable, Codable, Equatable {
    /// What ended it, in the learner's words: "Fatal error: Index out of range", "8 s of CPU time".
    public var cause: String
    /// Where, when known: "Exercises/Step2/Hidden.swift:17 in hiddenActivations(_:W:)".
    public var location: String?
    /// The case that was running, e.g. "case 2 of 5: B = 5 samples, …".
    public var caseLabel: String?
    /// That case's inputs, when they are small enough to print.
    public var caseInputs: [String]
    /// What to look at, e.g. "an index out of range: check each loop's bounds against the shapes".
    public var advice: String?

    public init(cause: String, location: String? = nil, caseLabel: String? = nil,
                caseInputs: [String] = [], advice: String? = nil) {
        self.cause = cause
        self.location = location
        self.caseLabel = caseLabel
        self.caseInputs = caseInputs
        self.advice = advice
    }
}

/// The grader's verdict on one exercise.
public struct GradeReport: Sendable, Codable, CustomStringConvertible {
    public enum Outcome: Sendable, Equatable, Codable {
        /// Every case matched; the number of cases.
        case passed(cases: Int)
        /// The implementation still returns the stub's placeholder.
        case notImplemented
        /// Some case did not match (see `diagnoses`).
        case failed
        /// The learner's code crashed (see `interruption`).
        case crashed
        /// The learner's code ran past the exercise's time limit (see `interruption`).
        case timedOut
    }

    public let exercise: Exercise
    public let outcome: Outcome
    /// For `.failed`: what is wrong in the first failing case.
    public let diagnoses: [Diagnosis]
    /// Extra lines: the inputs of the failing case, independent checks, a dependency to fix first.
    public var notes: [String]
    /// For `.crashed` and `.timedOut`: what happened, where, in which case.
    public var interruption: Interruption?
    /// For `.passed`: what is right but could be better (too slow for the step's own size).
    public var warnings: [String] = []

    public init(exercise: Exercise, outcome: Outcome, diagnoses: [Diagnosis] = [],
                notes: [String] = [], interruption: Interruption? = nil) {
        self.exercise = exercise
        self.outcome = outcome
        self.diagnoses = diagnoses
        self.notes = notes
        self.interruption = interruption
    }

    public var passed: Bool { if case .passed = outcome { true } else { false } }
    public var isNotImplemented: Bool { outcome == .notImplemented }
    /// The known mistakes recognised, without repeats.
    public var mistakes: [KnownMistake] {
        var seen: [KnownMistake] = []
        for mistake in diagnoses.compactMap(\.mistake) where !seen.contains(mistake) {
            seen.append(mistake)
        }
        return seen
    }

    /// The first line: the exercise and its verdict, with the chapter section to read.
    public var headline: String {
        switch outcome {
        case let .passed(cases):
            "\(exercise) passes (\(cases) cases)" + (warnings.isEmpty ? "." : ", but it is slow:")
        case .notImplemented: "\(exercise) is not implemented yet — see \(exercise.location)"
        case .failed: "\(exercise) is not right yet — see \(exercise.location)"
        case .crashed: "\(exercise) crashed — see \(exercise.location)"
        case .timedOut: "\(exercise) did not finish in time — see \(exercise.location)"
        }
    }

    public var description: String {
        var lines = [headline]
        if let interruption {
            lines.append("  " + interruption.cause)
            if let location = interruption.location { lines.append("  at " + location) }
            if let label = interruption.caseLabel { lines.append("  while running " + label) }
            if let advice = interruption.advice { lines.append("  hint: " + advice) }
            if !interruption.caseInputs.isEmpty {
                lines.append("  inputs of this case:")
                lines += interruption.caseInputs.map { "    " + $0 }
            }
        }
        if let label = diagnoses.first?.caseLabel { lines.append("  " + label) }
        for diagnosis in diagnoses {
            lines.append("  ✗ \(diagnosis.quantity): " + (diagnosis.details.first ?? ""))
            lines += diagnosis.details.dropFirst().map { "      " + $0 }
        }
        for mistake in mistakes { lines.append("  hint: " + mistake.hint) }
        lines += warnings.map { "  " + $0 }
        lines += notes.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}
