// Chapter 6 in the terminal: the side-by-side table at matched L0, shrinkage per true feature, dead
// latents with and without AuxK, and the frontier with where each family wins.

/// The terminal lines of step 6.
public struct ComparisonReport {
    public let style: TerminalStyle

    public init(style: TerminalStyle) { self.style = style }

    /// A normalised MSE readable at any size: 4 decimals, or scientific notation below 0.001.
    public static func nmse(_ value: Double) -> String {
        value != 0 && abs(value) < 1e-3
            ? formatScientific(value, digits: 1) : formatFixed(value, decimals: 4)
    }

    /// One row per measurement, one column per SAE.
    public func sideBySide(_ cards: [Scorecard], title: String) -> [String] {
        let width = max(12, (cards.map(\.name.count).max() ?? 0) + 2)
        func row(_ label: String, _ value: (Scorecard) -> String) -> String {
            "  " + rightPad(label, 24) + cards.map { leftPad(value($0), width) }.joined()
        }
        let latents = cards.first?.trained.autoencoder.latentCount ?? 0
        var lines = [
            "", style.bold(title),
            "  " + String(repeating: " ", count: 24)
                + cards.map { leftPad($0.name, width) }.joined()
        ]
        lines.append(row("L0") { formatFixed($0.metrics.l0, decimals: 2) })
        lines.append(row("normalised MSE") { Self.nmse($0.fidelity.normalisedMSE) })
        lines.append(
            row("explained variance") {
                formatFixed(100 * $0.fidelity.explainedVariance, decimals: 2) + "%"
            })
        if cards.allSatisfy({ $0.recovery != nil }) {
            lines.append(row("MMCS") { formatFixed($0.recovery!.mmcs, decimals: 4) })
            lines.append(
                row("features at cos ≥ 0.99") {
                    "\($0.recovery!.recovered(atLeast: 0.99))/\($0.recovery!.presentFeatures.count)"
                })
        }
        lines.append(row("dead latents (data)") { "\($0.metrics.deadLatents.count) of \(latents)" })
        if cards.allSatisfy({ $0.shrinkage != nil }) {
            lines.append(
                row("shrinkage ratio") { formatFixed($0.shrinkage!.meanRatio, decimals: 3) })
        }
        lines.append(
            row("reconstruction bias γ") { formatFixed($0.reconstructionBias, decimals: 3) })
        lines.append(row("training time") { formatFixed($0.seconds, decimals: 1) + "s" })
        return lines
    }

    /// Each matched feature's ratio, one row per SAE (the first 16 features; all of them are in
    /// metrics.json).
    public func shrinkagePerFeature(_ cards: [Scorecard]) -> [String] {
        guard let all = cards.first?.shrinkage?.pairs.map(\.feature).sorted() else { return [] }
        let features = all.prefix(16),
            more =
                all.count > features.count
                ? "  … \(all.count - features.count) more in metrics.json" : ""
        let width = max(12, (cards.map(\.name.count).max() ?? 0) + 2)
        var lines = [
            "",
            style.bold("Shrinkage per true feature")
                + " (Σ latent activation ÷ Σ true coefficient, where both are on; 1 = none)",
            "  " + rightPad("feature", width) + features.map { leftPad("\($0)", 6) }.joined() + more
        ]
        for card in cards {
            let ratios = Dictionary(
                card.shrinkage?.pairs.map { ($0.feature, $0.ratio) } ?? [],
                uniquingKeysWith: { a, _ in a })
            lines.append(
                "  " + rightPad(card.name, width)
                    + features.map {
                        leftPad(
                            ratios[$0].map { $0.isFinite ? formatFixed($0, decimals: 2) : "–" }
                                ?? "–", 6)
                    }.joined())
        }
        return lines
    }

