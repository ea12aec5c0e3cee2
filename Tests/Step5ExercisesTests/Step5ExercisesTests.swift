// Grades your exercises 5.1–5.5:   swift test --filter Step5Exercises
// Each exercise is graded in a process of its own (an exit test): a crash or an endless loop in
// one is reported as such, with the case it was running; every other exercise keeps its verdict.

import Grading
import Step5Exercises
import Testing

@Suite("Step 5 — feature matching")
struct Step5Grades {
    @Test("Exercise 5.1 — cosine-similarity matrix")
    func exercise5_1() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.cosineMatrix) {
                Step5Grader.gradeCosines(cosineSimilarities)
            }
        }
        IsolatedGrading.record(run, for: .cosineMatrix)
    }

    @Test("Exercise 5.2 — MMCS")
    func exercise5_2() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.meanMaxCosine) {
                Step5Grader.gradeMeanMaxCosine(meanMaxCosineSimilarity)
            }
        }
        IsolatedGrading.record(run, for: .meanMaxCosine)
    }

    @Test("Exercise 5.3 — one-to-one matching")
    func exercise5_3() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.matching) {
                Step5Grader.gradeMatching(oneToOneMatching)
            }
        }
        IsolatedGrading.record(run, for: .matching)
    }

    @Test("Exercise 5.4 — monosemanticity")
    func exercise5_4() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.monosemanticity) {
                Step5Grader.gradeIsolatedResponses(isolatedFeatureResponses)
            }
        }
        IsolatedGrading.record(run, for: .monosemanticity)
    }

    @Test("Exercise 5.5 — ablation with a negative control")
    func exercise5_5() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.ablation) {
                Step5Grader.gradeAblation {
                    latentAblationEffect(hidden: $0, sae: $1, readout: $2, feature: $3, latent: $4,
                                         control: $5)
                }
            }
        }
        IsolatedGrading.record(run, for: .ablation)
    }
}
