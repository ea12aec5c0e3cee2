// What steps 3 and 4 print about an SAE, section by section (lines; the step decides the order).

/// Terminal sections about an SAE.
public struct SAEReport {
    public let style: TerminalStyle

    public init(style: TerminalStyle) { self.style = style }

    /// Sizes and shapes of an SAE with `d` inputs and `h` latents.
    public func architecture(inputDims d: Int, latents h: Int, l1Coefficient: Double) -> [String] {
        [
            "SAE: d = \(d) → h = \(h) latents, λ = \(l1Coefficient); W_enc [\(d), \(h)], b_enc "
                + "[\(h)], W_dec [\(h), \(d)], b_dec [\(d)]"
        ]
    }

    /// The loss terms of a batch.
    public func lossTerms(
        _ terms: SAELossTerms, l1Coefficient: Double, latents: Int, samples: Int, title: String
    ) -> [String] {
        [
            "",
            style.bold(title)
                + " (\(samples) samples; sums over dimensions and latents, means over samples):",
            "  reconstruction ‖a − â‖²   "
                + leftPad(formatFixed(terms.reconstruction, decimals: 5), 10),
            "  L1 ‖f‖₁                   " + leftPad(formatFixed(terms.l1, decimals: 5), 10)
                + "   × λ = " + formatFixed(l1Coefficient * terms.l1, decimals: 5),
            "  total                     " + leftPad(formatFixed(terms.total, decimals: 5), 10),
            "  L0 (latents active)       " + leftPad(formatFixed(terms.l0, decimals: 2), 10)
                + " of \(latents)"
        ]
    }

    /// The gradient check table.
    public func gradientCheck(
        _ rows: [GradientCheckRow], step: Double, threshold: Double = 1e-6
    ) -> [String] {
        var lines = [
            "",
            style.bold("Gradient check")
                + ": analytic gradients against central differences (ε = "
                + "\(formatScientific(step, digits: 0)))",
            "  parameter  entries  max |analytic − numeric|  relative error"
        ]
        for row in rows {
            let ok = row.relativeError < threshold
            lines.append(
                "  " + rightPad(row.parameter, 9) + leftPad("\(row.entries)", 9)
                    + leftPad(formatScientific(row.maxAbsoluteError), 26)
                    + leftPad(formatScientific(row.relativeError), 16) + "  "
                    + (ok ? style.green("✓") : style.red("✗")))
        }
        let worst = rows.map(\.relativeError).max() ?? 0
        lines.append(
            worst < threshold
                ? "  every parameter below \(formatScientific(threshold, digits: 0))"
                : style.red(
                    "  above \(formatScientific(threshold, digits: 0)): the analytic gradient is "
                        + "wrong (or a pre-activation sits on the ReLU's kink)"
                ))
        return lines
    }

    /// Two lines on the check's error against its step ε (step 3's figure): each scheme's best ε.
    public func errorsAgainstStep(_ points: [GradientCheckStepError]) -> [String] {
        guard let central = points.min(by: { $0.central < $1.central }),
              let oneSided = points.min(by: { $0.oneSided < $1.oneSided }) else { return [] }
        return ["  against ε (gradient-check.svg): central differences at best "
                    + "\(formatScientific(central.central)) (ε = \(formatShortest(central.step))),",
                "  one-sided ones at best \(formatScientific(oneSided.oneSided)) "
                    + "(ε = \(formatShortest(oneSided.step)))"]
    }

    /// The scaling "cheat" table: decoder rows ×c, codes ÷c.
    public func cheat(_ rows: [(scale: Double, terms: SAELossTerms)]) -> [String] {
        var lines = [
            "",
            style.bold("The cheat a unit-norm decoder prevents")
                + ": scale decoder rows by c and codes by 1/c",
            "       c   ‖W_dec row‖   reconstruction         L1       total"
        ]
        for row in rows {
            lines.append(
                leftPad(tickLabel(row.scale), 8) + leftPad(formatFixed(row.scale, decimals: 2), 14)
                    + leftPad(formatFixed(row.terms.reconstruction, decimals: 5), 17)
                    + leftPad(formatFixed(row.terms.l1, decimals: 5), 11)
                    + leftPad(formatFixed(row.terms.total, decimals: 5), 12))
        }
        lines.append(
            "  The reconstruction is the same; the L1 term falls by c. Without a fixed decoder "
                + "norm the optimiser"
        )
        lines.append(
            "  would shrink the codes instead of making them sparse, so every step renormalises "
                + "the decoder rows."
        )
        return lines
    }

