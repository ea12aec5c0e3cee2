// Faults for the robustness tests, switched on by the environment variable SAEKIT_FAULT and never
// set in normal use. They let a test reach states a learner reaches by accident (training that goes
// NaN with their own exercise code, a Ctrl-C in the middle of a write) without a broken build.
//
//   SAEKIT_FAULT=nan-loss-at-step=N   the trainers (toy model and SAE) see a NaN loss at step N
//   SAEKIT_FAULT=kill-after-bytes=N   the process kills itself (SIGKILL) once its atomic writes
//                                     have written N bytes, leaving the file being written half
//                                     done: a kill at a chosen point, whatever the machine's speed

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Test-only faults read once from SAEKIT_FAULT.
enum FaultInjection {
    static let setting = ProcessInfo.processInfo.environment["SAEKIT_FAULT"] ?? ""

    /// The 1-based training step that sees a NaN loss, if any.
    static let nanLossStep: Int? =
        setting.hasPrefix("nan-loss-at-step=")
        ? Int(setting.dropFirst("nan-loss-at-step=".count)) : nil

    /// The bytes the atomic writes may still write before the process kills itself (nil: no kill).
    private static let writeBudget: WriteBudget? = setting.hasPrefix("kill-after-bytes=")
        ? Int(setting.dropFirst("kill-after-bytes=".count)).map(WriteBudget.init) : nil

    /// How many of the next `count` bytes may be written; fewer than `count`: `killNow` follows.
    static func allowedBytes(of count: Int) -> Int { writeBudget?.take(count) ?? count }

    /// Ends the process as `kill -9` would: no clean-up, no flush.
    static func killNow() -> Never {
        kill(getpid(), SIGKILL)
        while true { pause() }
    }
}

/// A count of bytes shared by every write of the process.
private final class WriteBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int

    init(_ bytes: Int) { remaining = max(0, bytes) }

    /// Takes up to `count` bytes from the budget and returns how many it took.
    func take(_ count: Int) -> Int {
        lock.withLock {
            let taken = min(count, remaining)
            remaining -= taken
            return taken
        }
    }
}
