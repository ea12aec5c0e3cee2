// Grading in a child process: a learner's crash or endless loop ends only that process, and the
// report names the exercise, the cause, the learner's line and the case that was running.

import Foundation
@testable import Grading
import SAEKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Grading in a child process")
struct IsolationTests {
    /// The line of the fixture file that holds `marker`.
    static func fixtureLine(containing marker: String) throws -> Int {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("LearnerFixtures.swift").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(
            separator: "\n",
            omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(marker) }) + 1
    }

    // MARK: - Real child processes

    @Test func aTrapIsReportedWithTheLearnersLineAndTheCase() async throws {
        let result = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed)
        {
            GradingChild.run(.hiddenActivations) {
                Step2Grader.gradeHiddenActivations(LearnerFixtures.hiddenWithOffByOne)
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .hiddenActivations))
        let line = try Self.fixtureLine(containing: "the line that traps")
        #expect(report.outcome == .crashed)
        let interruption = try #require(report.interruption)
        #expect(
            interruption.cause
                == "Fatal error: Matrix index [0, 3] is out of range for shape [3, 3]")
        #expect(
            interruption.location?.hasPrefix(
                "Tests/GradingTests/LearnerFixtures.swift:\(line) in "
                    + "hiddenWithOffByOne(_:W:)") == true,
            Comment(rawValue: interruption.location ?? "no location"))
        #expect(interruption.caseLabel?.hasPrefix("case 1 of ") == true)
        #expect(interruption.caseInputs.first == "x [4, 3] =")
        #expect(interruption.advice?.contains("bounds") == true)
        #expect(report.description.hasPrefix("Exercise 2.2 (hidden activations) crashed — see "
                                             + "Chapters/02-activations.md#exercise-22"))
        #expect(
            report.description.split(separator: "\n").count < 20, "a few lines, not a backtrace")
    }

    @Test func anEndlessLoopStopsAtTheTimeLimitNamingTheCaseAndTheLine() async throws {
        let result = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed)
        {
            GradingChild.run(.hiddenActivations, limit: GradingTimeLimit(caseSeconds: 1)) {
                Step2Grader.gradeHiddenActivations(LearnerFixtures.hiddenThatNeverReturns)
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .hiddenActivations))
        let line = try Self.fixtureLine(containing: "the loop that never ends")
        #expect(report.outcome == .timedOut)
        #expect(report.interruption?.cause.hasPrefix("stopped after 1 s of processor time") == true)
        #expect(report.interruption?.caseLabel?.hasPrefix("case 1 of ") == true)
        if Symbolizer.executable != nil {    // the stopped instruction is placed by llvm-symbolizer
            #expect(
                report.interruption?.location
                    == "Tests/GradingTests/LearnerFixtures.swift:\(line) in hiddenThatNeverReturns(_:W:)",
                Comment(rawValue: report.description))
        }
        #expect(report.interruption?.advice == GradingParent.endlessLoopAdvice)
        #expect(
            report.description.hasPrefix("Exercise 2.2 (hidden activations) did not finish in time")
        )
    }

    @Test func aCrashInADependencyIsNamedAsTheDependencys() async throws {
        let result = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed)
        {
            GradingChild.run(
                .topKBackward,
                dependencies: [
                    GradingDependency(.topKActivation) {
                        Step6Grader.gradeTopK(LearnerFixtures.topKWithForcedUnwrap)
                    }
                ]
            ) {
                Step6Grader.gradeGradients { $1.trainingStep($0, l1Coefficient: 0).gradients }
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .topKBackward))
        #expect(report.outcome == .crashed)
        #expect(
            report.interruption?.cause
                == "Fatal error: Unexpectedly found nil while unwrapping an Optional value")
        #expect(report.interruption?.location?.contains("LearnerFixtures.swift:") == true)
        #expect(
            report.interruption?.caseLabel?.contains(
                "grading your 6.1 (TopK activation), which 6.2 uses: "
                    + "fix 6.1 first") == true,
            Comment(rawValue: report.description))
    }

    @Test func aTrapInsideTheStandardLibrarysAccessorStillFindsTheLine() async throws {
        let result = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed)
        {
            GradingChild.run(.finiteDifferences) {
                Step3Grader.gradeFiniteDifferences {
                    LearnerFixtures.finiteDifferencesPastTheEnd(at: $0, step: $1, of: $2)
                }
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .finiteDifferences))
        let line = try Self.fixtureLine(containing: "the compound assignment that traps")
        #expect(report.interruption?.cause == "Fatal error: Index out of range")
        if Symbolizer.executable != nil {      // found among the raw addresses by llvm-symbolizer
            #expect(
                report.interruption?.location?.hasPrefix(
                    "Tests/GradingTests/LearnerFixtures.swift:\(line) in finiteDifferencesPastTheEnd("
                ) == true,
                Comment(rawValue: report.description))
        }
    }

    @Test func aPassIsDeliveredAsAPass() async throws {
        let result = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed)
        {
            GradingChild.run(.hiddenActivations) {
                Step2Grader.gradeHiddenActivations { $0.matmulTransposed($1) }
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .hiddenActivations))
        #expect(report.passed, Comment(rawValue: report.description))
    }
}

