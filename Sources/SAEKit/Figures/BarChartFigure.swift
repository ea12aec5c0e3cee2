// Vertical bars, each optionally coloured by a second quantity (e.g. norm coloured by
// interference).

/// A bar chart, as SVG.
public struct BarChartFigure: Sendable {
    public var values: [Double]
    public var labels: [String]
    public var title: String
    public var xAxisTitle: String
    public var yAxisTitle: String
    /// A second value per bar mapped through `colorScale`; nil draws every bar in one colour. A
    /// non-finite entry draws its bar grey (no value to colour by).
    public var colorValues: [Double]?
    /// The legend's name for grey bars (shown only when some `colorValues` entry is not finite).
    public var missingColorLabel = "no value"
    public var colorScale: ColorScale
    /// Title of the colour legend.
    public var colorTitle: String
    /// A dashed horizontal reference line (e.g. the "represented" threshold).
    public var referenceLine: (value: Double, label: String)?
    /// A second bar beside each first one (grouped bars), with the two series' names for the
    /// legend.
    public var secondValues: [Double]?
    public var seriesNames: (String, String) = ("", "")

    public init(
        values: [Double], labels: [String], title: String, xAxisTitle: String = "",
        yAxisTitle: String = "",
        colorValues: [Double]? = nil, colorScale: ColorScale = .sequential(lower: 0, upper: 1),
        colorTitle: String = "", referenceLine: (value: Double, label: String)? = nil
    ) {
        self.values = values
        self.labels = labels
        self.title = title
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.colorValues = colorValues
        self.colorScale = colorScale
        self.colorTitle = colorTitle
        self.referenceLine = referenceLine
    }

    /// The SVG text.
    public var svg: String {
        let left = 64.0, top = 48.0, plotHeight = 240.0
        let slot = max(18, min(56, 560 / Double(max(values.count, 1))))
        let plotWidth = slot * Double(values.count)
        let legendWidth = colorValues == nil && secondValues == nil ? 20.0 : 150.0
        var doc = SVGDocument(width: left + plotWidth + legendWidth, height: top + plotHeight + 58)
        doc.text(title, x: 12, y: 22, size: 15, bold: true)
        let everything = values + (secondValues ?? [])
        let upper = max(everything.max() ?? 1, referenceLine?.value ?? 0, 1e-12) * 1.08
        let lower = min(0, everything.min() ?? 0) * 1.08
        let y = { (value: Double) in top + plotHeight * (upper - value) / (upper - lower) }
        for tick in niceTicks(lower, upper) {
            doc.line(x1: left, y1: y(tick), x2: left + plotWidth, y2: y(tick), stroke: "#e6e6e6")
            doc.text(tickLabel(tick), x: left - 6, y: y(tick) + 4, size: 10, anchor: .end)
        }
        let barWidth = secondValues == nil ? slot * 0.7 : slot * 0.38
        for (index, value) in values.enumerated() {
            let shade = colorValues?[index]
            let color =
                shade.map { $0.isFinite ? colorScale.color($0).hex : Self.missingColor }
                ?? "#4c72b0"
            let x = left + Double(index) * slot + slot * 0.15
            let shown = shade.map {
                $0.isFinite ? "\(colorTitle) " + formatFixed($0, decimals: 3) : missingColorLabel
            }
            let tooltip =
                labels[index] + ": " + formatFixed(value, decimals: 3)
                + (shown.map { ", " + $0 } ?? "")
            doc.rect(
                x: x, y: min(y(value), y(0)), width: barWidth, height: abs(y(value) - y(0)),
                fill: color,
                stroke: "#555555", tooltip: tooltip)
            if let shade, !shade.isFinite {               // say so: the bar may be too short to see
                doc.text(
                    missingColorLabel, x: x + barWidth / 2, y: min(y(value), y(0)) - 4, size: 9,
                    anchor: .middle,
                    fill: "#777777")
            }
            if let second = secondValues?[index] {
                doc.rect(
                    x: x + barWidth, y: min(y(second), y(0)), width: barWidth,
                    height: abs(y(second) - y(0)), fill: "#dd8452",
                    stroke: "#555555",
                    tooltip: labels[index] + ": " + formatFixed(second, decimals: 3))
            }
            doc.text(
                labels[index], x: x + slot * 0.35, y: top + plotHeight + 16, size: 11,
                anchor: .middle)
        }
        if secondValues != nil {
            doc.rect(
                x: left + plotWidth + 24, y: top, width: 12, height: 12,
                fill: colorValues == nil ? "#4c72b0" : colorScale.color(1).hex)
            doc.text(seriesNames.0, x: left + plotWidth + 42, y: top + 10, size: 11)
            doc.rect(x: left + plotWidth + 24, y: top + 20, width: 12, height: 12, fill: "#dd8452")
            doc.text(seriesNames.1, x: left + plotWidth + 42, y: top + 30, size: 11)
        }
        doc.line(x1: left, y1: y(0), x2: left + plotWidth, y2: y(0), stroke: "#333333")
        if let referenceLine {
            doc.line(
                x1: left, y1: y(referenceLine.value), x2: left + plotWidth,
                y2: y(referenceLine.value), stroke: "#c44e52", dashed: true)
            doc.text(
                referenceLine.label, x: left + plotWidth - 4, y: y(referenceLine.value) - 5,
                size: 10, anchor: .end, fill: "#c44e52")
        }
        doc.axisTitles(x: xAxisTitle, y: yAxisTitle,
                       plot: (left, top, plotWidth, plotHeight), below: 38)
        if colorValues != nil {
            drawLegend(&doc, x: left + plotWidth + 24, y: top, height: plotHeight * 0.6)
        }
        return doc.rendered
    }

    /// The fill of a bar with no colour value.
    static let missingColor = "#d0d0d0"

    private func drawLegend(_ doc: inout SVGDocument, x: Double, y: Double, height: Double) {
        guard case let .sequential(lower, upper) = colorScale else { return }
        if colorValues?.contains(where: { !$0.isFinite }) == true {
            doc.rect(x: x, y: y + height + 18, width: 14, height: 10, fill: Self.missingColor,
                     stroke: "#555555")
            doc.text(missingColorLabel, x: x + 20, y: y + height + 27, size: 10)
        }
        doc.text(colorTitle, x: x, y: y - 8, size: 11)
        let steps = 30
        for i in 0..<steps {
            let value = upper - (upper - lower) * (Double(i) + 0.5) / Double(steps)
            doc.rect(
                x: x, y: y + height * Double(i) / Double(steps), width: 14,
                height: height / Double(steps) + 0.5,
                fill: colorScale.color(value).hex)
        }
        doc.text(tickLabel(upper), x: x + 20, y: y + 8, size: 10)
        doc.text(tickLabel(lower), x: x + 20, y: y + height, size: 10)
    }
}
