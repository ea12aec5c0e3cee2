// Chapters cannot drift from the code: every listing equals its anchored source, every quoted
// output and number matches a fresh run with the default seed, every figure exists and matches,
// every exercise has its anchor. Fix a failure with `swift run chapters sync` (after swift build).

import Foundation
import Grading
@testable import Literate
import Testing

/// The repository root, found from this file's path (Tests/ChapterTests/ChapterTests.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Runs shared by every test in this file: each distinct command runs once.
let sharedRuns = StepRunCache()

let chapters = [
    "01-superposition.md", "02-activations.md", "03-sparse-autoencoder.md", "04-training.md",
    "05-feature-matching.md", "06-topk.md"
]

@Suite("Chapters stay in sync")
struct ChapterTests {
    func check(_ chapter: String) throws -> ChapterCheck {
        try ChapterCheck(root: repositoryRoot, chapter: chapter, runs: sharedRuns)
    }

    @Test(arguments: chapters)
    func listingsEqualTheirAnchoredSources(chapter: String) throws {
        let check = try check(chapter)
        #expect(!check.document.listings.isEmpty)
        for problem in check.listingProblems() { Issue.record(Comment(rawValue: problem)) }
    }

    @Test(arguments: chapters)
    func quotedOutputMatchesAFreshRun(chapter: String) throws {
        let check = try check(chapter)
        #expect(!check.document.outputs.isEmpty)
        for problem in check.outputProblems() { Issue.record(Comment(rawValue: problem)) }
    }

    @Test(arguments: chapters)
    func quotedNumbersMatchMetrics(chapter: String) throws {
        let check = try check(chapter)
        #expect(!check.document.metrics.isEmpty)
        for problem in check.metricProblems() { Issue.record(Comment(rawValue: problem)) }
    }

    @Test(arguments: chapters)
    func figuresExistAndMatchAFreshRun(chapter: String) throws {
        for problem in try check(chapter).figureProblems() {
            Issue.record(Comment(rawValue: problem))
        }
    }

    /// Listings and outputs are read on laptops and on GitHub: no line of a fenced block is wider
    /// than 100 columns (the sources and the steps' output are kept within it).
    @Test(arguments: chapters)
    func everyQuotedLineFitsIn100Columns(chapter: String) throws {
        let url = repositoryRoot.appendingPathComponent("Chapters").appendingPathComponent(chapter)
        var inBlock = false
        for (index, line) in try String(contentsOf: url, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            #expect(!inBlock || line.count <= 100,
                    "\(chapter):\(index + 1) is \(line.count) columns wide: \(line)")
        }
    }

    @Test func everyExerciseHasItsAnchorInItsChapter() throws {
        for exercise in Exercise.catalog {
            let check = try check(exercise.chapter)
            #expect(
                check.document.anchorIDs.contains(exercise.anchor),
                "\(exercise.chapter) has no <a id=\"\(exercise.anchor)\"></a>")
            #expect(
                check.document.listings.contains {
                    $0.source.hasSuffix("#exercise-\(exercise.id)")
                },
                "\(exercise.chapter) does not show the signature of exercise \(exercise.id)")
        }
    }

    @Test func everyAnchorInTheSourcesIsClosed() throws {
        for folder in ["Sources", "Exercises", "Solutions"] {
            let base = repositoryRoot.appendingPathComponent(folder)
            let files =
                FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String }
                .filter { $0.hasSuffix(".swift") } ?? []
            for file in files {
                let text = try String(
                    contentsOf: base.appendingPathComponent(file), encoding: .utf8)
                for anchor in Anchors.names(in: text) where !anchor.closed {
                    Issue.record("\(folder)/\(file): anchor '\(anchor.name)' is never closed")
                }
            }
        }
    }
}

/// The checker itself must fail on drift; these feed it a broken chapter.
@Suite("The chapter checker catches drift")
struct ChapterCheckerTests {
    func checkOf(_ text: String) throws -> ChapterCheck {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sae-chapter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        try "let a = 1\n    // ANCHOR: demo\n    let b = 2\n    // ANCHOR_END: demo\n".write(
            to: folder.appendingPathComponent("Sources/Demo.swift"), atomically: true,
            encoding: .utf8)
        try text.write(
            to: folder.appendingPathComponent("Chapters/test.md"), atomically: true, encoding: .utf8
        )
        return try ChapterCheck(root: folder, chapter: "test.md", runs: StepRunCache())
    }

