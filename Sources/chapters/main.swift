// Maintainers' tool for the literate chapters (run from the repository root, after `swift build`):
//   swift run chapters check [CHAPTER…]   the same checks as ChapterTests
//   swift run chapters sync  [CHAPTER…]   rewrite listings, outputs, quoted numbers; copy figures

import Foundation
import Literate

let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first, ["check", "sync"].contains(mode) else {
    print(
        "usage: swift run chapters check|sync [CHAPTER.md …]   (from the repository root, after "
            + "swift build)"
    )
    exit(["--help", "-h"].contains(arguments.first ?? "") ? 0 : 2)
}

let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path)
else {
    FileHandle.standardError.write(Data("chapters: run this from the repository root\n".utf8))
    exit(2)
}
let requested = Array(arguments.dropFirst())
let chapters = requested.isEmpty
    ? ((try? FileManager.default.contentsOfDirectory(atPath: "Chapters")) ?? []).filter {
        $0.hasSuffix(".md")
    }.sorted()
    : requested
let runs = StepRunCache()
var failures = 0
for chapter in chapters {
    do {
        let check = try ChapterCheck(root: root, chapter: chapter, runs: runs)
        if mode == "sync" {
            let (text, figures) = try check.synchronised()
            try text.write(toFile: "Chapters/\(chapter)", atomically: true, encoding: .utf8)
            for (path, svg) in figures {
                try svg.write(toFile: path, atomically: true, encoding: .utf8)
            }
            print(
                "\(chapter): synced \(check.document.listings.count) listings, "
                    + "\(check.document.outputs.count) outputs, "
                    + "\(check.document.metrics.count) numbers, \(figures.count) figures")
        } else {
            let problems =
                check.listingProblems() + check.outputProblems() + check.metricProblems()
                + check.figureProblems()
            problems.forEach { print($0) }
            failures += problems.count
            if problems.isEmpty { print("\(chapter): ok") }
        }
    } catch {
        print("\(chapter): \(error)")
        failures += 1
    }
}
exit(failures == 0 ? 0 : 1)
