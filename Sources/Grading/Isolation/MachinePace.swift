// How fast unoptimised Swift runs here and now, so that a "slow" verdict on the step-sized case
// judges the learner's code and not the machine: the same code is slow or not on a quiet laptop
// and on a loaded CI machine alike.

import GradingPace

/// This machine's pace against the one the grader's time budget was set on.
enum MachinePace {
    /// The pace kernel's processor time on the project's 2-core machine in a debug build (the
    /// least of 20 calls; 0.73–1.4 ms in separate processes there, quiet or busy).
    static let budgetMachineSeconds = 1e-3

    /// How many times longer the pace kernel takes here than there: above 1 on a slower or busier
    /// machine. The least of 20 calls, so that a pause in one of them does not count.
    static let factor: Double = {
        var least = Double.infinity
        for _ in 0..<20 {
            least = min(least, ProcessorTime.measure { paceKernel() }.seconds)
        }
        return least / budgetMachineSeconds
    }()
}
