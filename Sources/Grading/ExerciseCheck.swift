// The grading engine shared by every exercise: run the implementation on fixed, seeded cases;
// recognise a stub; compare each part of the output with SAEKit's reference; and when a part is
// wrong, check whether it reproduces a known mistake to attach that mistake's hint.

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

/// Everything needed to grade one exercise.
struct ExerciseCheck<Input: Sendable, Output: ExercisePlaceholder> {
    var exercise: Exercise
    var cases: [GradingCase<Input>]
    var reference: (Input) -> Output
    var parts: [OutputPart<Output>]
    var mistakes: [MistakeVariant<Input, Output>]
    /// Extra lines for a failing case (e.g. an independent finite-difference check).
    var notes: (Input, Output) -> [String] = { _, _ in [] }

    /// Grades `implementation`: the first case that fails is reported in full.
    func grade(_ implementation: (Input) -> Output) -> GradeReport {
        for (index, gradingCase) in cases.enumerated() {
            let got = implementation(gradingCase.input)
            if got.isPlaceholder { return GradeReport(exercise: exercise, outcome: .notImplemented) }
            let expected = reference(gradingCase.input)
            var diagnoses: [Diagnosis] = []
            let label = "case \(index + 1) of \(cases.count): \(gradingCase.label)"
            for part in parts {
                guard let mismatch = part.compare(expected, got) else { continue }
                let mistake = mistakes.first { variant in
                    let mistaken = variant.compute(gradingCase.input)
                    return part.compare(expected, mistaken) != nil && part.compare(mistaken, got) == nil
                }
                diagnoses.append(Diagnosis(caseLabel: label, quantity: part.name, details: mismatch.lines, mistake: mistake?.mistake))
            }
            if !diagnoses.isEmpty {
                let inputs = ["inputs of this case:"] + gradingCase.printedInput.map { "  " + $0 }
                return GradeReport(exercise: exercise, outcome: .failed, diagnoses: diagnoses,
                                   notes: notes(gradingCase.input, got) + inputs)
            }
        }
        return GradeReport(exercise: exercise, outcome: .passed(cases: cases.count))
    }
}
