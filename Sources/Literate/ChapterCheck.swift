// The checks that keep a chapter honest, shared by ChapterTests and `swift run chapters check`:
// listings equal their anchored sources, quoted output equals a fresh run, quoted numbers equal
// metrics.json, figures exist and match a fresh run.

import Foundation

public struct ChapterCheck {
    /// The repository root (holds Package.swift).
    public let root: URL
    /// The chapter file, e.g. "01-superposition.md".
    public let chapter: String
    public let document: ChapterDocument
    public let runs: StepRunCache

    public init(root: URL, chapter: String, runs: StepRunCache) throws(LiterateError) {
        self.root = root
        self.chapter = chapter
        self.runs = runs
        let path = root.appendingPathComponent("Chapters/\(chapter)").path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LiterateError("cannot read \(path)")
        }
        document = try ChapterDocument(text: String(decoding: data, as: UTF8.self))
    }

    // MARK: - Listings

    /// The anchored source a listing marker names ("path#anchor").
    public func anchoredText(_ source: String) throws(LiterateError) -> String {
        let parts = source.split(separator: "#", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw LiterateError("listing '\(source)' must be PATH#ANCHOR")
        }
        guard
            let data = FileManager.default.contents(
                atPath: root.appendingPathComponent(parts[0]).path)
        else {
            throw LiterateError("listing '\(source)': no file \(parts[0])")
        }
        return try Anchors.region(
            named: parts[1], in: String(decoding: data, as: UTF8.self), file: parts[0])
    }

    /// One line per listing that differs from its source or names a missing file or anchor.
    public func listingProblems() -> [String] {
        document.listings.compactMap { block -> String? in
            do {
                let expected = try anchoredText(block.source)
                return expected == block.content ? nil
                    : "\(chapter): the listing of \(block.source) (line \(block.openingLine + 1)) "
                        + "differs from the source; run swift run chapters sync"
            } catch {
                return "\(chapter): \(error)"
            }
        }
    }

    // MARK: - Outputs and numbers

    /// One line per quoted output that a fresh run does not reproduce.
    public func outputProblems() -> [String] {
        document.outputs.compactMap { block -> String? in
            do {
                let run = try runs.run(block.source)
                guard run.status == 0 else {
                    return
                        "\(chapter): '\(block.source)' exited with \(run.status): "
                            + "\(run.standardError)"
                }
                let fresh = run.standardOutput.trimmingCharacters(in: .newlines)
                return NumericText.difference(
                    quoted: block.content, fresh: fresh, tolerance: .output
                )
                .map {
                    "\(chapter): the output of '\(block.source)' (line \(block.openingLine + 1)) "
                        + "has drifted: \($0)"
                }
            } catch {
                return "\(chapter): \(error)"
            }
        }
    }

    /// One line per number quoted in prose that is not within its tolerance of the run's
    /// metrics.json.
    public func metricProblems() -> [String] {
        document.metrics.compactMap { metric -> String? in
            do {
                guard let value = try runs.run(metric.command).metric(metric.key) else {
                    return
                        "\(chapter) line \(metric.line): metrics.json of '\(metric.command)' has "
                            + "no number at '\(metric.key)'"
                }
                return abs(value - metric.quoted) <= metric.tolerance ? nil
                    : "\(chapter) line \(metric.line): quotes \(metric.key) = \(metric.quoted) "
                        + "(±\(metric.tolerance)) but '\(metric.command)' gives \(value)"
            } catch {
                return "\(chapter): \(error)"
            }
        }
    }

    // MARK: - Figures

    /// Missing images, and committed figures that a fresh run no longer reproduces.
    public func figureProblems() -> [String] {
        let chapters = root.appendingPathComponent("Chapters")
        var problems = document.images.filter { !$0.hasPrefix("http") }.compactMap {
            image -> String? in
            FileManager.default.fileExists(atPath: chapters.appendingPathComponent(image).path)
                ? nil
                : "\(chapter): shows \(image), which does not exist; run swift run chapters sync"
        }
        for figures in document.figures {
            do {
                let run = try runs.run(figures.command)
                for name in svgFiles(in: run.stepFolder) {
                    let committed = chapters.appendingPathComponent(
                        "figures/\(figures.prefix)\(name)"
                    ).path
                    guard let quoted = try? String(contentsOfFile: committed, encoding: .utf8)
                    else {
                        problems.append(
                            "\(chapter): figures/\(figures.prefix)\(name) is missing; run swift "
                                + "run chapters sync"
                        )
                        continue
                    }
                    let fresh =
                        (try? String(contentsOfFile: run.stepFolder + "/" + name, encoding: .utf8))
                        ?? ""
                    if let difference = NumericText.difference(
                        quoted: quoted, fresh: fresh, tolerance: .figure)
                    {
                        problems.append(
                            "\(chapter): figures/\(figures.prefix)\(name) no longer matches "
                                + "'\(figures.command)': \(difference)"
                        )
                    }
                }
            } catch {
                problems.append("\(chapter): \(error.description)")
            }
        }
        return problems
    }

    func svgFiles(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasSuffix(".svg")
        }.sorted()
    }
}
