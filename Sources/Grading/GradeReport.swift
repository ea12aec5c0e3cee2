// What the grader says about one exercise: passed, not implemented yet, or wrong, with the first
// wrong entry, error sizes, and a hint when the mistake is a known one.

/// A mistake learners often make, recognised by reproducing it and comparing.
public struct KnownMistake: Sendable, Hashable {
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
public struct Diagnosis: Sendable {
    /// Which case, e.g. "case 2 of 4: B = 4 samples, n = 5 features, m = 3 hidden".
    public var caseLabel: String
    /// Which output, e.g. "∂L/∂W".
    public var quantity: String
    /// Expected vs got, error sizes, shapes.
    public var details: [String]
    /// The known mistake this output reproduces, if any.
    public var mistake: KnownMistake?
}

/// The grader's verdict on one exercise.
public struct GradeReport: Sendable, CustomStringConvertible {
    public enum Outcome: Sendable, Equatable {
        /// Every case matched; the number of cases.
        case passed(cases: Int)
        /// The implementation still returns the stub's placeholder.
        case notImplemented
        /// Some case did not match (see `diagnoses`).
        case failed
    }

    public let exercise: Exercise
    public let outcome: Outcome
    /// For `.failed`: what is wrong in the first failing case.
    public let diagnoses: [Diagnosis]
    /// Extra lines for `.failed`: the inputs of the failing case, independent checks.
    public let notes: [String]

    public init(exercise: Exercise, outcome: Outcome, diagnoses: [Diagnosis] = [], notes: [String] = []) {
        self.exercise = exercise
        self.outcome = outcome
        self.diagnoses = diagnoses
        self.notes = notes
    }

    public var passed: Bool { if case .passed = outcome { true } else { false } }
    public var isNotImplemented: Bool { outcome == .notImplemented }
    /// The known mistakes recognised, without repeats.
    public var mistakes: [KnownMistake] {
        var seen: [KnownMistake] = []
        for mistake in diagnoses.compactMap(\.mistake) where !seen.contains(mistake) { seen.append(mistake) }
        return seen
    }

    public var description: String {
        switch outcome {
        case let .passed(cases):
            return "\(exercise) passes (\(cases) cases)."
        case .notImplemented:
            return "\(exercise) is not implemented yet — see \(exercise.location)"
        case .failed:
            var lines = ["\(exercise) is not right yet — see \(exercise.location)"]
            if let label = diagnoses.first?.caseLabel { lines.append("  " + label) }
            for diagnosis in diagnoses {
                lines.append("  ✗ \(diagnosis.quantity): " + (diagnosis.details.first ?? ""))
                lines += diagnosis.details.dropFirst().map { "      " + $0 }
            }
            for mistake in mistakes { lines.append("  hint: " + mistake.hint) }
            lines += notes.map { "  " + $0 }
            return lines.joined(separator: "\n")
        }
    }
}
