// The sparsity–fidelity frontier of several SAE families on the same data: L0 against normalised
// MSE (and MMCS). A family's frontier is its non-dominated set: the runs that no other run of the
// same family beats on both axes at once (no more latents and no more error, one of them strictly
// less). A dominated run is still shown, as dominated, but never used to compare families. Inside
// the L0 range the baseline family's frontier covers, a point wins when its NMSE is below the
// frontier's at the same L0, interpolated between the two nearest frontier points (linearly in L0,
// logarithmically in NMSE, as the figure draws it). Outside that range, Pareto dominance decides: a
// point loses to a frontier point with no more latents and no more error, and wins over one with no
// fewer latents and no less error.

import Foundation

/// The trained points of each family.
public struct Frontier: Sendable {
    /// Family name ("L1", "TopK", "BatchTopK") and its points, sorted by L0.
    public var families: [(name: String, points: [Scorecard])]

    public init(_ scorecards: [Scorecard]) {
        var names: [String] = []
        for card in scorecards where !names.contains(card.family) { names.append(card.family) }
        families = names.map { name in
            (name, scorecards.filter { $0.family == name }.sorted { $0.metrics.l0 < $1.metrics.l0 })
        }
    }

    public func points(of family: String) -> [Scorecard] {
        families.first { $0.name == family }?.points ?? []
    }

    /// `family`'s non-dominated points, sorted by L0.
    public func frontier(of family: String) -> [Scorecard] {
        let all = points(of: family)
        return nonDominated(all.map(\.position)).map { all[$0] }
    }

    /// The first point of its own family (by L0) that beats `card` on both axes; nil when `card` is
    /// on the frontier.
    public func dominator(of card: Scorecard) -> Scorecard? {
        points(of: card.family).first { paretoDominates($0.position, card.position) }
    }

    /// `family`'s frontier NMSE at `l0`, interpolated; nil outside the L0 range its frontier spans.
    public func interpolatedNMSE(of family: String, at l0: Double) -> Double? {
        interpolateLogarithmically(
            frontier(of: family).map { ($0.position.l0, $0.position.nmse) }, at: l0)
    }

    /// One comparison per point of `challenger`: its NMSE against `baseline`'s frontier at the same
    /// L0.
    public func comparisons(
        _ challenger: String, against baseline: String
    ) -> [FrontierComparison] {
        let front = frontier(of: baseline)
        return points(of: challenger).map { card in
            compareWithFrontier(
                card.name, at: card.position, frontier: front.map { ($0.name, $0.position) },
                dominatedBy: dominator(of: card)?.name)
        }
    }
}

/// A point of one family against another family's frontier at the same L0.
public struct FrontierComparison: Sendable, Equatable {
    public var name: String
    public var l0: Double
    public var nmse: Double
    /// The other family's frontier NMSE at this L0 (nil: outside the L0 range it covers).
    public var baselineNMSE: Double?
    /// True when this point wins, false when it loses, nil when neither (outside the range, no
    /// Pareto relation).
    public var dominates: Bool?
    /// Outside the range: the baseline point that settles it by Pareto dominance.
    public var witness: String?
    /// A run of this point's own family with no more latents and no more error (nil: on its
    /// family's frontier).
    public var dominatedBy: String?
}

// MARK: - The maths, on plain points

extension Scorecard {
    /// (L0, normalised MSE): where this run sits on the frontier plot.
    var position: (l0: Double, nmse: Double) { (metrics.l0, fidelity.normalisedMSE) }
}

/// Whether `a` beats `b` on both axes: no more latents and no more error, and strictly less of one.
func paretoDominates(_ a: (l0: Double, nmse: Double), _ b: (l0: Double, nmse: Double)) -> Bool {
    a.l0 <= b.l0 && a.nmse <= b.nmse && (a.l0 < b.l0 || a.nmse < b.nmse)
}

/// Whether `a` has no more latents and no more error than `b` (equal counts).
func noWorse(_ a: (l0: Double, nmse: Double), than b: (l0: Double, nmse: Double)) -> Bool {
    a.l0 <= b.l0 && a.nmse <= b.nmse
}

/// The indices of the points no other point dominates, ordered by L0 (ties by NMSE, then index).
// points: [(l0, nmse)]  ->  [indices]
public func nonDominated(_ points: [(l0: Double, nmse: Double)]) -> [Int] {
    points.indices.filter { i in !points.indices.contains { paretoDominates(points[$0], points[i]) }
    }
        .sorted { (points[$0].l0, points[$0].nmse, $0) < (points[$1].l0, points[$1].nmse, $1) }
}

/// One point against a baseline frontier (non-dominated points, sorted by L0): inside the
/// frontier's L0 range by interpolated NMSE, outside it by Pareto dominance.
// frontier: [(name, (l0, nmse))]
public func compareWithFrontier(_ name: String, at point: (l0: Double, nmse: Double),
                                frontier: [(name: String, position: (l0: Double, nmse: Double))],
                                dominatedBy: String? = nil) -> FrontierComparison {
    let curve = frontier.map { (x: $0.position.l0, y: $0.position.nmse) }
    let baseline = interpolateLogarithmically(curve, at: point.l0)
    var comparison = FrontierComparison(
        name: name, l0: point.l0, nmse: point.nmse, baselineNMSE: baseline,
        dominatedBy: dominatedBy)
    if let baseline {
        comparison.dominates = point.nmse < baseline
    } else if let better = frontier.first(where: { noWorse($0.position, than: point) }) {
        comparison.dominates = false
        comparison.witness = better.name
    } else if let worse = frontier.last(where: { noWorse(point, than: $0.position) }) {
        comparison.dominates = true
        comparison.witness = worse.name
    }
    return comparison
}

/// y at x on the polyline through `points` (sorted by x), linear in x and in log y; nil outside.
// points: [(x, y)] with y > 0
func interpolateLogarithmically(_ points: [(x: Double, y: Double)], at x: Double) -> Double? {
    guard let first = points.first, let last = points.last, x >= first.x, x <= last.x else {
        return nil
    }
    for (left, right) in zip(points, points.dropFirst()) where x >= left.x && x <= right.x {
        guard right.x > left.x else { return min(left.y, right.y) }
        if x == left.x { return left.y }                            // exactly, not through exp(log)
        if x == right.x { return right.y }
        let t = (x - left.x) / (right.x - left.x)
        guard left.y > 0, right.y > 0 else { return left.y + t * (right.y - left.y) }
        return exp(log(left.y) + t * (log(right.y) - log(left.y)))
    }
    return last.y
}
