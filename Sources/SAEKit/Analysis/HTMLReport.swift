// report.html: one self-contained page (inline SVG and CSS, no scripts, no network) with the
// headline numbers, the figures, the matching table and a card per latent.

/// A small HTML page builder.
public struct HTMLReport {
    private var body: [String] = []
    public let title: String

    public init(title: String) { self.title = title }

    public mutating func heading(_ text: String) { body.append("<h2>\(escape(text))</h2>") }
    public mutating func paragraph(_ text: String) { body.append("<p>\(escape(text))</p>") }
    /// Headline numbers as tiles.
    public mutating func tiles(_ items: [(label: String, value: String)]) {
        body.append(
            "<div class=\"tiles\">"
                + items.map {
                    "<div class=\"tile\"><div class=\"value\">\(escape($0.value))</div>"
                        + "<div>\(escape($0.label))</div></div>"
                }
                .joined() + "</div>")
    }
    /// An inline SVG figure.
    public mutating func figure(_ svg: String) { body.append("<figure>\(svg)</figure>") }
    /// A table.
    public mutating func table(header: [String], rows: [[String]]) {
        body.append(
            "<table><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
                + rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }
                .joined() + "</table>")
    }
    /// A card: a title, key–value lines, and an optional inline SVG.
    public mutating func card(
        title: String, lines: [(String, String)], svg: String? = nil, flagged: Bool = false
    ) {
        body.append(
            "<div class=\"card\(flagged ? " flagged" : "")\"><h3>\(escape(title))</h3><dl>"
                + lines.map { "<dt>\(escape($0.0))</dt><dd>\(escape($0.1))</dd>" }.joined()
                + "</dl>" + (svg ?? "") + "</div>")
    }
    public mutating func openCards() { body.append("<div class=\"cards\">") }
    public mutating func closeCards() { body.append("</div>") }

    /// The whole page.
    public var html: String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1100px;
               color: #222; }
        h1 { font-size: 22px; }
        h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; }
        .tiles { display: flex; flex-wrap: wrap; gap: 10px; }
        .tile { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; min-width: 140px;
                font-size: 12px; color: #555; }
        .tile .value { font-size: 20px; color: #222; font-weight: bold; }
        table { border-collapse: collapse; font-size: 13px; }
        td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; }
        .card { border: 1px solid #ddd; border-radius: 6px; padding: 8px; width: 250px;
                font-size: 12px; }
        .card.flagged { background: #f7f7f7; color: #777; }
        .card h3 { font-size: 14px; margin: 0 0 4px; }
        dl { display: grid; grid-template-columns: auto auto; margin: 0; }
        dt { color: #666; } dd { margin: 0; text-align: right; } figure { margin: 8px 0; }
        svg { max-width: 100%; height: auto; }
        </style></head><body>
        <h1>\(escape(title))</h1>
        \(body.joined(separator: "\n"))
        </body></html>

        """
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
            of: "<", with: "&lt;"
        ).replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// A tiny inline histogram (for a latent's card) of the non-zero values.
public func miniHistogram(
    _ values: [Double], bins: Int = 16, width: Double = 230, height: Double = 50
) -> String {
    let counts = histogram(values.filter { $0 > 0 }, bins: bins)
    let top = counts.max() ?? 1
    var doc = SVGDocument(width: width, height: height)
    for (index, count) in counts.enumerated() where top > 0 {
        let barHeight = (height - 4) * count / top
        doc.rect(
            x: Double(index) * width / Double(counts.count), y: height - barHeight,
            width: width / Double(counts.count) - 1, height: barHeight,
            fill: "#4c72b0")
    }
    return doc.rendered
}
