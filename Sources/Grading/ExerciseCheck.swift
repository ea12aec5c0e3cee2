// The grading engine shared by every exercise: run the implementation on fixed, seeded cases;
// recognise a stub; compare each part of the output with SAEKit's reference; and when a part is
// wrong, check whether it reproduces a known mistake to attach that mistake's hint. Last, run it
// at the size its step uses, to say when a correct answer is too slow for the step.

import SAEKit

/// One input the implementation is run on, with a label that lets a learner find it again.
struct GradingCase<Input: Sendable>: Sendable {
    var label: String
    var input: Input
    /// The inputs printed when this case fails.
    var printedInput: [String]
}

/// One named part of an output compared on its own (e.g. "∂L/∂W" and "∂L/∂b").
struct OutputPart<Output> {
    var name: String
    var compare: (_ expected: Output, _ got: Output) -> Mismatch?
}

/// A known mistake, reproduced: given the input, what the mistaken implementation returns.
struct MistakeVariant<Input: Sendable, Output> {
    var mistake: KnownMistake
    var compute: (Input) -> Output
}

/// The size at which a step calls the exercise, and how often: graded after the small cases,
/// with the processor time one call takes.
struct StepScale<Input: Sendable> {
    /// "step 1's size: 1024 samples, 10 features, 5 hidden".
    var label: String
    var input: Input
    /// The command that runs the learner's code this often, e.g. "swift run step1 --mine".
    var command: String
    /// How many calls that command makes.
    var callsPerRun: Int
    /// How to make it fast, e.g. "Matrix's matmul does the products in compiled, vectorised code".
    var advice: String
}

/// Everything needed to grade one exercise.
struct ExerciseCheck<Input: Sendable, Output: ExercisePlaceholder> {
    var exercise: Exercise
    var cases: [GradingCase<Input>]
    var reference: (Input) -> Output
    var parts: [OutputPart<Output>]
    var mistakes: [MistakeVariant<Input, Output>]
    /// Extra lines for a failing case (e.g. an independent finite-difference check).
    var notes: (Input, Output) -> [String] = { _, _ in [] }
    /// The step's own size, graded last.
    var scale: StepScale<Input>?

    /// Grades `implementation`: the first case that fails is reported in full.
    func grade(_ implementation: (Input) -> Output) -> GradeReport {
        for (index, gradingCase) in cases.enumerated() {
            let label = "case \(index + 1) of \(cases.count): \(gradingCase.label)"
            GradingChannel.caseStarted(label, inputs: gradingCase.printedInput)
            let got = implementation(gradingCase.input)
            if got.isPlaceholder {
                return GradeReport(exercise: exercise, outcome: .notImplemented)
            }
            if let report = compare(got, on: gradingCase.input, label: label,
                                    inputs: gradingCase.printedInput) {
                return report
            }
        }
        guard let scale else {
            return GradeReport(exercise: exercise, outcome: .passed(cases: cases.count))
        }
        return grade(implementation, at: scale)
    }

    /// The report for a case whose output is wrong, or nil when every part matches.
    func compare(_ got: Output, on input: Input, label: String, inputs: [String]) -> GradeReport? {
        let expected = reference(input)
        var diagnoses: [Diagnosis] = []
        for part in parts {
            guard let mismatch = part.compare(expected, got) else { continue }
            let mistake = mistakes.first { variant in
                let mistaken = variant.compute(input)
                return part.compare(expected, mistaken) != nil && part.compare(mistaken, got) == nil
            }
            diagnoses.append(
                Diagnosis(
                    caseLabel: label, quantity: part.name, details: mismatch.lines,
                    mistake: mistake?.mistake))
        }
        guard !diagnoses.isEmpty else { return nil }
        let printedInputs =
            inputs.isEmpty ? [] : ["inputs of this case:"] + inputs.map { "  " + $0 }
        return GradeReport(exercise: exercise, outcome: .failed, diagnoses: diagnoses,
                           notes: notes(input, got) + printedInputs)
    }

    /// The step-sized case: right, and how long the step would spend in it.
    func grade(_ implementation: (Input) -> Output, at scale: StepScale<Input>) -> GradeReport {
        let label = "the step's size (\(scale.label))"
        GradingChannel.caseStarted(label, inputs: [], stepSized: true, timeoutAdvice:
            "the \(cases.count) smaller cases passed, so this is probably right but too slow for "
            + "`\(scale.command)`: " + scale.advice)
        var (got, seconds) = ProcessorTime.measure { implementation(scale.input) }
        if let report = compare(got, on: scale.input, label: label, inputs: []) { return report }
        // Quick calls are timed again, for an estimate that one slow first call does not skew.
        var total = seconds
        for _ in 0..<20 where total < 0.2 {
            let again = ProcessorTime.measure { implementation(scale.input) }
            got = again.result
            total += again.seconds
            seconds = min(seconds, again.seconds)
        }
        var report = GradeReport(exercise: exercise, outcome: .passed(cases: cases.count + 1))
        report.warnings = scale.slowness(secondsPerCall: seconds)
        return report
    }
}

extension StepScale {
    /// Lines saying that a correct answer is slow for its step, or none when it is not. `pace`:
    /// how many times slower this machine runs plain Swift now than the budget's machine.
    func slowness(secondsPerCall seconds: Double, pace: Double = MachinePace.factor) -> [String] {
        let estimate = seconds * Double(callsPerRun)
        // Judged at the pace of the machine the budget was set on, so that neither a busy machine
        // nor a fast laptop changes the verdict on the same code.
        guard estimate / pace > StepScaleBudget.slowRunSeconds else { return [] }
        let calls = callsPerRun == 1 ? "1 call" : "\(callsPerRun) calls"
        return ["at the step's size (\(label)) it takes \(formatDuration(seconds)) a call, and "
                    + "`\(command)` makes \(calls): about \(formatDuration(estimate)) in this "
                    + "exercise alone.",
                "hint: " + advice.prefix(1).uppercased() + advice.dropFirst()]
    }
}

/// When the step would take long enough with the learner's code to be worth a warning.
enum StepScaleBudget {
    /// A run that spends more than this in one exercise, at the pace of the machine the budget was
    /// set on, is slow enough to say so. The reference solutions in a debug build spend at most
    /// about 105 s (6.1's), so a warning means code several times slower than theirs.
    static let slowRunSeconds = 300.0
}

/// "3.2 ms", "14 s", "6 min".
func formatDuration(_ seconds: Double) -> String {
    if seconds < 1e-3 { return formatFixed(seconds * 1e6, decimals: 0) + " µs" }
    if seconds < 1 { return formatFixed(seconds * 1e3, decimals: seconds < 0.01 ? 1 : 0) + " ms" }
    if seconds < 120 { return formatFixed(seconds, decimals: seconds < 10 ? 1 : 0) + " s" }
    return formatFixed(seconds / 60, decimals: 0) + " min"
}
