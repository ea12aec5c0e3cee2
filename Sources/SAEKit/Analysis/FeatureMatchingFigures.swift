// Step 5's SVG figures.

/// Figures of the feature-matching analysis.
public struct FeatureMatchingFigures {
    public let analysis: FeatureMatchingAnalysis
    public let decoder: Matrix
    public let directions: Matrix
    public let name: String

    public init(
        analysis: FeatureMatchingAnalysis, decoder: Matrix, directions: Matrix, name: String
    ) {
        self.analysis = analysis
        self.decoder = decoder
        self.directions = directions
        self.name = name
    }

    /// The cosine heatmap with latents ordered by matched feature (a good SAE reads as a diagonal);
    /// present features only, as in the terminal.
    public var cosines: String {
        let order = analysis.displayOrder
        return HeatmapFigure(
            matrix: analysis.presentCosines.selectingRows(order),
            title: "Decoder × true directions (cosine) — \(name)",
            rowLabels: order.map { "L\($0)" },
            columnLabels: analysis.presentFeatures.map { "f\($0)" },
            rowAxisTitle: "latent (ordered by matched feature)", columnAxisTitle: "true feature",
            scale: .diverging(limit: 1)
        ).svg
    }

    /// Each true direction beside its matched decoder direction: arrows in 2-D, otherwise a panel
    /// of bars per feature.
    public var matchedDirections: String {
        let palette = [
            "#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c",
            "#ccb974", "#64b5cd"
        ]
        if directions.cols == 2 {
            var arrows: [ArrowFigure.Arrow] = []
            for (index, match) in analysis.matches.enumerated() {
                let truth = unit(directions.row(match.feature)), learned = decoder.row(match.latent)
                let color = palette[index % palette.count]
                arrows.append(
                    ArrowFigure.Arrow(
                        x: truth[0], y: truth[1], label: "f\(match.feature)", color: color))
                arrows.append(
                    ArrowFigure.Arrow(
                        x: 0.8 * learned[0], y: 0.8 * learned[1], label: "L\(match.latent)",
                        color: color + "99"))
            }
            return ArrowFigure(
                arrows: arrows,
                title:
                    "True directions (f) and matched decoder directions (L, drawn at 0.8) — \(name)"
            ).svg
        }
        let columns = min(5, max(1, analysis.matches.count)), panel = 150.0, d = directions.cols
        let rows = (analysis.matches.count + columns - 1) / columns
        var doc = SVGDocument(
            width: Double(columns) * panel + 20, height: Double(rows) * panel + 60)
        doc.text(
            "True direction (blue) and matched decoder direction (orange), component by component "
                + "— \(name)",
            x: 10, y: 22, size: 13, bold: true)
        for (index, match) in analysis.matches.enumerated() {
            let x0 = 10 + Double(index % columns) * panel, y0 = 40 + Double(index / columns) * panel
            let truth = unit(directions.row(match.feature)), learned = decoder.row(match.latent)
            let middle = y0 + panel / 2, scale = panel * 0.38, width = (panel - 20) / Double(d) / 2
            doc.line(x1: x0 + 5, y1: middle, x2: x0 + panel - 15, y2: middle, stroke: "#bbbbbb")
            for c in 0..<d {
                let x = x0 + 5 + Double(c) * 2 * width
                doc.rect(
                    x: x, y: min(middle, middle - truth[c] * scale), width: width,
                    height: abs(truth[c]) * scale, fill: "#4c72b0")
                doc.rect(
                    x: x + width, y: min(middle, middle - learned[c] * scale), width: width,
                    height: abs(learned[c]) * scale, fill: "#dd8452")
            }
            doc.text(
                "f\(match.feature) ↔ L\(match.latent)  cos "
                    + "\(formatFixed(match.cosine, decimals: 3))",
                x: x0 + 5, y: y0 + 14, size: 11)
        }
        return doc.rendered
    }

    private func unit(_ v: [Double]) -> [Double] {
        let norm = dot(v, v).squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }

    /// Ablation drop of each feature's output, beside the negative control's.
    public static func ablation(_ rows: [CausalRow], name: String) -> String {
        var chart = BarChartFigure(
            values: rows.map(\.effect.drop), labels: rows.map { "f\($0.feature)" },
            title: "Ablating the matched latent vs an unrelated one — \(name)",
            xAxisTitle: "true feature (its output is watched)",
            yAxisTitle: "relative drop of the output")
        chart.secondValues = rows.map(\.effect.controlDrop)
        chart.seriesNames = ("matched latent", "control latent")
        return chart.svg
    }

    /// Output i against the steering strength α, one line per feature.
    public static func steering(_ rows: [CausalRow], alphas: [Double], name: String) -> String {
        LineChartFigure(
            series: rows.map { row in
                .init(name: "f\(row.feature)", points: zip(alphas, row.steered).map { ($0, $1) })
            },
            title: "Steering: output i when α·d_j is added to the hidden state — \(name)",
            xAxisTitle: "α",
            yAxisTitle: "output of the matched feature"
        ).svg
    }

    /// Class purity of latents and neurons, each sorted from purest down.
    public static func purity(latents: [Double], neurons: [Double], name: String) -> String {
        let ranked = { (values: [Double]) in
            values.sorted(by: >).enumerated().map {
                (Double($0.offset) / Double(max(1, values.count - 1)), $0.element)
            }
        }
        return LineChartFigure(
            series: [
                .init(name: "SAE latents", points: ranked(latents)),
                .init(name: "neurons", points: ranked(neurons))
            ],
            title: "Class purity, sorted — \(name)", xAxisTitle: "rank (fraction of units)",
            yAxisTitle: "share of activation in the top class", showsPoints: true
        ).svg
    }
}
