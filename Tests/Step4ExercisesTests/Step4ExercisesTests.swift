// Grades your exercises 4.1–4.4:   swift test --filter Step4Exercises
// Each exercise is graded in a process of its own (an exit test): a crash or an endless loop in
// one is reported as such, with the case it was running; every other exercise keeps its verdict.

import Grading
import Step4Exercises
import Testing

@Suite("Step 4 — training")
struct Step4Grades {
    @Test("Exercise 4.1 — Adam step")
    func exercise4_1() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.adamStep) {
                Step4Grader.gradeAdam {
                    adamStep(&$0, gradient: $1, moments: &$2, learningRate: $3, hyperparameters: $4)
                }
            }
        }
        IsolatedGrading.record(run, for: .adamStep)
    }

    @Test("Exercise 4.2 — unit-norm decoder")
    func exercise4_2() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.unitNormDecoder) {
                Step4Grader.gradeUnitNormDecoder(removeParallel: removeParallelComponent,
                                                 normalise: normaliseDecoderRows)
            }
        }
        IsolatedGrading.record(run, for: .unitNormDecoder)
    }

    @Test("Exercise 4.3 — learning-rate schedule")
    func exercise4_3() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.learningRateSchedule) {
                Step4Grader.gradeSchedule(scheduledLearningRate)
            }
        }
        IsolatedGrading.record(run, for: .learningRateSchedule)
    }

    @Test("Exercise 4.4 — dead-latent resampling")
    func exercise4_4() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.resampling) {
                Step4Grader.gradeResampling(resampleDeadLatents)
            }
        }
        IsolatedGrading.record(run, for: .resampling)
    }
}