    /// Dead latents of the same TopK SAE trained with and without AuxK.
    public func deadLatents(
        with: Scorecard, without: Scorecard, config: SAETrainingConfig
    ) -> [String] {
        let latents = with.trained.autoencoder.latentCount
        func row(_ label: String, _ card: Scorecard) -> String {
            "  " + rightPad(label, 14)
                + "\(card.deadAtEnd) of \(latents) dead at the end of training, "
                + "\(card.metrics.deadLatents.count) never fire on the data"
                + ", NMSE " + Self.nmse(card.fidelity.normalisedMSE)
                + (card.trained.deadCountFalls > 0
                    ? "; \(card.trained.deadCountFalls) came back during training"
                    : "")
        }
        var lines = [
            "",
            style.bold("Dead latents, \(with.name) with and without AuxK")
                + " (k_aux \(config.auxK), α "
                + "\(formatCompact(config.auxKCoefficient, decimals: 5)), dead = no firing for "
                + "\(config.deadWindow) steps)",
            row("with AuxK:", with), row("without:", without)
        ]
        if with.trained.deadCountFalls + without.trained.deadCountFalls > 0 {
            lines.append(
                style.dim(
                    "  (came back: the falls of the dead count, summed; a latent silent for the "
                        + "window "
                        + "can fire again when b_dec or the other latents move, with or without "
                        + "AuxK)"
                ))
        }
        if with.trained.deadHistory.allSatisfy({ $0 == 0 })
            && without.trained.deadHistory.allSatisfy({ $0 == 0 })
        {
            lines.append(
                style.dim(
                    "  No latent died in either run, so AuxK had nothing to do; for a setting "
                        + "where they die, try --preset classifier --latents 256 --k 4"
                ))
        }
        return lines
    }

    /// The frontier table: every point, whether a run of its own family beats it on both axes, and
    /// the baseline frontier's NMSE at its L0.
    public func frontier(_ frontier: Frontier, baseline: String = "L1") -> [String] {
        var lines = [
            "",
            style.bold("The frontier") + " (one full training per point; \(baseline)'s NMSE "
                + "interpolated along its frontier, the runs no other \(baseline) run beats on "
                + "both axes)",
            "  " + rightPad("SAE", 16) + leftPad("L0", 6) + leftPad("NMSE", 9)
                + leftPad("MMCS", 8) + leftPad("\(baseline) at this L0", 15)
        ]
        for family in frontier.families {
            let comparisons =
                family.name == baseline ? nil : frontier.comparisons(family.name, against: baseline)
            for (index, card) in family.points.enumerated() {
                var line =
                    "  " + rightPad(card.name, 16)
                    + leftPad(formatFixed(card.metrics.l0, decimals: 2), 6)
                    + leftPad(Self.nmse(card.fidelity.normalisedMSE), 9)
                    + leftPad(card.recovery.map { formatFixed($0.mmcs, decimals: 4) } ?? "–", 8)
                let dominator = frontier.dominator(of: card).map {
                    style.dim("dominated by \($0.name)")
                }
                guard let comparison = comparisons?[index] else {
                    lines.append(line + (dominator.map { leftPad("", 15) + "  " + $0 } ?? ""))
                    continue
                }
                line += leftPad(comparison.baselineNMSE.map(Self.nmse) ?? "outside", 15)
                // Outside the baseline's L0 range, the witness settles it: a baseline run with
                // no fewer latents and no less error (the point wins), or no more of either.
                let pareto = comparison.witness.map {
                    comparison.dominates == true ? " (it dominates \($0))" : " (\($0) dominates it)"
                } ?? ""
                switch comparison.dominates {
                case true?: line += "  " + style.green("\(family.name) better") + pareto
                case false?: line += "  " + style.yellow("\(baseline) better") + pareto
                case nil: line += "  no \(baseline) point"
                }
                lines.append(line + (dominator.map { "; " + $0 } ?? ""))
            }
        }
        for family in frontier.families where family.name != baseline {
            lines.append(
                "  "
                    + verdict(
                        frontier.comparisons(family.name, against: baseline), family: family.name,
                        baseline: baseline))
        }
        return lines
    }

    /// One sentence: at which L0 the family beats the baseline, and at which it does not.
    func verdict(_ comparisons: [FrontierComparison], family: String, baseline: String) -> String {
        let l0s = { (list: [FrontierComparison]) in
            list.map { formatFixed($0.l0, decimals: 2) }.joined(separator: ", ")
        }
        let wins = comparisons.filter { $0.dominates == true },
            losses = comparisons.filter { $0.dominates == false }
        let outside = comparisons.filter { $0.dominates == nil }
        var parts: [String] = []
        if !wins.isEmpty { parts.append("\(family) beats \(baseline) at L0 \(l0s(wins))") }
        if !losses.isEmpty { parts.append("\(baseline) beats \(family) at L0 \(l0s(losses))") }
        if !outside.isEmpty {
            parts.append("at L0 \(l0s(outside)) there is no \(baseline) point to compare with")
        }
        return parts.joined(separator: "; ") + "."
    }
}
