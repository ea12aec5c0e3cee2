// Grades your exercises 3.1–3.5:   swift test --filter Step3Exercises
// Each exercise is graded in a process of its own (an exit test): a crash or an endless loop in
// one is reported as such, with the case it was running; every other exercise keeps its verdict.

import Grading
import Step3Exercises
import Testing

@Suite("Step 3 — the sparse autoencoder")
struct Step3Grades {
    @Test("Exercise 3.1 — SAE encode")
    func exercise3_1() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.saeEncode) {
                Step3Grader.gradeEncode(saeEncode)
            }
        }
        IsolatedGrading.record(run, for: .saeEncode)
    }

    @Test("Exercise 3.2 — SAE decode")
    func exercise3_2() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.saeDecode) {
                Step3Grader.gradeDecode(saeDecode)
            }
        }
        IsolatedGrading.record(run, for: .saeDecode)
    }

    @Test("Exercise 3.3 — SAE loss terms")
    func exercise3_3() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.saeLossTerms) {
                Step3Grader.gradeLossTerms(saeLossTerms)
            }
        }
        IsolatedGrading.record(run, for: .saeLossTerms)
    }

    @Test("Exercise 3.4 — SAE backward pass")
    func exercise3_4() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.saeBackward) {
                Step3Grader.gradeGradients(saeGradients)
            }
        }
        IsolatedGrading.record(run, for: .saeBackward)
    }

    @Test("Exercise 3.5 — finite-difference gradient checker")
    func exercise3_5() async {
        let run = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
            GradingChild.run(.finiteDifferences) {
                Step3Grader.gradeFiniteDifferences {
                    finiteDifferenceGradient(at: $0, step: $1, of: $2)
                }
            }
        }
        IsolatedGrading.record(run, for: .finiteDifferences)
    }
}
