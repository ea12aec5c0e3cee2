// Grades your exercises 1.1–1.4:   swift test --filter Step1Exercises
// Each test passes only when the grader accepts your implementation; a stub is reported as
// "not implemented yet" with the chapter section to read.

import Grading
import Step1Exercises
import Testing

@Suite("Step 1 — the toy model of superposition")
struct Step1Grades {
    @Test("Exercise 1.1 — toy model forward")
    func exercise1_1() { Step1Grader.gradeForward(toyModelForward).expectPass() }

    @Test("Exercise 1.2 — importance-weighted loss")
    func exercise1_2() { Step1Grader.gradeLoss(importanceWeightedLoss).expectPass() }

    @Test("Exercise 1.3 — toy model gradients")
    func exercise1_3() { Step1Grader.gradeGradients(toyModelGradients).expectPass() }

    @Test("Exercise 1.4 — superposition metrics")
    func exercise1_4() { Step1Grader.gradeMetrics(superpositionMetrics).expectPass() }
}
