// One or more series against a shared x axis, linear or logarithmic in y (training curves, sweeps).

import Foundation

/// A line chart, as SVG.
public struct LineChartFigure: Sendable {
    /// A named series of (x, y) points.
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: String

        public init(name: String, points: [(x: Double, y: Double)], color: String? = nil) {
            self.name = name
            self.points = points
            self.color = color ?? ""
        }
    }

    public var series: [Series]
    public var title: String
    public var xAxisTitle: String
    public var yAxisTitle: String
    public var logarithmicY: Bool

    /// Colours given to series that do not name one.
    static let palette = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860"]

    public init(series: [Series], title: String, xAxisTitle: String = "", yAxisTitle: String = "", logarithmicY: Bool = false) {
        self.series = series.enumerated().map { index, series in
            var series = series
            if series.color.isEmpty { series.color = Self.palette[index % Self.palette.count] }
            return series
        }
        self.title = title
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.logarithmicY = logarithmicY
    }

    /// The SVG text.
    public var svg: String {
        let left = 70.0, top = 44.0, plotWidth = 480.0, plotHeight = 260.0
        var doc = SVGDocument(width: left + plotWidth + 30, height: top + plotHeight + 60 + 16 * Double(series.count > 1 ? 1 : 0))
        doc.text(title, x: 12, y: 22, size: 15, bold: true)
        let points = series.flatMap(\.points).filter { $0.y.isFinite && (!logarithmicY || $0.y > 0) }
        let xs = points.map(\.x), ys = points.map { logarithmicY ? log10($0.y) : $0.y }
        let xLower = xs.min() ?? 0, xUpper = max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-12)
        var yLower = ys.min() ?? 0, yUpper = ys.max() ?? 1
        if yUpper - yLower < 1e-12 { yLower -= 0.5; yUpper += 0.5 }
        let pad = (yUpper - yLower) * 0.05
        yLower -= pad
        yUpper += pad
        let px = { (x: Double) in left + plotWidth * (x - xLower) / (xUpper - xLower) }
        let py = { (y: Double) in top + plotHeight * (yUpper - y) / (yUpper - yLower) }

        let yTicks = logarithmicY ? logTicks(yLower, yUpper) : niceTicks(yLower, yUpper)
        for tick in yTicks {
            doc.line(x1: left, y1: py(tick), x2: left + plotWidth, y2: py(tick), stroke: "#e6e6e6")
            doc.text(logarithmicY ? tickLabel(pow(10, tick)) : tickLabel(tick), x: left - 6, y: py(tick) + 4, size: 10, anchor: .end)
        }
        for tick in niceTicks(xLower, xUpper) {
            doc.line(x1: px(tick), y1: top + plotHeight, x2: px(tick), y2: top + plotHeight + 4)
            doc.text(tickLabel(tick), x: px(tick), y: top + plotHeight + 17, size: 10, anchor: .middle)
        }
        doc.rect(x: left, y: top, width: plotWidth, height: plotHeight, fill: "none", stroke: "#888888")
        for line in series {
            let visible = line.points.filter { $0.y.isFinite && (!logarithmicY || $0.y > 0) }
            doc.polyline(visible.map { (px($0.x), py(logarithmicY ? log10($0.y) : $0.y)) }, stroke: line.color)
        }
        if series.count > 1 {
            var x = left
            for line in series {
                doc.line(x1: x, y1: top + plotHeight + 52, x2: x + 18, y2: top + plotHeight + 52, stroke: line.color, width: 2.5)
                doc.text(line.name, x: x + 24, y: top + plotHeight + 56, size: 11)
                x += 40 + 7 * Double(line.name.count)
            }
        }
        if !xAxisTitle.isEmpty { doc.text(xAxisTitle, x: left + plotWidth / 2, y: top + plotHeight + 36, size: 12, anchor: .middle) }
        if !yAxisTitle.isEmpty { doc.text(yAxisTitle, x: 16, y: top + plotHeight / 2, size: 12, anchor: .middle, rotate: -90) }
        return doc.rendered
    }
}
