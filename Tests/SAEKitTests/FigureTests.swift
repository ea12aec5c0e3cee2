// Figures are valid SVG with the marks they promise; terminal renderings are legible without
// colour.

@testable import SAEKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Counts elements by name while checking the document is well-formed XML.
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) { counts[name, default: 0] += 1 }
    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }

    static func parse(_ svg: String) -> ElementCounter? {
        let counter = ElementCounter()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = counter
        return parser.parse() ? counter : nil
    }
}

@Suite("Figures")
struct FigureTests {
    @Test func heatmapHasOneCellPerEntryAndEscapesText() throws {
        let svg = HeatmapFigure(matrix: Matrix([[1, -1, 0], [0.5, 0, 2]]), title: "A <&> B").svg
        let counter = try #require(ElementCounter.parse(svg))
        let cells = svg.components(separatedBy: "<title>").count - 1
        #expect(cells == 6)
        #expect(counter.texts.joined().contains("A <&> B"))
        #expect(counter.counts["svg"] == 1)
    }

    @Test func barChartColoursBarsByTheSecondValue() throws {
        let svg = BarChartFigure(
            values: [1, 0.5], labels: ["a", "b"], title: "t", colorValues: [0, 1],
            colorScale: .sequential(lower: 0, upper: 1), colorTitle: "c"
        ).svg
        #expect(ElementCounter.parse(svg) != nil)
        #expect(svg.contains("fill=\"\(ColorScale.sequential(lower: 0, upper: 1).color(0).hex)\""))
        #expect(svg.contains("fill=\"\(ColorScale.sequential(lower: 0, upper: 1).color(1).hex)\""))
    }

    @Test func lineChartSkipsNonPositiveValuesOnALogScale() throws {
        let svg = LineChartFigure(
            series: [.init(name: "s", points: [(0, 1), (1, 0), (2, 0.01)])], title: "t",
            logarithmicY: true
        ).svg
        let counter = try #require(ElementCounter.parse(svg))
        #expect(counter.counts["polyline"] == 1)
        let points = svg.components(separatedBy: "points=\"")[1].components(separatedBy: "\"")[0]
        #expect(points.split(separator: " ").count == 2)
    }

    @Test func arrowFigureDrawsOneHeadPerArrow() throws {
        let arrows = (0..<5).map {
            ArrowFigure.Arrow(
                x: cos(Double($0)), y: sin(Double($0)), label: "\($0)", color: "#000000")
        }
        let counter = try #require(
            ElementCounter.parse(ArrowFigure(arrows: arrows, title: "t").svg))
        #expect(counter.counts["polygon"] == 5)
    }

    @Test func colourScalesHitTheirEnds() {
        let diverging = ColorScale.diverging(limit: 2)
        #expect(diverging.color(0).hex == "#f7f7f7")
        #expect(diverging.color(-5) == diverging.color(-2))
        #expect(diverging.color(2).red > diverging.color(2).blue)
        #expect(diverging.color(-2).blue > diverging.color(-2).red)
    }

    @Test func niceTicksAndLabels() {
        let ticks = niceTicks(0, 1)
        #expect(ticks.count == 6 && ticks.first == 0 && abs(ticks.last! - 1) < 1e-12)
        #expect(niceTicks(0, 10_000).map { $0 } == [0, 2000, 4000, 6000, 8000, 10_000])
        #expect(tickLabel(2000) == "2000")
        #expect(tickLabel(0.005) == "0.005")
        #expect(tickLabel(0.25) == "0.25")
        #expect(
            logTicks(log10(0.004), log10(0.06)).map { (pow(10, $0) * 1e4).rounded() / 1e4 } == [
                0.005, 0.01, 0.02, 0.05
            ])
    }
}

@Suite("Terminal")
struct TerminalTests {
    @Test func sparklineSpansLowToHigh() {
        #expect(Sparkline.render([1, 2, 3, 4, 5, 6, 7, 8], width: 8) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([3, 3, 3], width: 3) == "▁▁▁")
        #expect(Sparkline.render([], width: 5) == "")
        #expect(Sparkline.render([100, 10, 1], width: 3, logarithmic: true) == "█▄▁")
    }

    @Test func plainHeatmapShowsSignAndStrength() {
        let lines = TerminalHeatmap(matrix: Matrix([[1, -1], [0, 0.5]])).lines(
            style: TerminalStyle(colorEnabled: false))
        #expect(lines == ["   0 1", "0 ██-█", "1  ·▒▒"])
        #expect(!lines.joined().contains("\u{1B}"))
    }

    @Test func colourOnlyWhenAllowed() {
        let plain = TerminalStyle(colorEnabled: false), colour = TerminalStyle(colorEnabled: true)
        #expect(plain.bold("x") == "x" && plain.background("  ", RGB(1, 0, 0)) == "  ")
        #expect(colour.bold("x") == "\u{1B}[1mx\u{1B}[0m")
        #expect(colour.background("  ", RGB(1, 0, 0)).contains("48;5;196"))
        #expect(
            !TerminalStyle.detect(noColorFlag: false, environment: ["NO_COLOR": "1"]).colorEnabled)
        #expect(!TerminalStyle.detect(noColorFlag: true, environment: [:]).colorEnabled)
        #expect(
            !TerminalStyle.detect(noColorFlag: false, environment: ["TERM": "dumb"]).colorEnabled)
    }

    @Test func progressBarAndDurations() {
        #expect(ProgressLine.bar(0.5, width: 4) == "[██░░]")
        #expect(ProgressLine.bar(2, width: 2) == "[██]")
        #expect(ProgressLine.seconds(1.25) == "1.2s" || ProgressLine.seconds(1.25) == "1.3s")
        #expect(ProgressLine.seconds(75) == "1m15s")
    }

    @Test func numbersNeverPrintNegativeZero() {
        #expect(formatFixed(-0.0001, decimals: 2) == "0.00")
        #expect(formatFixed(-0.006, decimals: 2) == "-0.01")
        #expect(formatFixed(.nan, decimals: 2) == "nan")
        #expect(leftPad("ab", 4) == "  ab" && rightPad("ab", 3) == "ab ")
    }
}
