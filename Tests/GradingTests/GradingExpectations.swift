// What every grading test checks of a report: a known mistake is rejected with its own hint and
// no other; a correct answer, however it is written, passes.

@testable import Grading
import Testing

/// The report is a failure (not "not implemented") whose only hint is `mistake`'s.
func expectRejected(_ report: GradeReport, with mistake: KnownMistake,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!report.passed && !report.isNotImplemented, "expected a failure:\n\(report)",
            sourceLocation: sourceLocation)
    #expect(report.mistakes.map(\.id) == [mistake.id],
            "expected only the hint '\(mistake.id)', got \(report.mistakes.map(\.id)):\n\(report)",
            sourceLocation: sourceLocation)
    #expect(report.description.contains(mistake.hint), sourceLocation: sourceLocation)
}

/// The report is a failure with no hint: wrong, but not in a way the grader can name.
func expectRejectedWithoutHint(
    _ report: GradeReport, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(!report.passed && !report.isNotImplemented, "expected a failure:\n\(report)",
            sourceLocation: sourceLocation)
    #expect(
        report.mistakes.isEmpty, "expected no hint, got \(report.mistakes.map(\.id)):\n\(report)",
        sourceLocation: sourceLocation)
}

/// The report is a pass.
func expectPassed(_ report: GradeReport, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(report.passed, "expected a pass:\n\(report)", sourceLocation: sourceLocation)
}
