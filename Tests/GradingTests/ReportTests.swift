// The report a learner reads: ids, anchors, the first wrong entry, shapes.

@testable import Grading
import SAEKit
import Testing

@Suite("Grade reports")
struct ReportTests {
    @Test func everyExerciseAnchorIsDerivedFromItsId() {
        for exercise in Exercise.catalog {
            #expect(
                exercise.location
                    == "Chapters/\(exercise.chapter)#exercise-\(exercise.id.replacingOccurrences(of: ".", with: ""))"
            )
        }
        #expect(Set(Exercise.catalog.map(\.id)).count == Exercise.catalog.count, "ids are unique")
    }

    @Test func matrixMismatchNamesFirstWrongEntryAndErrors() throws {
        let expected = Matrix([[1, 2, 3], [4, 5, 6]])
        var got = expected
        got[1, 0] = 4.5
        got[1, 2] = 9
        let mismatch = try #require(
            compareMatrix(expected: expected, got: got, tolerance: .arithmetic))
        #expect(mismatch.lines[0] == "first wrong entry [1, 0]: expected 4, got 4.5")
        #expect(
            mismatch.lines[1]
                == "2 of 6 entries wrong; max abs error 3 at [1, 2], max rel error 0.5")
    }

    @Test func transposedShapeIsPointedOut() throws {
        let expected = Matrix(rows: 2, cols: 3)
        let mismatch = try #require(
            compareMatrix(expected: expected, got: expected.transposed, tolerance: .arithmetic))
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
        #expect(report.description.contains("case 1 of \(Step1Cases.forward.count)"))
        #expect(report.description.contains("W [3, 3] ="))
    }
}

@Suite("Mismatch messages that teach")
struct MismatchMessageTests {
    @Test func aCommonFactorIsNamed() throws {
        let expected = Matrix([[1, -2], [0, 4]])
        let mismatch = try #require(
            compareMatrix(expected: expected, got: 4 * expected, tolerance: .arithmetic))
        #expect(
            mismatch.lines.contains { $0.hasPrefix("every wrong entry is 4× the expected one") })
        let flipped = try #require(
            compareMatrix(expected: expected, got: -1 * expected, tolerance: .arithmetic))
        #expect(
            flipped.lines.last == "every wrong entry has the opposite sign: a sign in the formula?")
    }

    @Test func aCommonOffsetIsNamed() throws {
        let mismatch = try #require(
            compareVector(expected: [1, 2, 3], got: [1.5, 2.5, 3.5], tolerance: .arithmetic))
        #expect(
            mismatch.lines.last
                == "every wrong entry is off by the same 0.5: a bias or a constant term?")
    }

    @Test func noPatternIsInventedForUnrelatedErrors() throws {
        let mismatch = try #require(
            compareVector(expected: [1, 2, 3], got: [2, 2, 7], tolerance: .arithmetic))
        #expect(mismatch.lines.count == 2)
    }

    @Test func nonFiniteEntriesAreCountedNotHidden() throws {
        let mismatch = try #require(
            compareVector(
                expected: [1, 2, 3, 4], got: [.nan, 2, .infinity, 5],
                tolerance: .arithmetic))
        #expect(mismatch.lines[0] == "first wrong entry [0]: expected 1, got nan")
        #expect(
            mismatch.lines[1]
                == "3 of 4 entries wrong (1 NaN, 1 infinite, first at [0]); max abs error 1 at [3], "
                + "max rel error 0.25")
        let allNaN = try #require(
            compareVector(expected: [1, 2], got: [.nan, .nan], tolerance: .arithmetic))
        #expect(
            allNaN.lines[1] == "2 of 2 entries wrong (2 NaN, first at [0])",
            "no made-up max errors of 0")
    }

    @Test func numbersGetTheDigitsThatTellThemApart() throws {
        let mismatch = try #require(
            compareScalar(expected: 0.123456789, got: 0.123457789, tolerance: .arithmetic))
        #expect(mismatch.lines[0].hasPrefix("expected 0.123457, got 0.123458"))
        let close = try #require(compareScalar(expected: 1, got: 1 + 1e-6, tolerance: .arithmetic))
        #expect(close.lines[0].hasPrefix("expected 1, got 1.000001"))
        #expect(distinguishingNumbers(2.5, 2.5) == ("2.5", "2.5"))
    }

    @Test func aCaseWithoutPrintableInputsPrintsNoEmptyHeading() {
        let check = ExerciseCheck<Double, Double>(
            exercise: .importanceWeightedLoss,
            cases: [GradingCase(label: "a large case", input: 2, printedInput: [])],
            reference: { $0 * $0 }, parts: [OutputPart(name: "loss") {
                compareScalar(expected: $0, got: $1, tolerance: .arithmetic)
            }], mistakes: [])
        let report = check.grade { $0 }
        #expect(!report.passed)
        #expect(!report.description.contains("inputs of this case"))
    }
}
