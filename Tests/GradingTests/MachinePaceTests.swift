// The pace kernel does real work (its checksum is an independent computation's) and the pace
// factor is a positive, finite ratio.

@testable import Grading
import GradingPace
import Testing

@Suite("The machine's pace")
struct MachinePaceTests {
    @Test func thePaceKernelComputesWhatItSays() {
        // Row r holds (7r + 13c) mod 17 − 8; each row keeps its 4 largest positive entries (ties:
        // the lower column), and the checksum is the sum of the squared column sums.
        var columnSums = [Double](repeating: 0, count: 20)
        for r in 0..<256 {
            let row = (0..<20).map { c in Double((r * 7 + c * 13) % 17) - 8 }
            let kept = row.indices.filter { row[$0] > 0 }
                .sorted { (row[$0], -$0) > (row[$1], -$1) }.prefix(4)
            for c in kept { columnSums[c] += row[c] }
        }
        #expect(paceKernel() == columnSums.map { $0 * $0 }.reduce(0, +))
    }

    @Test func theFactorIsAPositiveRatio() {
        #expect(MachinePace.factor > 0 && MachinePace.factor.isFinite)
    }

    /// The verdict follows the code's time at the budget machine's pace; the message gives the
    /// time on this machine.
    @Test func slownessIsJudgedAtTheBudgetMachinesPace() {
        let scale = StepScale(label: "a test size", input: 0, command: "swift run step0 --mine",
                              callsPerRun: 1000, advice: "use matmul")
        // 0.4 s a call × 1000 calls = 400 s here.
        #expect(!scale.slowness(secondsPerCall: 0.4, pace: 1).isEmpty)
        let warning = scale.slowness(secondsPerCall: 0.4, pace: 1.2)
        #expect(warning.first?.contains("about 7 min in this exercise alone") == true, "\(warning)")
        // The same time on a machine running plain Swift twice as slowly: 200 s there, no warning.
        #expect(scale.slowness(secondsPerCall: 0.4, pace: 2).isEmpty)
        #expect(scale.slowness(secondsPerCall: 0.2, pace: 1).isEmpty)
    }
}
