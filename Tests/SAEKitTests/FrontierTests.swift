// The sparsity–fidelity frontier on hand-made points whose answers are known: which runs are
// non-dominated, and what a challenger is compared with (the frontier, never a dominated run).

@testable import SAEKit
import Foundation
import Testing

@Suite("Frontier: non-dominated runs and margins against them")
struct FrontierTests {
    /// Step 6's curriculum L1 runs, rounded: λ = 0.4 (the second) has more latents and more error
    /// than λ = 0.2 (the first).
    static let l1: [(l0: Double, nmse: Double)] = [
        (0.87, 0.0295), (0.89, 0.1098), (1.08, 0.0076), (1.12, 0.0019), (1.17, 4.9e-4),
    ]

    @Test func aRunWithMoreLatentsAndMoreErrorThanAnotherIsOffTheFrontier() {
        #expect(nonDominated(Self.l1) == [0, 2, 3, 4])
        #expect(paretoDominates(Self.l1[0], Self.l1[1]) && !paretoDominates(Self.l1[1], Self.l1[0]))
    }

    @Test func theFrontierIsSortedByL0AndKeepsTiesButNotTheWorseOfEqualL0s() {
        // Given out of order; (2, 0.3) loses to (2, 0.2) at the same L0; the two (3, 0.1) tie and
        // both stay; (4, 0.2) loses to them.
        let points: [(l0: Double, nmse: Double)] = [
            (3, 0.1), (2, 0.3), (1, 0.5), (2, 0.2), (3, 0.1), (4, 0.2),
        ]
        #expect(nonDominated(points) == [2, 3, 0, 4])
        // A run beaten by a run with fewer latents and the same error is dominated too.
        #expect(nonDominated([(1, 0.5), (2, 0.5)]) == [0])
        #expect(nonDominated([]) == [])
    }

    @Test func everyRunOffTheFrontierIsBeatenAndNoRunOnItIs() {
        var random = SeededGenerator(seed: 7)
        let points = (0..<40).map { _ in (l0: random.uniform() * 4, nmse: random.uniform()) }
        let front = Set(nonDominated(points))
        for i in points.indices {
            let beaten = points.indices.contains { paretoDominates(points[$0], points[i]) }
            #expect(beaten != front.contains(i), "point \(i) \(points[i])")
        }
        // Along the frontier, more latents always buy less error.
        let sorted = nonDominated(points).map { points[$0] }
        for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.l0 < b.l0 && a.nmse > b.nmse) }
    }

    /// The frontier (1, 0.1), (2, 0.01): at L0 1.5 its NMSE is √(0.1 · 0.01) = 0.0316 (linear in
    /// L0, logarithmic in NMSE).
    static let frontier: [(name: String, position: (l0: Double, nmse: Double))] = [
        ("a", (1, 0.1)), ("b", (2, 0.01)),
    ]

    @Test func insideTheRangeTheChallengerMeetsTheInterpolatedFrontier() throws {
        let win = compareWithFrontier("x", at: (1.5, 0.02), frontier: Self.frontier)
        #expect(abs(try #require(win.baselineNMSE) - 0.1.squareRoot() * 0.1) < 1e-12)
        #expect(win.dominates == true && win.witness == nil)
        let loss = compareWithFrontier("y", at: (1.5, 0.05), frontier: Self.frontier)
        #expect(loss.dominates == false && loss.witness == nil)
        let onAPoint = compareWithFrontier("z", at: (2, 0.01), frontier: Self.frontier)
        #expect(abs(try #require(onAPoint.baselineNMSE) - 0.01) < 1e-15)
        #expect(onAPoint.dominates == false, "equal is not better")
    }

    @Test func outsideTheRangeParetoDominanceDecidesOrNothingDoes() {
        let left = compareWithFrontier("cheap and good", at: (0.5, 0.05), frontier: Self.frontier)
        #expect(left.baselineNMSE == nil && left.dominates == true && left.witness == "a")
        let leftWorse = compareWithFrontier(
            "cheap and bad", at: (0.5, 0.2), frontier: Self.frontier)
        #expect(leftWorse.dominates == nil && leftWorse.witness == nil)
        let right = compareWithFrontier("dear and bad", at: (3, 0.05), frontier: Self.frontier)
        #expect(right.dominates == false && right.witness == "b")
        let rightBetter = compareWithFrontier(
            "dear and good", at: (3, 0.001), frontier: Self.frontier)
        #expect(rightBetter.dominates == nil && rightBetter.witness == nil)
    }

    @Test func aDominatedBaselineRunDoesNotInflateTheMargin() throws {
        // (1.2, 0.5) is beaten by (1, 0.1). Interpolating through it would put the baseline at
        // 0.5 · 0.02^0.375 = 0.115 at L0 1.5; the frontier says 0.0316.
        let runs: [(name: String, position: (l0: Double, nmse: Double))] = [
            ("a", (1, 0.1)), ("bad", (1.2, 0.5)), ("b", (2, 0.01)),
        ]
        let front = nonDominated(runs.map(\.position)).map { runs[$0] }
        #expect(front.map(\.name) == ["a", "b"])
        let curve = runs.map { (x: $0.position.l0, y: $0.position.nmse) }
        let naive = try #require(interpolateLogarithmically(curve, at: 1.5))
        #expect(abs(naive - 0.5 * pow(0.02, 0.375)) < 1e-12)
        let honest = compareWithFrontier("x", at: (1.5, 0.05), frontier: front)
        #expect(abs(try #require(honest.baselineNMSE) - 0.1.squareRoot() * 0.1) < 1e-12)
        #expect(
            honest.dominates == false, "0.05 beats the naive 0.115 but not the frontier's 0.0316")
    }
}
