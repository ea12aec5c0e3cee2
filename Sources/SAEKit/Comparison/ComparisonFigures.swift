// Chapter 6's figures: the frontier of every family (NMSE and MMCS against L0, side by side), the
// shrinkage scatter (latent activation against the true coefficient, one dot per active sample),
// and dead latents over training with and without AuxK.

public enum ComparisonFigures {
    /// One colour per family, the same in every figure.
    static func color(_ family: String) -> String {
        switch family {
        case "L1": "#4c72b0"
        case "TopK": "#dd8452"
        default: "#55a868"
        }
    }

    /// frontier.svg: L0 against normalised MSE (log) and against MMCS, every family. Each family's
    /// line joins its non-dominated runs; a run another run of its family beats on both axes is a
    /// ring.
    public static func frontier(_ frontier: Frontier, trueL0: Double?, name: String) -> String {
        let series = { (value: (Scorecard) -> Double?) -> [LineChartFigure.Series] in
            func points(_ cards: [Scorecard]) -> [(x: Double, y: Double)] {
                cards.compactMap { card in value(card).map { (card.metrics.l0, $0) } }
            }
            var lines = frontier.families.map { family in
                LineChartFigure.Series(
                    name: family.name + " SAE", points: points(frontier.frontier(of: family.name)),
                    color: color(family.name))
            }
            for family in frontier.families {
                let dominated = family.points.filter { frontier.dominator(of: $0) != nil }
                guard !dominated.isEmpty else { continue }
                var rings = LineChartFigure.Series(
                    name: "", points: points(dominated), color: color(family.name))
                (rings.joined, rings.hollow) = (false, true)
                lines.append(rings)
            }
            if lines.count > frontier.families.count {
                var legend = LineChartFigure.Series(
                    name: "dominated run", points: [], color: "#555555")
                (legend.joined, legend.hollow) = (false, true)
                lines.append(legend)
            }
            return lines
        }
        let nmse = LineChartFigure(
            series: series { $0.fidelity.normalisedMSE },
            title: "Sparsity–fidelity frontier — \(name)",
            xAxisTitle: "L0 (active latents per sample)", yAxisTitle: "normalised MSE",
            logarithmicY: true,
            showsPoints: true, verticalLine: trueL0.map { ($0, "true L0") })
        var panels = [nmse]
        if frontier.families.allSatisfy({ $0.points.allSatisfy { $0.recovery != nil } }) {
            panels.append(
                LineChartFigure(
                    series: series { $0.recovery?.mmcs }, title: "Recovery of the true features",
                    xAxisTitle: "L0 (active latents per sample)", yAxisTitle: "MMCS",
                    showsPoints: true,
                    verticalLine: trueL0.map { ($0, "true L0") }))
        }
        return LineChartFigure.sideBySide(panels)
    }

    /// shrinkage.svg: for matched latents, the latent's activation against the true coefficient.
    public static func shrinkage(_ cards: [Scorecard], name: String) -> String {
        let series = cards.compactMap { card in
            card.shrinkage.map {
                LineChartFigure.Series(
                    name: card.name, points: $0.scatter.map { ($0.truth, $0.latent) },
                    color: color(card.family))
            }
        }
        var chart = LineChartFigure(
            series: series, title: "Shrinkage against the truth — \(name)",
            xAxisTitle: "true coefficient × ‖direction‖",
            yAxisTitle: "latent activation × ‖decoder row‖")
        chart.drawsLines = false
        chart.pointRadius = 2.2
        chart.diagonal = "no shrinkage (y = x)"
        return chart.svg
    }

    /// dead-latents.svg: latents dead by the trainer's window rule, over training.
    public static func deadLatents(
        _ cards: [(label: String, card: Scorecard)], name: String
    ) -> String {
        let palette = ["#dd8452", "#8172b3", "#55a868", "#4c72b0"]
        let series = cards.enumerated().map { index, entry in
            LineChartFigure.Series(
                name: entry.label,
                points: entry.card.trained.deadHistory.enumerated().map { block, dead in
                    (Double((block + 1) * entry.card.trained.historyInterval), Double(dead))
                }, color: palette[index % palette.count])
        }
        return LineChartFigure(
            series: series, title: "Dead latents during training — \(name)",
            xAxisTitle: "training step",
            yAxisTitle: "dead latents (window rule)"
        ).svg
    }
}
