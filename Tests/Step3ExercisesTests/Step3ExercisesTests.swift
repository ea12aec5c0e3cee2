// Grades your exercises 3.1–3.5:   swift test --filter Step3Exercises

import Grading
import Step3Exercises
import Testing

@Suite("Step 3 — the sparse autoencoder")
struct Step3Grades {
    @Test("Exercise 3.1 — SAE encode")
    func exercise3_1() { Step3Grader.gradeEncode(saeEncode).expectPass() }

    @Test("Exercise 3.2 — SAE decode")
    func exercise3_2() { Step3Grader.gradeDecode(saeDecode).expectPass() }

    @Test("Exercise 3.3 — SAE loss terms")
    func exercise3_3() { Step3Grader.gradeLossTerms(saeLossTerms).expectPass() }

    @Test("Exercise 3.4 — SAE backward pass")
    func exercise3_4() { Step3Grader.gradeGradients(saeGradients).expectPass() }

    @Test("Exercise 3.5 — finite-difference gradient checker")
    func exercise3_5() { Step3Grader.gradeFiniteDifferences { finiteDifferenceGradient(at: $0, step: $1, of: $2) }.expectPass() }
}
