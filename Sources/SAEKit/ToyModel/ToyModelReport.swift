// What `swift run step1` prints, section by section. Each function returns lines; the step decides
// the order. Numbers are printed with fixed decimals so the chapter can quote them.

/// The terminal report of a trained toy model.
public struct ToyModelReport {
    public let trained: TrainedToyModel
    public let metrics: SuperpositionMetrics
    public let style: TerminalStyle

    public init(trained: TrainedToyModel, metrics: SuperpositionMetrics, style: TerminalStyle) {
        self.trained = trained
        self.metrics = metrics
        self.style = style
    }

    /// What is about to be trained (printed before training starts).
    public static func plan(
        _ config: ToyModelConfig, preset: String, seed: UInt64, style: TerminalStyle
    ) -> [String] {
        [
            style.bold("Step 1 · the toy model of superposition (Elhage et al. 2022)"),
            "\(preset): \(config.features) features → \(config.hidden) hidden dims, each feature "
                + "on with p = \(config.featureProbability), "
                + "importance \(config.importanceDecay)^i",
            "training x' = ReLU(WᵀWx + b) with AdamW (lr \(config.learningRate), "
                + "\(config.decay.rawValue), weight decay \(config.weightDecay)): "
                + "\(config.steps) steps × \(config.batchSize) samples, seed \(seed)"
        ]
    }

    /// The loss curve as a sparkline and the final loss.
    public var training: [String] {
        let curve = trained.lossCurve
        let head = curve.prefix(max(1, curve.count / 100)),
            tail = curve.suffix(max(1, curve.count / 100))
        let first = head.reduce(0, +) / Double(head.count),
            last = tail.reduce(0, +) / Double(tail.count)
        return [
            "",
            "Training loss  \(formatFixed(first, decimals: 4)) → "
                + "\(formatFixed(last, decimals: 4))   "
                + Sparkline.render(curve, width: 32, logarithmic: true)
                + style.dim("  (log scale)"),
            "Loss on \(toyModelEvaluationSamples) fresh samples: "
                + "\(formatFixed(trained.finalLoss, decimals: 6))"
        ]
    }

    /// WᵀW as a shaded grid.
    public var gram: [String] {
        let gram = trained.model.W.transposedMatmul(trained.model.W)
        let heatmap = TerminalHeatmap(matrix: gram)
        return [
            "",
            style.bold("WᵀW")
                + ": entry (i, j) = W_i·W_j, how much feature j shows up when reading feature i"
        ]
            + heatmap.lines(style: style).map { "  " + $0 } + ["  " + heatmap.legend(style: style)]
    }

    /// One row per feature: importance, norm, interference, dimensionality, verdict. A dropped
    /// feature's column is noise of norm ≈ 0: its direction, and so its interference, mean nothing
    /// and are not shown.
    public var features: [String] {
        let importance = trained.config.importance
        var lines = ["", style.bold("feature  importance   ‖W_i‖   interference    D_i")]
        for i in metrics.featureNorms.indices {
            let represented = metrics.featureNorms[i] > SuperpositionMetrics.representedNorm
            let superposed = metrics.superposedFeatures.contains(i)
            let verdict =
                !represented
                ? style.dim("dropped")
                : superposed ? style.yellow("superposed") : style.green("own dimension")
            lines.append(
                leftPad("\(i)", 7) + leftPad(formatFixed(importance[i], decimals: 3), 12)
                    + leftPad(formatFixed(metrics.featureNorms[i], decimals: 3), 8)
                    + leftPad(
                        represented ? formatFixed(metrics.interference[i], decimals: 3) : "–", 15)
                    + leftPad(formatFixed(metrics.featureDimensionality[i], decimals: 3), 7) + "  "
                    + verdict)
        }
        let represented = Set(metrics.representedFeatures)
        let dropped = metrics.featureNorms.indices.filter { !represented.contains($0) }
        if let largest = dropped.map({ metrics.featureNorms[$0] }).max() {
            let norm =
                largest < 0.001
                ? formatScientific(largest, digits: 0) : formatFixed(largest, decimals: 3)
            lines.append(
                style.dim(
                    "  (a dropped feature's column has norm "
                        + "\(norm)\(dropped.count > 1 ? " at most" : ""): "
                        + "its direction is leftover noise, so its interference is not shown)"))
        }
        return lines
    }

    /// The headline: how many features, how many dimensions each, which pairs share one.
    public var summary: [String] {
        let config = trained.config
        let represented = metrics.representedFeatures.count
        let squaredNorm = trained.model.W.squaredFrobeniusNorm
        var lines = [
            "",
            "Represented: \(represented) of \(config.features) features (‖W_i‖ > "
                + "\(SuperpositionMetrics.representedNorm)); "
                + "\(metrics.superposedFeatures.count) share their direction (interference > "
                + "\(SuperpositionMetrics.superposedInterference)).",
            "Dimensions per feature D* = m / ‖W‖²_F = \(config.hidden) / "
                + "\(formatFixed(squaredNorm, decimals: 2)) = "
                + "\(formatFixed(metrics.dimensionsPerFeature, decimals: 3)); "
                + "represented features per dimension: \(represented) / \(config.hidden) = "
                + formatFixed(Double(represented) / Double(config.hidden), decimals: 2) + "."
        ]
        // ‖W‖²_F counts a represented feature as 1 only when its norm is 1; say so when they are
        // not.
        let norms = metrics.representedFeatures.map { metrics.featureNorms[$0] }
        let meanSquare = norms.map { $0 * $0 }.reduce(0, +) / Double(max(1, norms.count))
        if !norms.isEmpty && abs(meanSquare - 1) > 0.1 {
            lines.append(
                style.dim(
                    "  (the represented features' ‖W_i‖² average "
                        + "\(formatFixed(meanSquare, decimals: 2)), "
                        + "not 1: ‖W‖²_F overcounts them and D* reads low by that factor;"))
            lines.append(style.dim("   the per-feature D_i above are the measure to trust)"))
        }
        let pairs = SuperpositionMetrics.antipodalPairs(
            trained.model.W, among: metrics.representedFeatures)
        if !pairs.isEmpty {
            lines.append(
                "Antipodal pairs (cos < \(SuperpositionMetrics.antipodalCosine)): "
                    + pairs.map { "\($0.0)↔\($0.1)" }.joined(separator: " ")
                    + " — each pair shares one dimension.")
        }
        return lines
    }

    /// Which features each hidden neuron carries.
    public var neurons: [String] {
        let shares = NeuronFeatureShares(W: trained.model.W)
        let represented = metrics.representedFeatures
        let polysemantic = shares.polysemanticNeurons(among: represented)
        var lines = [
            "",
            "Hidden neurons (rows of W): \(polysemantic.count) of \(trained.config.hidden) are "
                + "polysemantic "
                + "(two or more features each carry ≥ \(Int(shares.shareThreshold * 100))% of the "
                + "neuron's squared weight):"
        ]
        for j in 0..<trained.config.hidden {
            let carried = shares.features(ofNeuron: j, among: represented)
            lines.append(
                "  neuron \(j): "
                    + (carried.isEmpty
                        ? "no represented feature"
                        : carried.map { "\($0) (\(Int((shares.shares[j][$0] * 100).rounded()))%)" }
                            .joined(separator: ", ")))
        }
        lines.append(
            style.dim(
                "  (the hidden layer is linear, so its basis is not privileged: any rotation of W "
                    + "is the same model)"
            ))
        return lines
    }
}
