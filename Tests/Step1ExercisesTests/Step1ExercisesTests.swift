// Grades your exercises 1.1–1.4:   swift test --filter Step1Exercises
// Each exercise is graded in a process of its own (an exit test): a crash or an endless loop in
// one is reported as such, with the case it was running; every other exercise keeps its verdict.

import Grading
import Step1Exercises
import Testing

@Suite("Step 1 — the toy model of superposition")
struct Step1Grades {
    @Test("Exercise 1.1 — toy model forward")
    func exercise1_1() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.toyModelForward) {
                Step1Grader.gradeForward(toyModelForward)
            }
        }
        IsolatedGrading.record(run, for: .toyModelForward)
    }

    @Test("Exercise 1.2 — importance-weighted loss")
    func exercise1_2() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.importanceWeightedLoss) {
                Step1Grader.gradeLoss(importanceWeightedLoss)
            }
        }
        IsolatedGrading.record(run, for: .importanceWeightedLoss)
    }

    @Test("Exercise 1.3 — toy model gradients")
    func exercise1_3() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.toyModelGradients) {
                Step1Grader.gradeGradients(toyModelGradients)
            }
        }
        IsolatedGrading.record(run, for: .toyModelGradients)
    }

    @Test("Exercise 1.4 — superposition metrics")
    func exercise1_4() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.superpositionMetrics) {
                Step1Grader.gradeMetrics(superpositionMetrics)
            }
        }
        IsolatedGrading.record(run, for: .superpositionMetrics)
    }
}
