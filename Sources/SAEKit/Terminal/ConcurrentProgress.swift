// Progress of several trainings that run at once (step 6's SAEs, step 4's λ sweep), on standard
// error: on a terminal one bar over all their steps, redrawn in place, with how many have finished
// and an ETA; otherwise one line as each training finishes, naming it, with the ETA. The ETA comes
// from the steps done so far, which the trainings report as they go (about 100 times each).

import Foundation

/// A progress display shared by trainings on several threads.
public final class ConcurrentProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var line: ProgressLine
    private let trainings: Int
    private var stepsDone = 0
    private var finishedCount = 0
    private let start = Date()

    /// - Parameters:
    ///   - label: what is being trained, e.g. "training 13 SAEs".
    ///   - steps: the steps of all the trainings together.
    ///   - enabled: false for `--quiet`.
    ///   - animated: nil to decide from whether stderr is a terminal.
    public init(label: String, trainings: Int, steps: Int, enabled: Bool, animated: Bool? = nil) {
        self.trainings = trainings
        line = ProgressLine(label: label, total: max(1, steps), enabled: enabled,
                            animated: animated)
    }

    /// The steps the bar shows: all of them once every training has finished, and never all before
    /// (the bar ends its line when it is full).
    private var shownSteps: Int {
        finishedCount == trainings ? line.total : min(stepsDone, line.total - 1)
    }

    /// Counts `steps` more training steps done (from any thread); redraws the bar on a terminal.
    public func advance(by steps: Int) {
        lock.withLock {
            stepsDone += steps
            if line.animated { line.update(shownSteps, ["\(finishedCount)/\(trainings) trained"]) }
        }
    }

    /// Reports that the training `name` finished after `seconds` (from any thread): on a
    /// terminal the bar's count, otherwise one line.
    public func finished(_ name: String, seconds: Double) {
        lock.withLock {
            finishedCount += 1
            if line.animated {
                line.update(shownSteps, ["\(finishedCount)/\(trainings) trained"])
            } else if line.enabled {
                let elapsed = Date().timeIntervalSince(start)
                let fraction = Double(min(stepsDone, line.total)) / Double(line.total)
                let left = elapsed / fraction - elapsed
                let eta = finishedCount == trainings ? "done in \(ProgressLine.seconds(elapsed))"
                    : fraction > 0 ? "ETA \(ProgressLine.seconds(left))" : ""
                let text = [
                    line.label, "\(finishedCount)/\(trainings)",
                    "\(name) in \(ProgressLine.seconds(seconds))", eta
                ].filter { !$0.isEmpty }
                FileHandle.standardError.write(Data((text.joined(separator: "  ") + "\n").utf8))
            }
        }
    }
}
