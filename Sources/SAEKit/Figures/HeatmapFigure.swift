// A heatmap of a matrix with a diverging colour scale, optional values in the cells, and a colour
// bar.

/// A labelled heatmap of a matrix, as SVG.
public struct HeatmapFigure: Sendable {
    public var matrix: Matrix
    public var title: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var rowAxisTitle: String
    public var columnAxisTitle: String
    /// The colour scale; by default diverging, symmetric about 0 at the largest |entry|.
    public var scale: ColorScale
    /// Print each value in its cell (readable up to about 16 × 16).
    public var showsValues: Bool

    public init(
        matrix: Matrix, title: String, rowLabels: [String]? = nil, columnLabels: [String]? = nil,
        rowAxisTitle: String = "", columnAxisTitle: String = "", scale: ColorScale? = nil,
        showsValues: Bool? = nil
    ) {
        self.matrix = matrix
        self.title = title
        self.rowLabels = rowLabels ?? (0..<matrix.rows).map(String.init)
        self.columnLabels = columnLabels ?? (0..<matrix.cols).map(String.init)
        self.rowAxisTitle = rowAxisTitle
        self.columnAxisTitle = columnAxisTitle
        self.scale = scale ?? .diverging(limit: max(matrix.maxAbs, 1e-12))
        self.showsValues = showsValues ?? (matrix.rows <= 16 && matrix.cols <= 16)
    }

    /// The SVG text.
    public var svg: String {
        let cell = max(14, min(44, 440 / Double(max(matrix.rows, matrix.cols, 1))))
        let left = 70.0, top = columnAxisTitle.isEmpty ? 52.0 : 70.0
        let gridWidth = cell * Double(matrix.cols), gridHeight = cell * Double(matrix.rows)
        var doc = SVGDocument(width: left + gridWidth + 110, height: top + gridHeight + 50)
        doc.text(title, x: 12, y: 22, size: 15, bold: true)
        for r in 0..<matrix.rows {
            for c in 0..<matrix.cols {
                let value = matrix[r, c]
                let color = scale.color(value)
                let x = left + Double(c) * cell, y = top + Double(r) * cell
                doc.rect(
                    x: x, y: y, width: cell, height: cell, fill: color.hex, stroke: "#ffffff",
                    tooltip:
                        "\(rowLabels[r]), \(columnLabels[c]): \(formatFixed(value, decimals: 3))")
                if showsValues && cell >= 22 {
                    doc.text(
                        formatFixed(value, decimals: cell >= 34 ? 2 : 1), x: x + cell / 2,
                        y: y + cell / 2 + 4,
                        size: min(11, cell / 3.2), anchor: .middle,
                        fill: color.luminance < 0.45 ? "#ffffff" : "#222222")
                }
            }
            doc.text(
                rowLabels[r], x: left - 6, y: top + (Double(r) + 0.5) * cell + 4, size: 11,
                anchor: .end)
        }
        for c in 0..<matrix.cols {
            doc.text(
                columnLabels[c], x: left + (Double(c) + 0.5) * cell, y: top - 6, size: 11,
                anchor: .middle)
        }
        if !columnAxisTitle.isEmpty {
            doc.text(
                columnAxisTitle, x: left + gridWidth / 2, y: top - 24, size: 12, anchor: .middle)
        }
        if !rowAxisTitle.isEmpty {
            doc.text(
                rowAxisTitle, x: 16, y: top + gridHeight / 2, size: 12, anchor: .middle, rotate: -90
            )
        }
        drawColorBar(&doc, x: left + gridWidth + 24, y: top, height: gridHeight)
        return doc.rendered
    }

    private func drawColorBar(_ doc: inout SVGDocument, x: Double, y: Double, height: Double) {
        let (lower, upper): (Double, Double) = switch scale {
        case let .diverging(limit): (-limit, limit)
        case let .sequential(lower, upper): (lower, upper)
        }
        let steps = 40
        for i in 0..<steps {
            let value = upper - (upper - lower) * (Double(i) + 0.5) / Double(steps)
            doc.rect(
                x: x, y: y + height * Double(i) / Double(steps), width: 14,
                height: height / Double(steps) + 0.5,
                fill: scale.color(value).hex)
        }
        doc.rect(x: x, y: y, width: 14, height: height, fill: "none", stroke: "#888888")
        for value in [upper, (upper + lower) / 2, lower] {
            let ty = y + height * (upper - value) / (upper - lower)
            doc.text(formatFixed(value, decimals: 2), x: x + 20, y: ty + 4, size: 10)
        }
    }
}
