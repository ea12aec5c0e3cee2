// Grades your exercises 6.1–6.5:   swift test --filter Step6Exercises
// Each exercise is graded in a process of its own (an exit test): a crash or an endless loop in
// one is reported as such, with the case it was running; every other exercise keeps its verdict.

import Grading
import Step6Exercises
import Testing

@Suite("Step 6 — TopK sparse autoencoders")
struct Step6Grades {
    @Test("Exercise 6.1 — TopK activation")
    func exercise6_1() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.topKActivation) {
                Step6Grader.gradeTopK(topKActivation)
            }
        }
        IsolatedGrading.record(run, for: .topKActivation)
    }

    @Test("Exercise 6.2 — TopK backward")
    func exercise6_2() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.topKBackward, dependencies: [
                GradingDependency(.topKActivation) { Step6Grader.gradeTopK(topKActivation) },
            ]) {
                Step6Grader.gradeGradients(topK: topKActivation) { topKGradients($0, sae: $1) }
            }
        }
        IsolatedGrading.record(run, for: .topKBackward)
    }

    @Test("Exercise 6.3 — AuxK loss on dead latents")
    func exercise6_3() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.auxKLoss, dependencies: [
                GradingDependency(.topKActivation) { Step6Grader.gradeTopK(topKActivation) },
            ]) {
                Step6Grader.gradeAuxK(topK: topKActivation) {
                    auxKLoss($0, sae: $1, dead: $2, kAux: $3)
                }
            }
        }
        IsolatedGrading.record(run, for: .auxKLoss)
    }

    @Test("Exercise 6.4 — shrinkage against the true coefficients")
    func exercise6_4() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.shrinkage) {
                Step6Grader.gradeShrinkage(
                    ratios: { matchedShrinkage(latentCodes: $0, trueMagnitudes: $1, pairs: $2) },
                    bias: reconstructionBias)
            }
        }
        IsolatedGrading.record(run, for: .shrinkage)
    }

    @Test("Exercise 6.5 — normalised MSE and explained variance")
    func exercise6_5() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.fidelity) {
                Step6Grader.gradeFidelity(normalisedMSE)
            }
        }
        IsolatedGrading.record(run, for: .fidelity)
    }
}