@Suite("Reading a grading child's output")
struct ChildOutputTests {
    static func transcript(_ messages: [GradingMessage], learnerLines: [String] = []) -> [UInt8] {
        let lines = learnerLines + messages.map { message in
                GradingMessage.marker
                    + String(decoding: try! JSONEncoder().encode(message), as: UTF8.self)
        }
        return Array(lines.joined(separator: "\n").utf8)
    }

    static let failing = GradeReport(
        exercise: .topKBackward, outcome: .failed,
        diagnoses: [
            Diagnosis(
                caseLabel: "case 1 of 3", quantity: "∂W_enc",
                details: ["first wrong entry [0, 0]"])
        ])

    @Test func aVerdictIsPassedOnWithTheDependencyToFixFirst() {
        let output = Self.transcript(
            [
                .dependencyStarted(id: "6.1"),
                .caseStarted(label: "case 1 of 4", inputs: [], cpuSeconds: 3, timeoutAdvice: nil),
                .dependencyOutcome(id: "6.1", outcome: .failed),
                .caseStarted(label: "case 1 of 3", inputs: [], cpuSeconds: 3, timeoutAdvice: nil),
                .verdict(Self.failing)
            ],
            learnerLines: ["debug: k = 2"])
        let report = GradingParent.report(
            for: .topKBackward, ending: .exitCode(GradingChild.verdictExitCode),
            standardOutput: output, standardError: [])
        #expect(report.outcome == .failed)
        #expect(
            report.notes.first
                == "6.2 uses your Exercise 6.1 (TopK activation), which is not right yet: "
                + "fix 6.1 first (swift test --filter exercise6_1)")
        #expect(report.notes.suffix(2) == ["your code printed:", "  | debug: k = 2"])
    }

    @Test func aPassingDependencyIsNotMentioned() {
        let output = Self.transcript([
            .dependencyStarted(id: "6.1"),
            .dependencyOutcome(id: "6.1", outcome: .passed(cases: 4)),
            .verdict(Self.failing)
        ])
        let report = GradingParent.report(
            for: .topKBackward, ending: .exitCode(GradingChild.verdictExitCode),
            standardOutput: output, standardError: [])
        #expect(report.notes.isEmpty)
    }

    @Test func aProcessThatExitsOnItsOwnIsACrashNotAVerdict() {
        let output = Self.transcript([
            .caseStarted(
                label: "case 2 of 4: B = 1", inputs: ["x [1, 3] ="],
                cpuSeconds: 3, timeoutAdvice: nil)
        ])
        let report = GradingParent.report(for: .hiddenActivations, ending: .exitCode(3),
                                          standardOutput: output, standardError: [])
        #expect(report.outcome == .crashed)
        #expect(report.interruption?.cause.hasPrefix("the process ended with exit code 3") == true)
        #expect(report.interruption?.caseLabel == "case 2 of 4: B = 1")
        #expect(report.interruption?.caseInputs == ["x [1, 3] ="])
    }

    @Test func waitingForeverIsStoppedByTheWallClockLimit() {
        let report = GradingParent.report(
            for: .matching, ending: .signal(SIGALRM), standardOutput: [],
            standardError: [], limit: GradingTimeLimit(wallSeconds: 300))
        #expect(report.outcome == .timedOut)
        #expect(report.interruption?.cause.hasPrefix("stopped after waiting 300 s") == true)
        #expect(report.interruption?.caseLabel == nil)
    }

    @Test func aStepSizedCaseThatRunsOutOfTimeGetsItsOwnAdvice() {
        let output = Self.transcript([
            .caseStarted(
                label: "the step's size (64 × 32)", inputs: [],
                cpuSeconds: 10, timeoutAdvice: "probably right but too slow")
        ])
        let report = GradingParent.report(
            for: .matching, ending: .signal(SIGXCPU), standardOutput: output,
            standardError: [])
        #expect(report.interruption?.advice == "probably right but too slow")
        #expect(
            report.interruption?.cause.hasPrefix("stopped after 10 s of processor time") == true)
        #expect(!report.description.contains("inputs of this case"))
    }

    @Test func theRuntimesMessageAndTheLearnersLineAreRead() {
        let errors =
            "Step3Exercises/Encode.swift:11: Fatal error: Unexpectedly found nil while unwrapping an Optional value\n"
        let report = GradingParent.report(
            for: .saeEncode, ending: .signal(SIGILL), standardOutput: [],
            standardError: Array(errors.utf8))
        #expect(
            report.interruption?.cause
                == "Fatal error: Unexpectedly found nil while unwrapping an Optional value")
        // Exercises/ or Solutions/, whichever SAE_SOLUTIONS built step 3 from.
        let folder = SolutionSwap.isSwapped(step: 3) ? "Solutions" : "Exercises"
        #expect(report.interruption?.location == "\(folder)/Step3/Encode.swift:11")
    }

    @Test func longNamesAreShortened() {
        #expect(
            CrashLocation.shortName(
                "Step2Exercises.hiddenActivations(_: SAEKit.Matrix, W: SAEKit.Matrix) -> SAEKit.Matrix"
            )
                == "hiddenActivations(_:W:)")
        #expect(
            CrashLocation.shortName("static LearnerFixtures.hiddenWithOffByOne(_:W:)")
                == "hiddenWithOffByOne(_:W:)")
        #expect(CrashLocation.shortName("deep(Swift.Int) -> Swift.Int") == "deep(_:)")
        #expect(CrashLocation.shortName("closure #1 in f(x:)") == "closure #1 in f(x:)")
    }
}
