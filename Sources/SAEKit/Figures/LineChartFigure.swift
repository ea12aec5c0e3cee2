// One or more series against a shared x axis, linear or logarithmic in y (training curves, sweeps).

import Foundation

/// A line chart, as SVG.
public struct LineChartFigure: Sendable {
    /// A named series of (x, y) points.
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: String
        /// Join the points with a line (false: markers only, whatever the chart's `drawsLines`).
        public var joined = true
        /// Draw the markers as rings (e.g. runs shown but not part of a frontier).
        public var hollow = false

        /// A series; an empty `name` leaves it out of the legend.
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
    public var logarithmicX: Bool
    /// Draw a dot at every point (for sweeps with few points).
    public var showsPoints: Bool
    /// A dashed vertical reference line (e.g. the data's true L0).
    public var verticalLine: (x: Double, label: String)?
    /// Join each series' points with a line (false: a scatter plot).
    public var drawsLines = true
    /// A dashed y = x line with this label (e.g. "no shrinkage").
    public var diagonal: String?
    /// Dot radius when points are shown.
    public var pointRadius = 3.5

    /// Colours given to series that do not name one.
    static let palette = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860"]

    public init(
        series: [Series], title: String, xAxisTitle: String = "", yAxisTitle: String = "",
        logarithmicY: Bool = false,
        logarithmicX: Bool = false, showsPoints: Bool = false,
        verticalLine: (x: Double, label: String)? = nil
    ) {
        self.series = series.enumerated().map { index, series in
            var series = series
            if series.color.isEmpty { series.color = Self.palette[index % Self.palette.count] }
            return series
        }
        self.title = title
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.logarithmicY = logarithmicY
        self.logarithmicX = logarithmicX
        self.showsPoints = showsPoints
        self.verticalLine = verticalLine
    }

    /// Several charts side by side in one SVG (e.g. two views of the same sweep).
    public static func sideBySide(_ charts: [LineChartFigure]) -> String {
        let documents = charts.map(\.document)
        var combined = SVGDocument(
            width: documents.map(\.width).reduce(0, +), height: documents.map(\.height).max() ?? 0)
        var x = 0.0
        for document in documents {
            combined.embed(document, x: x, y: 0)
            x += document.width
        }
        return combined.rendered
    }

    /// The SVG text.
    public var svg: String { document.rendered }

    /// The drawing.
    var document: SVGDocument {
        let left = 70.0, top = 44.0, plotWidth = 480.0, plotHeight = 260.0
        var doc = SVGDocument(
            width: left + plotWidth + 30,
            height: top + plotHeight + 60 + 16 * Double(series.count > 1 ? 1 : 0))
        doc.text(title, x: 12, y: 22, size: 15, bold: true)
        let tx = { (x: Double) in self.logarithmicX ? log10(x) : x },
            ty = { (y: Double) in self.logarithmicY ? log10(y) : y }
        let usable = { (p: (x: Double, y: Double)) in
            p.y.isFinite && p.x.isFinite && (!self.logarithmicY || p.y > 0)
                && (!self.logarithmicX || p.x > 0)
        }
        let points = series.flatMap(\.points).filter(usable)
        let xs = points.map { tx($0.x) }, ys = points.map { ty($0.y) }
        var xLower = xs.min() ?? 0, xUpper = xs.max() ?? 1
        if xUpper - xLower < 1e-12 { xLower -= 0.5; xUpper += 0.5 }
        if logarithmicX || showsPoints || !drawsLines {
            let padX = (xUpper - xLower) * 0.04
            xLower -= padX
            xUpper += padX
        }
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
            doc.text(
                logarithmicY ? tickLabel(pow(10, tick)) : tickLabel(tick), x: left - 6,
                y: py(tick) + 4, size: 10, anchor: .end)
        }
        for tick in logarithmicX ? logTicks(xLower, xUpper) : niceTicks(xLower, xUpper) {
            doc.line(x1: px(tick), y1: top + plotHeight, x2: px(tick), y2: top + plotHeight + 4)
            doc.text(
                tickLabel(logarithmicX ? pow(10, tick) : tick), x: px(tick),
                y: top + plotHeight + 17, size: 10, anchor: .middle)
        }
        doc.rect(
            x: left, y: top, width: plotWidth, height: plotHeight, fill: "none", stroke: "#888888")
        if let verticalLine, !logarithmicX || verticalLine.x > 0 {
            let x = px(tx(verticalLine.x))
            doc.line(x1: x, y1: top, x2: x, y2: top + plotHeight, stroke: "#c44e52", dashed: true)
            // Along the line, at mid-height on its left: clear of the points near the corners.
            doc.text(verticalLine.label, x: x - 4, y: top + plotHeight / 2, size: 10,
                     anchor: .middle, fill: "#c44e52", rotate: -90)
        }
        if let diagonal, !logarithmicX, !logarithmicY {
            let from = max(xLower, yLower), to = min(xUpper, yUpper)
            if to > from {
                doc.line(
                    x1: px(from), y1: py(from), x2: px(to), y2: py(to), stroke: "#888888",
                    dashed: true)
                doc.text("dashed: " + diagonal, x: left + 8, y: top + 16, size: 10, fill: "#666666")
            }
        }
        for line in series {
            let visible = line.points.filter(usable).map { (px(tx($0.x)), py(ty($0.y))) }
            let joined = drawsLines && line.joined
            if joined { doc.polyline(visible, stroke: line.color) }
            guard showsPoints || !joined else { continue }
            for point in visible { marker(&doc, point, line) }
        }
        let named = series.filter { !$0.name.isEmpty }
        if named.count > 1 {
            var x = left
            for line in named {
                if drawsLines && line.joined {
                    doc.line(
                        x1: x, y1: top + plotHeight + 52, x2: x + 18, y2: top + plotHeight + 52,
                        stroke: line.color, width: 2.5)
                } else {
                    marker(&doc, (x + 9, top + plotHeight + 52), line)
                }
                doc.text(line.name, x: x + 24, y: top + plotHeight + 56, size: 11)
                x += 40 + 7 * Double(line.name.count)
            }
        }
        doc.axisTitles(x: xAxisTitle, y: yAxisTitle,
                       plot: (left, top, plotWidth, plotHeight), below: 36)
        return doc
    }

    /// One point's marker: a dot, or a ring for a hollow series.
    private func marker(_ doc: inout SVGDocument, _ point: (Double, Double), _ line: Series) {
        if line.hollow {
            doc.circle(
                cx: point.0, cy: point.1, r: pointRadius, fill: "#ffffff", stroke: line.color)
        } else {
            doc.circle(cx: point.0, cy: point.1, r: pointRadius, fill: line.color)
        }
    }
}
