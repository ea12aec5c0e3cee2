// A minimal SVG writer: shapes and text appended in order, numbers rounded to 0.01 so files are
// small and identical run to run.

import Foundation

/// An SVG image under construction.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    private var elements: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The complete document (white background, sans-serif font).
    public var rendered: String {
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" "
                + "height=\"\(n(height))\" "
        out +=
            "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica, Arial, "
                + "sans-serif\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        for element in elements { out += element + "\n" }
        return out + "</svg>\n"
    }

    // MARK: - Shapes

    /// A rectangle, optionally with a hover tooltip.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                              stroke: String? = nil, tooltip: String? = nil) {
        var element =
            "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" "
                + "height=\"\(n(max(0, height)))\" fill=\"\(fill)\""
        if let stroke { element += " stroke=\"\(stroke)\" stroke-width=\"0.5\"" }
        if let tooltip {
            element += "><title>\(escape(tooltip))</title></rect>"
        } else {
            element += "/>"
        }
        elements.append(element)
    }

    /// A straight line.
    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#333333",
        width: Double = 1, dashed: Bool = false
    ) {
        var element =
            "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" "
                + "stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if dashed { element += " stroke-dasharray=\"4 3\"" }
        elements.append(element + "/>")
    }

    /// A connected line through `points`.
    public mutating func polyline(
        _ points: [(Double, Double)], stroke: String, width: Double = 1.5
    ) {
        let coordinates = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        elements.append(
            "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" "
                + "stroke-width=\"\(n(width))\" stroke-linejoin=\"round\"/>"
        )
    }

    /// A filled polygon.
    public mutating func polygon(_ points: [(Double, Double)], fill: String) {
        let coordinates = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        elements.append("<polygon points=\"\(coordinates)\" fill=\"\(fill)\"/>")
    }

    /// A circle.
    public mutating func circle(
        cx: Double, cy: Double, r: Double, fill: String = "none", stroke: String? = nil,
        dashed: Bool = false
    ) {
        var element = "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\""
        if let stroke { element += " stroke=\"\(stroke)\" stroke-width=\"1\"" }
        if dashed { element += " stroke-dasharray=\"4 3\"" }
        elements.append(element + "/>")
    }

    /// Where text sits relative to its anchor point.
    public enum Anchor: String, Sendable { case start, middle, end }

    /// A line of text; `rotate` turns it about its anchor (e.g. -90 for a y-axis label).
    public mutating func text(
        _ string: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
        fill: String = "#222222", bold: Bool = false, rotate: Double? = nil
    ) {
        var element = "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(fill)\""
        if anchor != .start { element += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { element += " font-weight=\"bold\"" }
        if let rotate { element += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        elements.append(element + ">\(escape(string))</text>")
    }

    /// A chart's axis titles: the x title centred `below` under the plot's bottom edge, the y title
    /// turned along its left edge. An empty title is left out.
    // plot: the plotting area in document coordinates
    mutating func axisTitles(
        x xTitle: String, y yTitle: String,
        plot: (left: Double, top: Double, width: Double, height: Double), below: Double
    ) {
        if !xTitle.isEmpty {
            text(xTitle, x: plot.left + plot.width / 2, y: plot.top + plot.height + below,
                 size: 12, anchor: .middle)
        }
        if !yTitle.isEmpty {
            text(yTitle, x: 16, y: plot.top + plot.height / 2, size: 12, anchor: .middle,
                 rotate: -90)
        }
    }

    /// Another document's drawing, placed with its top-left corner at (x, y).
    public mutating func embed(_ other: SVGDocument, x: Double, y: Double) {
        elements.append("<g transform=\"translate(\(n(x)) \(n(y)))\">")
        elements += other.elements
        elements.append("</g>")
    }

    // MARK: - Formatting

    private func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return "\(rounded)"
    }

    private func escape(_ string: String) -> String {
        string.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
            of: "<", with: "&lt;"
        )
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
