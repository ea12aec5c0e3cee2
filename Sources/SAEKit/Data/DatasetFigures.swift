// Step 2's SVG figures: the neuron responses as a heatmap, the distribution of ‖a‖, and how many
// features are active per sample.

/// Step 2's figures for a collected dataset.
public struct DatasetFigures {
    public let dataset: ActivationDataset
    public let responses: FeatureResponses?
    public let name: String
    public let columnsAreClasses: Bool

    public init(
        dataset: ActivationDataset, responses: FeatureResponses?, name: String,
        columnsAreClasses: Bool
    ) {
        self.dataset = dataset
        self.responses = responses
        self.name = name
        self.columnsAreClasses = columnsAreClasses
    }

    /// (file name, SVG text) pairs.
    public var all: [(String, String)] {
        var figures: [(String, String)] = [("norms.svg", norms)]
        if let responses {
            let kind = columnsAreClasses ? "class" : "feature"
            figures.append(
                (
                    "responses.svg",
                    HeatmapFigure(
                        matrix: responses.matrix, title: "Neuron × \(kind) responses — \(name)",
                        rowAxisTitle: "neuron j", columnAxisTitle: "\(kind) i"
                    ).svg
                ))
        }
        if let codes = dataset.codes {
            let fractions = activeFeatureDistribution(codes)
            figures.append(
                (
                    "active-features.svg",
                    BarChartFigure(
                        values: fractions, labels: fractions.indices.map(String.init),
                        title: "Active features per sample — \(name)",
                        xAxisTitle: "number of active features", yAxisTitle: "fraction of samples"
                    ).svg
                ))
        }
        return figures
    }

    /// Histogram of activation norms.
    public var norms: String {
        let norms = dataset.activations.rowNorms
        let bins = 30
        let counts = histogram(norms, bins: bins)
        let lower = norms.min() ?? 0, upper = norms.max() ?? 1
        let width = (upper - lower) / Double(bins)
        let labels = (0..<counts.count).map {
            $0 % 5 == 0 ? formatFixed(lower + Double($0) * width, decimals: 2) : ""
        }
        return BarChartFigure(
            values: counts.map { $0 / Double(max(1, norms.count)) }, labels: labels,
            title: "Activation norms ‖a‖ — \(name)",
            xAxisTitle: "‖a‖ (bin start)", yAxisTitle: "fraction of samples"
        ).svg
    }
}
