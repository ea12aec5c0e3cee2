// What `swift run step2` prints about the data it collected, section by section.

/// The terminal report of a collected dataset.
public struct DatasetReport {
    public let dataset: ActivationDataset
    public let statistics: ActivationStatistics
    public let normalized: Bool
    public let style: TerminalStyle

    public init(
        dataset: ActivationDataset, statistics: ActivationStatistics, normalized: Bool,
        style: TerminalStyle
    ) {
        self.dataset = dataset
        self.statistics = statistics
        self.normalized = normalized
        self.style = style
    }

    /// The shapes of what was collected.
    public var shapes: [String] {
        var parts = ["activations [\(dataset.activations.rows), \(dataset.activations.cols)]"]
        if let codes = dataset.codes { parts.append("codes [\(codes.rows), \(codes.cols)]") }
        if let directions = dataset.directions {
            parts.append("directions [\(directions.rows), \(directions.cols)]")
        }
        if let labels = dataset.labels { parts.append("labels [\(labels.count)]") }
        return ["Collected in batches of \(collectionBatchSize): " + parts.joined(separator: ", ")]
    }

    /// Norms, active features, and the normalisation scale.
    public var statisticsLines: [String] {
        let norms = dataset.activations.rowNorms
        let d = dataset.activations.cols
        var lines = [
            "", style.bold("Activations") + " (\(dataset.activations.rows) samples, d = \(d))",
            "  ‖a‖: mean \(formatFixed(statistics.meanNorm, decimals: 3)), sd "
                + "\(formatFixed(statistics.normStandardDeviation, decimals: 3)), "
                + "max \(formatFixed(norms.max() ?? 0, decimals: 3))   "
                + Sparkline.render(histogram(norms.filter { $0 > 0 }, bins: 24), width: 24)
                + style.dim("  (histogram of the non-zero ones)")
        ]
        if let codes = dataset.codes {
            let fractions = activeFeatureDistribution(codes)
            let mean = fractions.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
            let bucket = { (k: Int) in k < fractions.count ? fractions[k] : 0 }
            let threePlus = fractions.dropFirst(3).reduce(0, +)
            lines.append(
                "  active features per sample: 0: \(percent(bucket(0)))  1: \(percent(bucket(1))) "
                    + " 2: \(percent(bucket(2)))  "
                    + "3+: \(percent(threePlus))   (mean \(formatFixed(mean, decimals: 2)))")
        }
        lines.append(
            "  normalisation (SAELens expected_average_only_in): scale = √d / E‖a‖ = "
                + "\(formatFixed(Double(d).squareRoot(), decimals: 3)) / "
                + "\(formatFixed(statistics.meanNorm, decimals: 3)) = "
                + "\(formatFixed(statistics.normalisationScale, decimals: 3))"
        )
        lines.append(
            normalized
                ? "  applied: activations.npy (and directions.npy) are scaled by it, so E‖a‖ = √d"
                : "  not applied (add --normalize to scale activations.npy and directions.npy by "
                    + "it)"
        )
        return lines
    }

    /// The neuron × feature (or neuron × class) response table and the polysemantic neurons.
    public func responseLines(_ responses: FeatureResponses, columnsAreClasses: Bool) -> [String] {
        let kind = columnsAreClasses ? "class" : "feature",
            kinds = columnsAreClasses ? "classes" : "features"
        let heatmap = TerminalHeatmap(matrix: responses.matrix)
        var lines =
            [
                "",
                style.bold("Neuron responses")
                    + ": mean activation of neuron j when \(kind) i is on, minus when it is off"
            ]
            + heatmap.lines(style: style).map { "  " + $0 } + ["  " + heatmap.legend(style: style)]
        let shares = NeuronFeatureShares(W: responses.matrix)
        let all = Array(0..<responses.matrix.cols)
        let polysemantic = shares.polysemanticNeurons(among: all)
        lines.append(
            "Polysemantic neurons: \(polysemantic.count) of \(responses.matrix.rows) respond to "
                + "two or more \(kinds) "
                + "(each ≥ \(Int(shares.shareThreshold * 100))% of the neuron's squared response)")
        for j in polysemantic.prefix(6) {
            lines.append(
                "  neuron \(j): \(kinds) "
                    + shares.features(ofNeuron: j, among: all).prefix(6).map(String.init).joined(
                        separator: ", "))
        }
        if polysemantic.count > 6 {
            lines.append("  … and \(polysemantic.count - 6) more (see responses.svg)")
        }
        return lines
    }

    /// How far the measured responses are from what they estimate (the toy model's W/2).
    public func responsesAgainst(_ expected: Matrix, _ responses: FeatureResponses) -> [String] {
        let largest = expected.values.map(abs).max() ?? 0,
            difference = responses.largestDifference(from: expected)
        return [
            "Against W/2 (chapter 1's W; an active feature averages 1/2): largest difference "
                + formatFixed(difference, decimals: 3) + ", entries up to "
                + formatFixed(largest, decimals: 3)
        ]
    }

    private func percent(_ fraction: Double) -> String {
        formatFixed(100 * fraction, decimals: 1) + "%"
    }
}

/// Counts of `values` in `bins` equal-width bins between their minimum and maximum.
public func histogram(_ values: [Double], bins: Int) -> [Double] {
    guard let lower = values.min(), let upper = values.max(), upper > lower, bins > 0 else {
        return [Double(values.count)]
    }
    var counts = [Double](repeating: 0, count: bins)
    for value in values {
        counts[min(bins - 1, Int((value - lower) / (upper - lower) * Double(bins)))] += 1
    }
    return counts
}
