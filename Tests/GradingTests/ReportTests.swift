// The report a learner reads: ids, anchors, the first wrong entry, shapes.

@testable import Grading
import SAEKit
import Testing

@Suite("Grade reports")
struct ReportTests {
    @Test func everyExerciseAnchorIsDerivedFromItsId() {
        for exercise in Exercise.catalog {
            #expect(exercise.location == "Chapters/\(exercise.chapter)#exercise-\(exercise.id.replacingOccurrences(of: ".", with: ""))")
        }
        #expect(Set(Exercise.catalog.map(\.id)).count == Exercise.catalog.count, "ids are unique")
    }

    @Test func matrixMismatchNamesFirstWrongEntryAndErrors() throws {
        let expected = Matrix([[1, 2, 3], [4, 5, 6]])
        var got = expected
        got[1, 0] = 4.5
        got[1, 2] = 9
        let mismatch = try #require(compareMatrix(expected: expected, got: got, tolerance: .arithmetic))
        #expect(mismatch.lines[0] == "first wrong entry [1, 0]: expected 4, got 4.5")
        #expect(mismatch.lines[1] == "2 of 6 entries wrong; max abs error 3 at [1, 2], max rel error 0.5")
    }

    @Test func transposedShapeIsPointedOut() throws {
        let expected = Matrix(rows: 2, cols: 3)
        let mismatch = try #require(compareMatrix(expected: expected, got: expected.transposed, tolerance: .arithmetic))
        #expect(mismatch.lines[0] == "has shape [3, 2], expected [2, 3] — transposed?")
    }

    @Test func nanIsNeverAccepted() {
        #expect(compareScalar(expected: 1, got: .nan, tolerance: .arithmetic) != nil)
        #expect(compareVector(expected: [1, 2], got: [1, .nan], tolerance: .arithmetic) != nil)
    }

    @Test func toleranceIsRelative() {
        #expect(Tolerance.arithmetic.accepts(1e6 + 1e-4, 1e6))
        #expect(!Tolerance.arithmetic.accepts(1 + 1e-6, 1))
    }

    @Test func placeholderIsNotAnOrdinaryNaN() {
        #expect(Double.placeholder.isPlaceholder)
        #expect(!Double.nan.isPlaceholder)
        #expect(!(0.0 / 0.0).isPlaceholder)
    }

    @Test func failingReportShowsTheInputsOfTheFailingCase() {
        let report = Step1Grader.gradeForward { x, model in model.forward(x).map { $0 * 2 } }
        #expect(report.description.contains("inputs of this case:"))
        #expect(report.description.contains("case 1 of 4"))
        #expect(report.description.contains("W [3, 5] ="))
    }
}
