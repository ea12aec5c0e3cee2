import Foundation
@testable import Grading
import Testing
@Test func debugHang() async throws {
    let result = await #expect(processExitsWith: .failure, observing: IsolatedGrading.observed) {
        GradingChild.run(.finiteDifferences) {
            Step3Grader.gradeFiniteDifferences {
                LearnerFixtures.finiteDifferencesPastTheEnd(at: $0, step: $1, of: $2)
            }
        }
    }
    let out = String(decoding: result!.standardOutputContent, as: UTF8.self)
    try out.write(toFile: "/tmp/child-out.txt", atomically: true, encoding: .utf8)
    print("STATUS", result!.exitStatus)
}