    /// What a free decoder norm did: the rows' norms, and the penalty the codes pay against what
    /// they would pay with unit-norm rows.
    public func freeDecoderNorm(
        _ summary: DecoderNormSummary, l1Coefficient λ: Double
    ) -> [String] {
        let effective = formatFixed(summary.effectiveL1Coefficient(λ), decimals: 3)
        let (smallest, largest) = (
            formatFixed(summary.smallest, decimals: 2), formatFixed(summary.largest, decimals: 2)
        )
        return [
            "",
            style.bold("Free decoder norm") + ": the rows of the latents that fire have norms "
                + "\(smallest)–\(largest) (mean \(formatFixed(summary.mean, decimals: 2))); the "
                + "codes shrank to match",
            "  L1 the loss charges, ‖f‖₁ per sample:          "
                + leftPad(formatFixed(summary.l1, decimals: 4), 8),
            "  the same codes with unit-norm rows, Σ f_j‖w_j‖: "
                + leftPad(formatFixed(summary.unitNormL1, decimals: 4), 8),
            "  so the SAE pays λ = \(formatCompact(λ, decimals: 4)) as if it were \(effective): "
                + "its lower error is a weaker penalty, not a better dictionary"
        ]
    }

    /// Reconstruction, sparsity and (when the truth is known) recovery of a trained SAE.
    public func evaluation(
        _ metrics: ReconstructionMetrics, recovery: FeatureRecovery?, trueL0: Double?, latents: Int
    ) -> [String] {
        var lines = [
            "", style.bold("Evaluated on the whole dataset"),
            "  reconstruction: MSE \(formatFixed(metrics.mse, decimals: 5)), normalised MSE "
                + "\(formatFixed(metrics.normalisedMSE, decimals: 4)), "
                + "explained variance "
                + "\(formatFixed(100 * metrics.explainedVariance, decimals: 2))%",
            "  sparsity: L0 \(formatFixed(metrics.l0, decimals: 2))"
                + (trueL0.map { " (the data's true L0: \(formatFixed($0, decimals: 2)))" } ?? "")
                + ", dead latents \(metrics.deadLatents.count) of \(latents)"
        ]
        guard let recovery else {
            lines.append("  recovery: no ground truth for this data, so no MMCS")
            return lines
        }
        let best = recovery.bestCosines
        lines.append(
            "  recovery: MMCS \(formatFixed(recovery.mmcs, decimals: 4)); "
                + "\(recovery.recovered(atLeast: 0.99)) of \(best.count) true features at cos ≥ "
                + "0.99, "
                + "\(recovery.recovered(atLeast: 0.9)) at ≥ 0.9 (median "
                + "\(formatFixed(recovery.medianBestCosine, decimals: 3)))"
        )
        let shown = recovery.presentFeatures.prefix(16)
        lines.append("    feature  " + shown.map { leftPad("\($0)", 6) }.joined())
        lines.append(
            "    best cos "
                + shown.indices.map { leftPad(formatFixed(best[$0], decimals: 3), 6) }.joined())
        if recovery.presentFeatures.count > 16 {
            lines.append("    … \(recovery.presentFeatures.count - 16) more in metrics.json")
        }
        return lines
    }
}

/// The data's true L0: the mean number of present features active per sample.
// codes: [N, n]
public func trueL0(_ codes: Matrix, presentFeatures: [Int]) -> Double {
    Double(activeFeatureCounts(codes, presentFeatures: presentFeatures).reduce(0, +))
        / Double(max(1, codes.rows))
}

/// For each sample, how many present true features are on.
// codes: [N, n]  ->  [N]
public func activeFeatureCounts(_ codes: Matrix, presentFeatures: [Int]) -> [Int] {
    let present = Set(presentFeatures)
    return (0..<codes.rows).map { r in
        (0..<codes.cols).filter { codes[r, $0] != 0 && present.contains($0) }.count
    }
}
