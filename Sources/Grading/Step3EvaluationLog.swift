// Where a learner's finite-difference checker evaluated the function: recorded while it runs on a
// small case, and said in a failing report ("f was evaluated at θ + 1e-05·e₀, but step = 0.1"), so
// that a checker which moves the wrong amount, forgets a side or leaves a coordinate moved is told
// what it did, whatever the mistake.

import Foundation
import SAEKit

/// The points one run of the learner's checker evaluated the function at.
final class EvaluationLog: @unchecked Sendable {
    /// Cases with more coordinates than this are not recorded (the step-sized one).
    static let largestRecordedPoint = 16
    /// Evaluations kept per run (a right checker makes 2 per coordinate).
    static let kept = 256

    private let lock = NSLock()
    private var recording = false
    private var points: [[Double]] = []
    private var count = 0

    /// Starts a run of the checker (on one case).
    func start(recording: Bool) {
        lock.withLock {
            self.recording = recording
            points = []
            count = 0
        }
    }

    /// One evaluation of the function (the checker may evaluate from several threads).
    func record(_ θ: [Double]) {
        lock.withLock {
            guard recording else { return }
            count += 1
            if points.count < Self.kept { points.append(θ) }
        }
    }

    /// The lines that say where the last run evaluated the function, relative to `point`.
    func note(point: [Double], step: Double) -> [String] {
        let (recorded, evaluated, total) = lock.withLock { (recording, points, count) }
        guard recorded else { return [] }
        return EvaluationReading(point: point, step: step, evaluated: evaluated, total: total).lines
    }
}

/// What the evaluation points of one run say about the checker.
struct EvaluationReading {
    var point: [Double]
    var step: Double
    var evaluated: [[Double]]
    var total: Int

    /// The coordinates an evaluation moved away from the point, with how far.
    func moves(_ θ: [Double]) -> [(index: Int, offset: Double)] {
        θ.indices.compactMap { i in
            let offset = θ[i] - point[i]
            return abs(offset) > 1e-6 * step ? (i, offset) : nil
        }
    }

    /// "θ + 0.1·e₀ − 0.1·e₂", with ±step said as step.
    func described(_ θ: [Double]) -> String {
        moves(θ).reduce("θ") { text, move in
            let size = isStep(move.offset) ? step : abs(move.offset)
            let sign = move.offset > 0 ? " + " : " − "
            return text + sign + shortNumber(size) + "·e" + subscripted(move.index)
        }
    }

    func isStep(_ offset: Double) -> Bool { abs(abs(offset) - step) <= 1e-6 * step }

    var lines: [String] {
        let shown = evaluated.prefix(6).map(described).joined(separator: ", ")
        let header = total == 0 ? "your checker never evaluated f"
            : "your checker evaluated f \(total) time\(total == 1 ? "" : "s") (central differences "
                + "need 2 per coordinate, at θ ± ε·eᵢ with ε = step = \(shortNumber(step))): "
                + shown + (total > 6 ? ", …" : "")
        return [header, "  " + finding]
    }

    /// The first thing wrong with the points, or that they are right.
    var finding: String {
        if let wrongSize = evaluated.first(where: { $0.count != point.count }) {
            return "f was evaluated at a point with \(wrongSize.count) coordinates; "
                + "θ has \(point.count)"
        }
        if let moved = evaluated.first(where: { moves($0).count > 1 }) {
            return "f was evaluated at \(described(moved)): \(moves(moved).count) coordinates "
                + "moved at once. Put each coordinate back after its two evaluations."
        }
        if let offStep = evaluated.first(where: { moves($0).contains { !isStep($0.offset) } }) {
            return "f was evaluated at \(described(offStep)), but step = \(shortNumber(step)): "
                + "each coordinate moves by exactly ±step, whatever its value."
        }
        let probes = Set(evaluated.compactMap { θ in
            moves(θ).first.map { "\($0.index)\($0.offset > 0)" }
        })
        for i in point.indices {
            for above in [true, false] where !probes.contains("\(i)\(above)") {
                return "f was never evaluated at θ \(above ? "+" : "−") \(shortNumber(step))·e"
                    + subscripted(i) + ": central differences need both sides of every coordinate."
            }
        }
        return "these are the right points (θ ± step·eᵢ for every i): check how you combine the "
            + "values of f, and which entry each one goes to."
    }

    func subscripted(_ index: Int) -> String {
        let digits = Array("₀₁₂₃₄₅₆₇₈₉")
        return String(String(index).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }
}
