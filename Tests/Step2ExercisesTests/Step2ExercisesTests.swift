// Grades your exercises 2.1–2.3:   swift test --filter Step2Exercises

import Grading
import Step2Exercises
import Testing

@Suite("Step 2 — collecting activations")
struct Step2Grades {
    @Test("Exercise 2.1 — sparse feature sampler")
    func exercise2_1() { Step2Grader.gradeSampler(sampleSparseFeatures).expectPass() }

    @Test("Exercise 2.2 — hidden activations")
    func exercise2_2() { Step2Grader.gradeHiddenActivations(hiddenActivations).expectPass() }

    @Test("Exercise 2.3 — activation statistics")
    func exercise2_3() { Step2Grader.gradeStatistics(activationStatistics).expectPass() }
}
