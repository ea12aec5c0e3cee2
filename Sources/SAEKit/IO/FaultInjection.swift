// Faults for the robustness tests, switched on by the environment variable SAEKIT_FAULT and never
// set in normal use. They let a test reach states a learner reaches by accident (training that goes
// NaN with their own exercise code, a Ctrl-C in the middle of a write) without a broken build.
//
//   SAEKIT_FAULT=nan-loss-at-step=N   the trainers (toy model and SAE) see a NaN loss at step N
//   SAEKIT_FAULT=slow-writes          atomic writes go out in 4 KiB pieces, 2 ms apart, so a test
//                                     can kill the step while a file is half written

import Foundation

/// Test-only faults read once from SAEKIT_FAULT.
enum FaultInjection {
    static let setting = ProcessInfo.processInfo.environment["SAEKIT_FAULT"] ?? ""

    /// The 1-based training step that sees a NaN loss, if any.
    static let nanLossStep: Int? = setting.hasPrefix("nan-loss-at-step=") ? Int(setting.dropFirst("nan-loss-at-step=".count)) : nil

    /// Whether atomic writes are slowed down.
    static let slowWrites = setting == "slow-writes"
}
