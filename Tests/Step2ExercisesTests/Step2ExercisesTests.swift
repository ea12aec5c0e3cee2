// Grades your exercises 2.1–2.3:   swift test --filter Step2Exercises
// Each exercise is graded in a process of its own (an exit test): a crash or an endless loop in
// one is reported as such, with the case it was running; every other exercise keeps its verdict.

import Grading
import Step2Exercises
import Testing

@Suite("Step 2 — collecting activations")
struct Step2Grades {
    @Test("Exercise 2.1 — sparse feature sampler")
    func exercise2_1() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.sparseFeatureSampler) {
                Step2Grader.gradeSampler(sampleSparseFeatures)
            }
        }
        IsolatedGrading.record(run, for: .sparseFeatureSampler)
    }

    @Test("Exercise 2.2 — hidden activations")
    func exercise2_2() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.hiddenActivations) {
                Step2Grader.gradeHiddenActivations(hiddenActivations)
            }
        }
        IsolatedGrading.record(run, for: .hiddenActivations)
    }

    @Test("Exercise 2.3 — activation statistics")
    func exercise2_3() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.activationStatistics) {
                Step2Grader.gradeStatistics(activationStatistics)
            }
        }
        IsolatedGrading.record(run, for: .activationStatistics)
    }
}
