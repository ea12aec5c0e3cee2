// `swift run chapters sync`: rewrite a chapter's listings, outputs and quoted numbers from the
// sources and fresh runs, and copy the runs' figures into Chapters/figures/.

import Foundation
import SAEKit

extension ChapterCheck {
    /// The chapter's new text and the figures to copy (destination path, SVG text).
    public func synchronised() throws(LiterateError) -> (text: String, figures: [(String, String)])
    {
        var replacements: [(block: ChapterBlock, content: String)] = []
        for block in document.listings {
            replacements.append((block, try anchoredText(block.source)))
        }
        for block in document.outputs {
            let run = try runs.run(block.source)
            guard run.status == 0 else {
                throw LiterateError(
                    "'\(block.source)' exited with \(run.status): \(run.standardError)")
            }
            replacements.append((block, run.standardOutput.trimmingCharacters(in: .newlines)))
        }
        // Requote numbers first: their line numbers refer to the chapter before blocks change
        // length.
        var requoted = document
        for metric in document.metrics {
            guard let value = try runs.run(metric.command).metric(metric.key) else {
                throw LiterateError(
                    "line \(metric.line): metrics.json of '\(metric.command)' has no number at "
                        + "'\(metric.key)'"
                )
            }
            requoted.lines[metric.line - 1] = Self.requote(
                requoted.lines[metric.line - 1], metric: metric, value: value)
        }
        let text = requoted.replacing(replacements)
        var figures: [(String, String)] = []
        for spec in document.figures {
            let run = try runs.run(spec.command)
            for name in svgFiles(in: run.stepFolder) {
                let text =
                    (try? String(contentsOfFile: run.stepFolder + "/" + name, encoding: .utf8))
                    ?? ""
                figures.append(
                    (
                        root.appendingPathComponent("Chapters/figures/\(spec.prefix)\(name)").path,
                        text
                    ))
            }
        }
        return (text, figures)
    }

    /// Replaces the number before a metric marker with `value`, keeping its decimals.
    static func requote(_ line: String, metric: ChapterMetric, value: Double) -> String {
        let marker = "<!-- metric: \(metric.command) | \(metric.key) ±"
        guard let markerRange = line.range(of: marker) else { return line }
        var numberStart = markerRange.lowerBound
        while numberStart > line.startIndex, "*%".contains(line[line.index(before: numberStart)]) {
            numberStart = line.index(before: numberStart)
        }
        let stars = line[numberStart..<markerRange.lowerBound]
        var start = numberStart
        while start > line.startIndex, "0123456789.-+e".contains(line[line.index(before: start)]) {
            start = line.index(before: start)
        }
        let old = String(line[start..<numberStart])
        let quoted = metric.isPercentage ? 100 * value : value
        let new: String
        if let exponent = old.firstIndex(of: "e") {
            let decimals = old[..<exponent].split(separator: ".").dropFirst().first?.count ?? 0
            new = formatScientific(quoted, digits: decimals)
        } else {
            let decimals = old.split(separator: ".").dropFirst().first?.count ?? 0
            new = String(format: "%.\(decimals)f", quoted)
        }
        return String(line[..<start]) + new + stars + String(line[markerRange.lowerBound...])
    }
}
