// A grader's own known mistakes, graded as if a learner had written them: each must be rejected
// with its own hint and no other. This is what "a hint fires only when the mistake explains the
// output" needs: no two mistakes give the same output on the case where either first fails.

@testable import Grading
import Testing

/// Grades every mistake variant of `check` as an implementation: each gets its own hint only.
func expectEachVariantGetsItsOwnHint<Input, Output>(
    _ check: ExerciseCheck<Input, Output>, sourceLocation: SourceLocation = #_sourceLocation
) {
    var withoutScale = check
    withoutScale.scale = nil
    for variant in check.mistakes {
        let report = withoutScale.grade(variant.compute)
        #expect(!report.passed, "the variant '\(variant.mistake.id)' passes every case",
                sourceLocation: sourceLocation)
        #expect(report.mistakes.map(\.id) == [variant.mistake.id],
                "the variant '\(variant.mistake.id)' got \(report.mistakes.map(\.id)):\n\(report)",
                sourceLocation: sourceLocation)
    }
}
