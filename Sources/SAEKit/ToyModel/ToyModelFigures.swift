// The SVG figures of step 1: WᵀW, feature norms coloured by interference, the loss curve, and for
// two hidden dimensions the feature directions themselves.

/// Step 1's figures for a trained toy model.
public struct ToyModelFigures {
    public let trained: TrainedToyModel
    public let metrics: SuperpositionMetrics
    /// A short name for titles, e.g. "curriculum".
    public let name: String

    public init(trained: TrainedToyModel, metrics: SuperpositionMetrics, name: String) {
        self.trained = trained
        self.metrics = metrics
        self.name = name
    }

    private var size: String {
        "\(trained.config.features) features → \(trained.config.hidden) dims"
    }
    private var featureLabels: [String] { (0..<trained.config.features).map(String.init) }

    /// The figures as (file name, SVG text); `directions.svg` only for two hidden dimensions.
    public var all: [(String, String)] {
        var figures = [("gram.svg", gram), ("feature-norms.svg", featureNorms), ("loss.svg", loss)]
        if trained.config.hidden == 2 { figures.append(("directions.svg", directions)) }
        return figures
    }

    /// WᵀW heatmap.
    public var gram: String {
        HeatmapFigure(
            matrix: trained.model.W.transposedMatmul(trained.model.W),
            title: "WᵀW — \(name) (\(size))",
            rowLabels: featureLabels, columnLabels: featureLabels, rowAxisTitle: "feature i",
            columnAxisTitle: "feature j"
        ).svg
    }

    /// ‖W_i‖ bars coloured by interference. A dropped feature has no direction to interfere along:
    /// its bar is grey and its leftover noise does not stretch the colour scale.
    public var featureNorms: String {
        let represented = Set(metrics.representedFeatures)
        let interference = metrics.interference.indices.map {
            represented.contains($0) ? metrics.interference[$0] : .nan
        }
        let upper = max(1, interference.filter(\.isFinite).max() ?? 1)
        var figure = BarChartFigure(
            values: metrics.featureNorms, labels: featureLabels,
            title: "Feature norms ‖W_i‖ — \(name)",
            xAxisTitle: "feature (importance decreases →)", yAxisTitle: "‖W_i‖",
            colorValues: interference, colorScale: .sequential(lower: 0, upper: upper),
            colorTitle: "interference",
            referenceLine: (SuperpositionMetrics.representedNorm, "represented above"))
        figure.missingColorLabel = "dropped"
        return figure.svg
    }

    /// Training loss per step (averaged over windows of steps), log scale.
    public var loss: String {
        let curve = trained.lossCurve
        let window = max(1, curve.count / 400)
        let points = stride(from: 0, to: curve.count, by: window).map {
            start -> (x: Double, y: Double) in
            let slice = curve[start..<min(curve.count, start + window)]
            return (Double(start + slice.count), slice.reduce(0, +) / Double(slice.count))
        }
        return LineChartFigure(
            series: [.init(name: "training loss", points: points)],
            title: "Training loss — \(name)",
            xAxisTitle: "step", yAxisTitle: "importance-weighted MSE", logarithmicY: true
        ).svg
    }

    /// The feature directions W_i as arrows in the 2-D hidden space.
    public var directions: String {
        let palette = [
            "#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c",
            "#ccb974", "#64b5cd"
        ]
        let W = trained.model.W
        let arrows = (0..<W.cols).map { i in
            ArrowFigure.Arrow(
                x: W[0, i], y: W[1, i], label: "\(i)", color: palette[i % palette.count])
        }
        let dims = metrics.featureDimensionality.map { formatFixed($0, decimals: 2) }.joined(
            separator: " ")
        return ArrowFigure(
            arrows: arrows, title: "Feature directions W_i — \(name)",
            caption: "D_i = \(dims)   (a regular pentagon gives 2/5 = 0.40 each)"
        ).svg
    }
}
