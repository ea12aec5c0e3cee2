// A matrix drawn in the terminal: each cell two characters wide, coloured on a colour terminal and
// shaded with block characters otherwise, so the picture survives `--no-color` and log files.

import Foundation

/// Renders a matrix as terminal lines.
public struct TerminalHeatmap: Sendable {
    public var matrix: Matrix
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// Values at ±limit get the strongest colour or shade.
    public var limit: Double

    public init(
        matrix: Matrix, rowLabels: [String]? = nil, columnLabels: [String]? = nil,
        limit: Double? = nil
    ) {
        self.matrix = matrix
        self.rowLabels = rowLabels ?? (0..<matrix.rows).map(String.init)
        self.columnLabels = columnLabels ?? (0..<matrix.cols).map(String.init)
        self.limit = limit ?? max(matrix.maxAbs, 1e-12)
    }

    /// Shades from faint to full, for |value| / limit in five bands.
    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    /// The rendering, one string per line: a header of column labels, then one line per row.
    public func lines(style: TerminalStyle) -> [String] {
        let labelWidth = rowLabels.map(\.count).max() ?? 0
        var header = String(repeating: " ", count: labelWidth + 1)
        for label in columnLabels { header += leftPad(String(label.suffix(2)), 2) }
        var lines = [header]
        let scale = ColorScale.diverging(limit: limit)
        for r in 0..<matrix.rows {
            var line = leftPad(rowLabels[r], labelWidth) + " "
            for c in 0..<matrix.cols {
                let value = matrix[r, c]
                line +=
                    style.colorEnabled
                    ? style.background("  ", scale.color(value))
                    : Self.plainCell(value, limit: limit)
            }
            lines.append(line)
        }
        return lines
    }

    /// A two-character shaded cell: positive values "▓▓", negative values "-▓" (sign, then shade).
    static func plainCell(_ value: Double, limit: Double) -> String {
        let band = min(4, Int((abs(value) / limit * 4).rounded()))
        let shade = shades[band]
        if band == 0 { return " ·" }
        return value < 0 ? "-\(shade)" : "\(shade)\(shade)"
    }

    /// A one-line legend for the shading.
    public func legend(style: TerminalStyle) -> String {
        let scale = ColorScale.diverging(limit: limit)
        let value = formatFixed(limit, decimals: 2)
        if style.colorEnabled {
            return style.background("  ", scale.color(-limit)) + " −\(value)  "
                + style.background("  ", scale.color(0))
                + " 0  " + style.background("  ", scale.color(limit)) + " +\(value)"
        }
        return "-█ = −\(value)   · = 0   ██ = +\(value)"
    }
}

/// A one-line chart of a series with the eight block heights ▁▂▃▄▅▆▇█.
public enum Sparkline {
    static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` averaged into `width` buckets and drawn low to high; with `logarithmic`, on a log
    /// scale.
    public static func render(
        _ values: [Double], width: Int = 40, logarithmic: Bool = false
    ) -> String {
        let finite = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        guard !finite.isEmpty, width > 0 else { return "" }
        let buckets = min(width, finite.count)
        let averaged = (0..<buckets).map { bucket in
            let start = bucket * finite.count / buckets, end = (bucket + 1) * finite.count / buckets
            let mean = finite[start..<end].reduce(0, +) / Double(end - start)
            return logarithmic ? log10(mean) : mean
        }
        let lower = averaged.min()!, upper = averaged.max()!
        return String(
            averaged.map { value in
                upper - lower < 1e-300
                    ? ticks[0] : ticks[min(7, Int((value - lower) / (upper - lower) * 7.999))]
            })
    }
}
