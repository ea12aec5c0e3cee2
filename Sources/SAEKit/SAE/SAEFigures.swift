// Step 4's SVG figures: training curves, and how well each true feature was recovered.

/// Figures of a trained SAE.
public struct SAEFigures {
    public let trained: TrainedSAE
    public let recovery: FeatureRecovery?
    public let name: String

    public init(trained: TrainedSAE, recovery: FeatureRecovery?, name: String) {
        self.trained = trained
        self.recovery = recovery
        self.name = name
    }

    /// (file name, SVG) pairs.
    public var all: [(String, String)] {
        var figures = [("training-loss.svg", loss), ("training-sparsity.svg", sparsity)]
        if let recovery { figures.append(("recovery.svg", recoveryBars(recovery))) }
        return figures
    }

    private func steps(_ values: [Double]) -> [(x: Double, y: Double)] {
        values.enumerated().map { (Double(($0.offset + 1) * trained.historyInterval), $0.element) }
    }

    /// Total loss, reconstruction and the weighted L1 term over training (log scale).
    public var loss: String {
        let λ = trained.config.l1Coefficient
        return LineChartFigure(
            series: [
                .init(name: "total", points: steps(trained.history.map(\.total))),
                .init(name: "reconstruction", points: steps(trained.history.map(\.reconstruction))),
                .init(name: "λ·L1", points: steps(trained.history.map { λ * $0.l1 }))
            ],
            title: "SAE training loss — \(name)", xAxisTitle: "step",
            yAxisTitle: "loss (batch mean)", logarithmicY: true
        ).svg
    }

    /// L0 and dead latents over training.
    public var sparsity: String {
        LineChartFigure(
            series: [
                .init(
                    name: "L0 (active latents per sample)", points: steps(trained.history.map(\.l0))
                ),
                .init(name: "dead latents", points: steps(trained.deadHistory.map(Double.init)))
            ],
            title: "Sparsity during training — \(name)", xAxisTitle: "step", yAxisTitle: "latents"
        ).svg
    }

    /// The best cosine each true feature reaches, as bars.
    public func recoveryBars(_ recovery: FeatureRecovery) -> String {
        BarChartFigure(
            values: recovery.bestCosines, labels: recovery.presentFeatures.map(String.init),
            title: "Best cosine with a decoder direction, per true feature — \(name)",
            xAxisTitle: "true feature", yAxisTitle: "max cosine", colorValues: recovery.bestCosines,
            colorScale: .sequential(lower: 0.8, upper: 1), colorTitle: "cosine",
            referenceLine: (0.99, "0.99")
        ).svg
    }
}
