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
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n",
                                                                            omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(marker) }) + 1
    }

    // MARK: - Real child processes

    @Test func aTrapIsReportedWithTheLearnersLineAndTheCase() async throws {
        let result = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.hiddenActivations) {
                Step2Grader.gradeHiddenActivations(LearnerFixtures.hiddenWithOffByOne)
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .hiddenActivations))
        let line = try Self.fixtureLine(containing: "the line that traps")
        #expect(report.outcome == .crashed)
        let interruption = try #require(report.interruption)
        #expect(interruption.cause == "Fatal error: Matrix index [0, 3] is out of range for shape [3, 3]")
        #expect(interruption.location?.hasPrefix("Tests/GradingTests/LearnerFixtures.swift:\(line) in "
                                                  + "hiddenWithOffByOne(_:W:)") == true,
                Comment(rawValue: interruption.location ?? "no location"))
        #expect(interruption.caseLabel?.hasPrefix("case 1 of ") == true)
        #expect(interruption.caseInputs.first == "x [4, 3] =")
        #expect(interruption.advice?.contains("bounds") == true)
        #expect(report.description.hasPrefix("Exercise 2.2 (hidden activations) crashed — see "
                                             + "Chapters/02-activations.md#exercise-22"))
        #expect(report.description.split(separator: "\n").count < 20, "a few lines, not a backtrace")
    }

    @Test func anEndlessLoopStopsAtTheTimeLimitNamingTheCase() async throws {
        let result = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.hiddenActivations, limit: GradingTimeLimit(cpuSeconds: 1)) {
                Step2Grader.gradeHiddenActivations(LearnerFixtures.hiddenThatNeverReturns)
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .hiddenActivations,
                                                         limit: GradingTimeLimit(cpuSeconds: 1)))
        #expect(report.outcome == .timedOut)
        #expect(report.interruption?.cause.hasPrefix("stopped after 1 s of processor time") == true)
        #expect(report.interruption?.caseLabel?.hasPrefix("case 1 of ") == true)
        #expect(report.interruption?.advice == GradingParent.endlessLoopAdvice)
        #expect(report.description.hasPrefix("Exercise 2.2 (hidden activations) did not finish in time"))
    }

    @Test func aCrashInTheExerciseItUsesIsNamedAsThatExercises() async throws {
        let result = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.topKBackward, dependencies: [
                GradingDependency(.topKActivation) { Step6Grader.gradeTopK(LearnerFixtures.topKWithForcedUnwrap) },
            ]) {
                Step6Grader.gradeGradients { $1.trainingStep($0, l1Coefficient: 0).gradients }
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .topKBackward))
        #expect(report.outcome == .crashed)
        #expect(report.interruption?.cause == "Fatal error: Unexpectedly found nil while unwrapping an Optional value")
        #expect(report.interruption?.location?.contains("LearnerFixtures.swift:") == true)
        #expect(report.interruption?.caseLabel?.contains("grading your 6.1 (TopK activation), which 6.2 uses: "
                                                          + "fix 6.1 first") == true,
                Comment(rawValue: report.description))
    }

    @Test func aPassIsDeliveredAsAPass() async throws {
        let result = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.hiddenActivations) {
                Step2Grader.gradeHiddenActivations { $0.matmulTransposed($1) }
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .hiddenActivations))
        #expect(report.passed, Comment(rawValue: report.description))
    }
}
