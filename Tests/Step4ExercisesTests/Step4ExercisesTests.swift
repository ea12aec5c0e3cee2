// Grades your exercises 4.1–4.4:   swift test --filter Step4Exercises

import Grading
import Step4Exercises
import Testing

@Suite("Step 4 — training")
struct Step4Grades {
    @Test("Exercise 4.1 — Adam step")
    func exercise4_1() { Step4Grader.gradeAdam { adamStep(&$0, gradient: $1, moments: &$2, learningRate: $3, hyperparameters: $4) }.expectPass() }

    @Test("Exercise 4.2 — unit-norm decoder")
    func exercise4_2() { Step4Grader.gradeUnitNormDecoder(removeParallel: removeParallelComponent, normalise: normaliseDecoderRows).expectPass() }

    @Test("Exercise 4.3 — learning-rate schedule")
    func exercise4_3() { Step4Grader.gradeSchedule(scheduledLearningRate).expectPass() }

    @Test("Exercise 4.4 — dead-latent resampling")
    func exercise4_4() { Step4Grader.gradeResampling(resampleDeadLatents).expectPass() }
}
