// A chapter's machine-checked parts, found by HTML comments that render invisibly on GitHub:
//
//   <!-- listing: Sources/SAEKit/ToyModel/ToyModelTraining.swift#toy-training-loop -->
//   ```swift … ```                      the anchored source, verbatim
//
//   <!-- output: step1 --preset pentagon -->
//   ```text … ```                       what that command prints (standard output)
//
//   0.561<!-- metric: step1 | dimensions_per_feature ±0.005 -->
//                                       a number quoted in prose, checked against metrics.json
//
//   <!-- figures: step1 --preset pentagon | step1-pentagon- -->
//                                       the run's SVGs live in figures/ with that prefix

import Foundation

/// A fenced block the chapter takes from somewhere else.
public struct ChapterBlock: Sendable {
    /// The marker's argument: "path#anchor" for listings, the command for outputs.
    public var source: String
    /// The block's current content (between the fences).
    public var content: String
    /// Line index of the opening fence and of the closing fence.
    public var openingLine: Int
    public var closingLine: Int
}

/// A number quoted in prose with the metric it must match.
public struct ChapterMetric: Sendable {
    public var command: String
    public var key: String
    /// In the metric's units (a fraction, when the chapter quotes a percentage).
    public var tolerance: Double
    /// The quoted number, converted to the metric's units (35.2% is 0.352).
    public var quoted: Double
    public var line: Int
    /// The chapter writes the number as a percentage of the metric.
    public var isPercentage = false
}

/// The figures a run contributes, and the prefix they take in `Chapters/figures/`.
public struct ChapterFigures: Sendable {
    public var command: String
    public var prefix: String
}

/// A parsed chapter.
public struct ChapterDocument: Sendable {
    public var lines: [String]
    public var listings: [ChapterBlock] = []
    public var outputs: [ChapterBlock] = []
    public var metrics: [ChapterMetric] = []
    public var figures: [ChapterFigures] = []
    /// Paths of images the chapter shows, relative to the chapter.
    public var images: [String] = []
    /// `id`s of `<a id="…"></a>` anchors.
    public var anchorIDs: Set<String> = []

    public init(text: String) throws(LiterateError) {
        lines = text.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if let source = Self.marker(line, "listing") {
                listings.append(try block(after: index, source: source))
            } else if let command = Self.marker(line, "output") {
                outputs.append(try block(after: index, source: command))
            } else if let spec = Self.marker(line, "figures") {
                let parts = spec.components(separatedBy: " | ")
                guard parts.count == 2 else {
                    throw LiterateError(
                        "line \(index + 1): figures marker needs 'COMMAND | PREFIX'")
                }
                figures.append(ChapterFigures(command: parts[0], prefix: parts[1]))
            }
            metrics += try Self.metrics(in: lines[index], line: index)
            images += Self.matches(#"!\[[^\]]*\]\(([^)]+)\)"#, in: lines[index])
            anchorIDs.formUnion(Self.matches(#"<a id="([^"]+)"></a>"#, in: lines[index]))
            index += 1
        }
    }

    /// The fenced block that must start on the line after a marker.
    private func block(
        after markerLine: Int, source: String
    ) throws(LiterateError) -> ChapterBlock {
        let opening = markerLine + 1
        guard opening < lines.count, lines[opening].hasPrefix("```") else {
            throw LiterateError(
                "line \(markerLine + 1): a fenced code block must follow the marker for '\(source)'"
            )
        }
        guard let closing = lines[(opening + 1)...].firstIndex(where: { $0.hasPrefix("```") })
        else {
            throw LiterateError("line \(opening + 1): unclosed code block")
        }
        return ChapterBlock(
            source: source, content: lines[(opening + 1)..<closing].joined(separator: "\n"),
            openingLine: opening, closingLine: closing)
    }

    static func marker(_ line: String, _ kind: String) -> String? {
        let prefix = "<!-- \(kind): ", suffix = " -->"
        guard line.hasPrefix(prefix), line.hasSuffix(suffix) else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(suffix.count))
    }

    static func metrics(in line: String, line index: Int) throws(LiterateError) -> [ChapterMetric] {
        let number = #"([-+]?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?)"#
        let pattern = number
            + #"(%?)\**<!-- metric: (.+?) \| (\S+) ±([0-9.]+(?:e[-+]?[0-9]+)?) -->"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(line.startIndex..., in: line)
        var found: [ChapterMetric] = []
        for match in regex.matches(in: line, range: range) {
            let group = { (i: Int) in String(line[Range(match.range(at: i), in: line)!]) }
            guard let quoted = Double(group(1)), let tolerance = Double(group(5)) else {
                throw LiterateError("line \(index + 1): unreadable metric marker")
            }
            let percentage = group(2) == "%"
            found.append(
                ChapterMetric(
                    command: group(3), key: group(4), tolerance: tolerance,
                    quoted: percentage ? quoted / 100 : quoted,
                    line: index + 1, isPercentage: percentage))
        }
        if line.contains("<!-- metric:") && found.isEmpty {
            throw LiterateError(
                "line \(index + 1): a metric marker must follow its number directly: 0.56<!-- "
                    + "metric: step1 | key ±0.01 -->"
            )
        }
        return found
    }

    static func matches(_ pattern: String, in line: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: line, range: NSRange(line.startIndex..., in: line)).map {
            String(line[Range($0.range(at: 1), in: line)!])
        }
    }

    /// The chapter with some blocks' contents replaced (for `chapters sync`).
    public func replacing(_ replacements: [(block: ChapterBlock, content: String)]) -> String {
        var result = lines
        for (block, content) in replacements.sorted(by: {
            $0.block.openingLine > $1.block.openingLine
        }) {
            result.replaceSubrange(
                (block.openingLine + 1)..<block.closingLine,
                with: content.components(separatedBy: "\n"))
        }
        return result.joined(separator: "\n")
    }
}
