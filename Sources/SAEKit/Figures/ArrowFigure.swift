// 2-D vectors drawn as arrows from the origin, with the unit circle for scale: how a model with
// two hidden dimensions places its features (the pentagon of Elhage et al. 2022).

import Foundation

/// Arrows from the origin, as SVG.
public struct ArrowFigure: Sendable {
    /// One arrow: its tip, a label, and a colour.
    public struct Arrow: Sendable {
        public var x: Double
        public var y: Double
        public var label: String
        public var color: String

        public init(x: Double, y: Double, label: String, color: String) {
            self.x = x
            self.y = y
            self.label = label
            self.color = color
        }
    }

    public var arrows: [Arrow]
    public var title: String
    public var caption: String

    public init(arrows: [Arrow], title: String, caption: String = "") {
        self.arrows = arrows
        self.title = title
        self.caption = caption
    }

    /// The SVG text.
    public var svg: String {
        let size = 380.0, margin = 40.0, top = 44.0
        var doc = SVGDocument(
            width: size + 2 * margin, height: size + top + margin + (caption.isEmpty ? 0 : 16))
        doc.text(title, x: 12, y: 22, size: 14, bold: true)
        let reach = max(
            1.15, (arrows.map { ($0.x * $0.x + $0.y * $0.y).squareRoot() }.max() ?? 1) * 1.2)
        let scale = size / 2 / reach
        let cx = margin + size / 2, cy = top + size / 2
        doc.line(x1: margin, y1: cy, x2: margin + size, y2: cy, stroke: "#cccccc")
        doc.line(x1: cx, y1: top, x2: cx, y2: top + size, stroke: "#cccccc")
        doc.circle(cx: cx, cy: cy, r: scale, stroke: "#999999", dashed: true)
        doc.text(
            "unit circle", x: cx - scale * 0.71 - 4, y: cy + scale * 0.71 + 14, size: 10,
            anchor: .end, fill: "#777777")
        for arrow in arrows {
            let tipX = cx + arrow.x * scale, tipY = cy - arrow.y * scale
            let length = (arrow.x * arrow.x + arrow.y * arrow.y).squareRoot()
            guard length * scale > 2 else {
                doc.circle(cx: cx, cy: cy, r: 3, fill: arrow.color)
                continue
            }
            let ux = (tipX - cx) / (length * scale), uy = (tipY - cy) / (length * scale)
            let head = 10.0
            let baseX = tipX - ux * head, baseY = tipY - uy * head
            doc.line(x1: cx, y1: cy, x2: baseX, y2: baseY, stroke: arrow.color, width: 2.5)
            doc.polygon([(tipX, tipY), (baseX - uy * head * 0.45, baseY + ux * head * 0.45),
                         (baseX + uy * head * 0.45, baseY - ux * head * 0.45)], fill: arrow.color)
            doc.text(
                arrow.label, x: tipX + ux * 14, y: tipY + uy * 14 + 4, size: 12, anchor: .middle,
                fill: arrow.color, bold: true)
        }
        if !caption.isEmpty {
            doc.text(caption, x: 12, y: top + size + margin, size: 11, fill: "#555555")
        }
        return doc.rendered
    }
}