    @Test func aMatchingListingPasses() throws {
        #expect(
            try checkOf("<!-- listing: Sources/Demo.swift#demo -->\n```swift\nlet b = 2\n```\n")
                .listingProblems().isEmpty)
    }

    @Test func anEditedListingFails() throws {
        let problems = try checkOf(
            "<!-- listing: Sources/Demo.swift#demo -->\n```swift\nlet b = 3\n```\n"
        ).listingProblems()
        #expect(problems.count == 1 && problems[0].contains("differs from the source"))
    }

    @Test func aMissingAnchorOrFileFails() throws {
        let anchor = try checkOf("<!-- listing: Sources/Demo.swift#nope -->\n```swift\n```\n")
            .listingProblems()
        #expect(anchor.first?.contains("has no '// ANCHOR: nope'") == true)
        let file = try checkOf("<!-- listing: Sources/Gone.swift#demo -->\n```swift\n```\n")
            .listingProblems()
        #expect(file.first?.contains("no file Sources/Gone.swift") == true)
    }

    @Test func aMarkerWithoutABlockIsAnError() {
        #expect(throws: LiterateError.self) {
            try checkOf("<!-- listing: Sources/Demo.swift#demo -->\ntext\n")
        }
    }

    @Test func aMissingImageFails() throws {
        #expect(
            try checkOf("![x](figures/none.svg)\n").figureProblems().first?.contains(
                "does not exist") == true)
    }

    @Test func numericComparisonToleratesLastDigitsButNotWordsOrCounts() {
        #expect(
            NumericText.difference(
                quoted: "D* = 0.561, 9 of 10", fresh: "D* = 0.562, 9 of 10", tolerance: .output)
                == nil)
        #expect(
            NumericText.difference(quoted: "D* = 0.561", fresh: "D* = 0.600", tolerance: .output)
                != nil)
        #expect(
            NumericText.difference(quoted: "9 of 10", fresh: "8 of 10", tolerance: .output) != nil)
        #expect(NumericText.difference(quoted: "kept", fresh: "dropped", tolerance: .output) != nil)
        #expect(
            NumericText.difference(
                quoted: "trained in  1.4s, 3 samples", fresh: "trained in 12.9s, 3 samples",
                tolerance: .output) == nil,
            "durations depend on the machine; the spaces that align them do not count")
        #expect(
            NumericText.difference(quoted: "1.4 steps", fresh: "12.9 steps", tolerance: .output)
                != nil, "only \"…s\" is a duration")
        #expect(
            NumericText.difference(quoted: "a b", fresh: "ab", tolerance: .output) != nil,
            "a space still separates words")
        #expect(NumericText.difference(quoted: "a\nb", fresh: "a\nb\nc", tolerance: .output) != nil)
        #expect(NumericText.difference(quoted: "x -0.5", fresh: "x 0.5", tolerance: .output) != nil)
        #expect(
            NumericText.difference(
                quoted: "fill=\"#4c72b0\"", fresh: "fill=\"#4d72b1\"", tolerance: .figure) == nil)
        #expect(
            NumericText.difference(
                quoted: "fill=\"#4c72b0\"", fresh: "fill=\"#ff72b0\"", tolerance: .figure) != nil)
    }

    @Test func syncRequotesANumberKeepingItsDecimals() {
        let metric = ChapterMetric(command: "step1", key: "k", tolerance: 0.1, quoted: 0.5, line: 1)
        #expect(
            ChapterCheck.requote(
                "D = **0.50**<!-- metric: step1 | k ±0.1 -->.", metric: metric, value: 0.4567)
                == "D = **0.46**<!-- metric: step1 | k ±0.1 -->.")
        let percent = ChapterMetric(
            command: "step2", key: "f", tolerance: 0.01, quoted: 0.35, line: 1, isPercentage: true)
        #expect(
            ChapterCheck.requote(
                "35.0%<!-- metric: step2 | f ±0.01 --> zero", metric: percent, value: 0.3521)
                == "35.2%<!-- metric: step2 | f ±0.01 --> zero")
    }

    @Test func scientificNumbersAreReadAndRequoted() throws {
        let document = try ChapterDocument(
            text: "at most 1.0e-10<!-- metric: step3 | g ±1e-9 --> here")
        #expect(
            document.metrics.first?.quoted == 1e-10 && document.metrics.first?.tolerance == 1e-9)
        let metric = try #require(document.metrics.first)
        #expect(
            ChapterCheck.requote(
                "at most 1.0e-10<!-- metric: step3 | g ±1e-9 --> here", metric: metric,
                value: 2.345e-11)
                == "at most 2.3e-11<!-- metric: step3 | g ±1e-9 --> here")
    }

    @Test func percentagesAreReadAsFractions() throws {
        let document = try ChapterDocument(
            text: "35.2%<!-- metric: step2 | active_distribution.0 ±0.005 -->")
        #expect(
            abs((document.metrics.first?.quoted ?? 0) - 0.352) < 1e-12
                && document.metrics.first?.isPercentage == true)
    }
}
