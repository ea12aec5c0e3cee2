// Grades your exercises 6.1–6.5:   swift test --filter Step6Exercises

import Grading
import Step6Exercises
import Testing

@Suite("Step 6 — TopK sparse autoencoders")
struct Step6Grades {
    @Test("Exercise 6.1 — TopK activation")
    func exercise6_1() { Step6Grader.gradeTopK(topKActivation).expectPass() }

    @Test("Exercise 6.2 — TopK backward")
    func exercise6_2() { Step6Grader.gradeGradients { topKGradients($0, sae: $1) }.expectPass() }

    @Test("Exercise 6.3 — AuxK loss on dead latents")
    func exercise6_3() { Step6Grader.gradeAuxK { auxKLoss($0, sae: $1, dead: $2, kAux: $3) }.expectPass() }

    @Test("Exercise 6.4 — shrinkage against the true coefficients")
    func exercise6_4() {
        Step6Grader.gradeShrinkage(ratios: { matchedShrinkage(latentCodes: $0, trueMagnitudes: $1, pairs: $2) },
                                   bias: reconstructionBias).expectPass()
    }

    @Test("Exercise 6.5 — normalised MSE and explained variance")
    func exercise6_5() { Step6Grader.gradeFidelity(normalisedMSE).expectPass() }
}
