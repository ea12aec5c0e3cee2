// What `swift run step5` prints: the ordered cosine heatmap, MMCS both ways, the matching,
// duplicates and dead latents, monosemanticity against the neurons, and the causal table.

/// Step 5's terminal sections.
public struct FeatureMatchingReport {
    public let analysis: FeatureMatchingAnalysis
    public let style: TerminalStyle

    public init(analysis: FeatureMatchingAnalysis, style: TerminalStyle) {
        self.analysis = analysis
        self.style = style
    }

    /// The cosine matrix, latents ordered by their matched feature so a good SAE reads as a
    /// diagonal. Only the present features are columns: a dropped feature's direction is leftover
    /// noise.
    public var heatmap: [String] {
        let order = analysis.displayOrder
        let matrix = analysis.presentCosines.selectingRows(order)
        let heatmap = TerminalHeatmap(
            matrix: matrix, rowLabels: order.map { "latent \($0)" },
            columnLabels: analysis.presentFeatures.map(String.init), limit: 1)
        var lines = [
            "",
            style.bold("Cosines")
                + ": decoder directions (rows, ordered by matched feature) × true directions "
                + "(columns)"
        ]
        lines +=
            heatmap.lines(style: style).map { "  " + $0 } + ["  " + heatmap.legend(style: style)]
        let absent = analysis.absentFeatures
        if !absent.isEmpty {
            let largest = analysis.directionNorms.max() ?? 1
            let one = absent.count == 1
            lines.append(
                "  left out: feature" + (one ? " " : "s ")
                    + absent.map { "\($0.feature)" }.joined(separator: ", ")
                    + ", whose direction" + (one ? " has norm " : "s have norms ")
                    + absent.map { formatScientific($0.norm, digits: 0) }.joined(separator: ", ")
                    + " (the largest: \(formatFixed(largest, decimals: 2))) —")
            let them = one ? "it" : "them"
            lines.append(
                "  the data does not represent \(them), so MMCS and the matching leave \(them) "
                    + "out too"
            )
        }
        return lines
    }

    /// MMCS, matching, duplicates, dead latents.
    public var geometry: [String] {
        let a = analysis
        var lines = [
            "",
            "MMCS true → learned \(formatFixed(a.mmcs.trueToLearned, decimals: 4)) (every "
                + "feature's best latent); "
                + "learned → true \(formatFixed(a.mmcs.learnedToTrue, decimals: 4)) (every alive "
                + "latent's best feature)",
            "One-to-one matching (Hungarian): \(a.matched(atLeast: 0.99)) of "
                + "\(a.presentFeatures.count) features at cos ≥ 0.99, "
                + "\(a.matched(atLeast: 0.9)) at ≥ 0.9"
        ]
        if !a.duplicates.isEmpty {
            let pairs = a.duplicates.map {
                "latent \($0.latent) → feature \($0.feature) "
                    + "(\(formatFixed($0.cosine, decimals: 2)))"
            }
            lines.append(
                "Duplicates (a second latent for a matched feature, cos ≥ 0.9): "
                    + pairs.joined(separator: ", "))
        }
        let dead = a.deadLatents
        let named = dead.isEmpty ? "" : " (latent" + (dead.count == 1 ? " " : "s ")
            + dead.map(String.init).joined(separator: ", ") + ")"
        lines.append(
            "Dead latents (never fire on the data): \(dead.count) of \(a.cosines.rows)" + named)
        let split = a.l0Split
        let (total, matched, others) = (split.matched + split.others, split.matched, split.others)
        lines.append(
            "L0 \(formatFixed(total, decimals: 2)) per sample: "
                + "\(formatFixed(matched, decimals: 2)) from the "
                + "\(a.matches.count) matched latents, \(formatFixed(others, decimals: 2)) from "
                + "the other "
                + "\(a.cosines.rows - a.matches.count)")
        return lines
    }

    /// Selectivity of the matched latents against the hidden neurons.
    public var behaviour: [String] {
        let a = analysis
        let matched = a.matches.map { a.latentSelectivity.values[$0.latent] }
        let neurons = a.neuronSelectivity.values
        guard a.latentResponses.values.contains(where: { $0 != 0 }) else {
            return [
                "",
                "Monosemanticity: no sample has exactly one feature on, so responses to single "
                    + "features cannot be measured here"
            ]
        }
        return [
            "",
            style.bold("Monosemanticity")
                + " (mean activation when only feature i is on; selectivity = largest / sum):",
            "  matched latents: selectivity min \(formatFixed(matched.min() ?? 0, decimals: 3)), "
                + "median \(formatFixed(median(matched), decimals: 3))"
                + (matched.allSatisfy { $0 >= 0.9 } ? " — each fires for one feature" : ""),
            "  hidden neurons:  selectivity min \(formatFixed(neurons.min() ?? 0, decimals: 3)), "
                + "median \(formatFixed(median(neurons), decimals: 3))"
                + " — each responds to several features"
        ]
    }

    /// The causal table.
    public func causal(_ rows: [CausalRow], alphas: [Double]) -> [String] {
        var lines = [
            "",
            style.bold("Causal checks")
                + " through the toy model's read-out, the hidden state replaced by the SAE's "
                + "reconstruction:",
            "  feature  latent  ablation drop  with duplicates  control: drop  "
                + leftPad("steering α " + tickLabel(alphas.first ?? 0) + "→"
                          + tickLabel(alphas.last ?? 0), 14)
                + "  others move"
        ]
        for row in rows {
            let group =
                row.duplicates.isEmpty
                ? "–"
                : "+" + row.duplicates.map(String.init).joined(separator: ",") + ": "
                    + formatFixed(100 * row.groupDrop, decimals: 1) + "%"
            lines.append(
                leftPad("\(row.feature)", 9) + leftPad("\(row.latent)", 8)
                    + leftPad(formatFixed(100 * row.effect.drop, decimals: 1) + "%", 15)
                    + leftPad(group, 17)
                    + leftPad("\(row.control): "
                              + formatFixed(100 * row.effect.controlDrop, decimals: 1) + "%", 15)
                    + leftPad(formatFixed(row.steered.first ?? 0, decimals: 2) + " → "
                              + formatFixed(row.steered.last ?? 0, decimals: 2), 14)
                    + " " + (row.monotone ? style.green("↑") : style.red("✗"))
                    + leftPad("≤ " + formatFixed(row.largestOtherChange, decimals: 2), 12))
        }
        return lines
    }
}

/// The median of some values (0 when empty).
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
