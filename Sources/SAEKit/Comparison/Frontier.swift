// The sparsity–fidelity frontier of several SAE families on the same data: L0 against normalised MSE
// (and MMCS). Inside the L0 range the baseline family covers, a point wins when its NMSE is below
// the baseline's at the same L0, interpolated between the two nearest baseline points (linearly in
// L0, logarithmically in NMSE, as the figure draws it). Outside that range, Pareto dominance
// decides: a point loses to a baseline point with no more latents and no more error, and wins over
// one with no fewer latents and no less error.

import Foundation

/// The trained points of each family.
public struct Frontier: Sendable {
    /// Family name ("L1", "TopK", "BatchTopK") and its points, sorted by L0.
    public var families: [(name: String, points: [Scorecard])]

    public init(_ scorecards: [Scorecard]) {
        var names: [String] = []
        for card in scorecards where !names.contains(card.family) { names.append(card.family) }
        families = names.map { name in (name, scorecards.filter { $0.family == name }.sorted { $0.metrics.l0 < $1.metrics.l0 }) }
    }

    public func points(of family: String) -> [Scorecard] { families.first { $0.name == family }?.points ?? [] }

    /// `family`'s NMSE at `l0`, interpolated; nil outside the L0 range its points span.
    public func interpolatedNMSE(of family: String, at l0: Double) -> Double? {
        interpolateLogarithmically(points(of: family).map { ($0.metrics.l0, $0.fidelity.normalisedMSE) }, at: l0)
    }

    /// One comparison per point of `challenger`: its NMSE against `baseline`'s at the same L0.
    public func comparisons(_ challenger: String, against baseline: String) -> [FrontierComparison] {
        let others = points(of: baseline)
        return points(of: challenger).map { card in
            let (l0, nmse) = (card.metrics.l0, card.fidelity.normalisedMSE)
            var comparison = FrontierComparison(name: card.name, l0: l0, nmse: nmse, baselineNMSE: interpolatedNMSE(of: baseline, at: l0))
            if let baselineNMSE = comparison.baselineNMSE {
                comparison.dominates = nmse < baselineNMSE
            } else if let better = others.first(where: { $0.metrics.l0 <= l0 && $0.fidelity.normalisedMSE <= nmse }) {
                comparison.dominates = false
                comparison.witness = better.name
            } else if let worse = others.last(where: { $0.metrics.l0 >= l0 && $0.fidelity.normalisedMSE >= nmse }) {
                comparison.dominates = true
                comparison.witness = worse.name
            }
            return comparison
        }
    }
}

/// A point of one family against another family's frontier at the same L0.
public struct FrontierComparison: Sendable {
    public var name: String
    public var l0: Double
    public var nmse: Double
    /// The other family's NMSE at this L0 (nil: outside the L0 range it covers).
    public var baselineNMSE: Double?
    /// True when this point wins, false when it loses, nil when neither (outside the range, no Pareto relation).
    public var dominates: Bool?
    /// Outside the range: the baseline point that settles it by Pareto dominance.
    public var witness: String?
}

/// y at x on the polyline through `points` (sorted by x), linear in x and in log y; nil outside.
// points: [(x, y)] with y > 0
func interpolateLogarithmically(_ points: [(x: Double, y: Double)], at x: Double) -> Double? {
    guard let first = points.first, let last = points.last, x >= first.x, x <= last.x else { return nil }
    for (left, right) in zip(points, points.dropFirst()) where x >= left.x && x <= right.x {
        guard right.x > left.x else { return min(left.y, right.y) }
        let t = (x - left.x) / (right.x - left.x)
        guard left.y > 0, right.y > 0 else { return left.y + t * (right.y - left.y) }
        return exp(log(left.y) + t * (log(right.y) - log(left.y)))
    }
    return last.y
}
