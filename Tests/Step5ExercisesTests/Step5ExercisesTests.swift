// Grades your exercises 5.1–5.5:   swift test --filter Step5Exercises

import Grading
import Step5Exercises
import Testing

@Suite("Step 5 — feature matching")
struct Step5Grades {
    @Test("Exercise 5.1 — cosine-similarity matrix")
    func exercise5_1() { Step5Grader.gradeCosines(cosineSimilarities).expectPass() }

    @Test("Exercise 5.2 — MMCS")
    func exercise5_2() { Step5Grader.gradeMeanMaxCosine(meanMaxCosineSimilarity).expectPass() }

    @Test("Exercise 5.3 — one-to-one matching")
    func exercise5_3() { Step5Grader.gradeMatching(oneToOneMatching).expectPass() }

    @Test("Exercise 5.4 — monosemanticity")
    func exercise5_4() { Step5Grader.gradeIsolatedResponses(isolatedFeatureResponses).expectPass() }

    @Test("Exercise 5.5 — ablation with a negative control")
    func exercise5_5() {
        Step5Grader.gradeAblation { latentAblationEffect(hidden: $0, sae: $1, readout: $2, feature: $3, latent: $4, control: $5) }.expectPass()
    }
}
