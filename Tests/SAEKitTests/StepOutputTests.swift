// A step's folder holds one run's files (StepOutput.swift, FolderRecord.swift): a run removes what
// an earlier run wrote and it did not, says so in one line, and never touches a file the step did
// not write or that was changed after it wrote it.

import Foundation
@testable import SAEKit
import Testing

@Suite("Step output folders")
struct StepOutputTests {
    /// The files under `folder`, relative paths, sorted (the record included).
    static func files(_ folder: String) -> [String] {
        let names =
            FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: folder + "/" + name, isDirectory: &isFolder)
            return exists && !isFolder.boolValue
        }.sorted()
    }

    /// One run: writes `names` (each file's text is its name plus `version`) and an SAELens-like
    /// subfolder when `withFolder`; returns the line `finish()` prints.
    static func run(_ root: String, _ names: [String], version: String = "",
                    withFolder: Bool = false) throws -> String? {
        var output = StepOutput(root: root, step: "step9")
        try output.prepare()
        for name in names { try output.write(name + version, as: name) }
        if withFolder {
            try FileManager.default.createDirectory(atPath: output.path("sae"),
                                                    withIntermediateDirectories: true)
            for name in ["sae/cfg.json", "sae/weights"] {
                try AtomicFile.write(name, to: output.path(name))
            }
            try output.recordWritten(["sae/cfg.json", "sae/weights"])
        }
        return try output.finish()
    }

    /// The line a run prints after removing `names` from `folder`.
    static func removed(_ names: [String], from folder: String) -> String {
        "Removed \(names.count) file\(names.count == 1 ? "" : "s") an earlier run left in \(folder)/: "
            + names.joined(separator: ", ")
    }

    @Test func aRunRemovesWhatAnEarlierRunWroteAndItDidNot() throws {
        let root = AtomicFileTests.temporaryFolder(), folder = root + "/step9"
        let first = try Self.run(root, ["a.svg", "b.svg", "metrics.json"], withFolder: true)
        #expect(first == nil, "nothing to remove in a new folder")
        #expect(Self.files(folder)
                == [".step-files", "a.svg", "b.svg", "metrics.json", "sae/cfg.json", "sae/weights"])
        let line = try Self.run(root, ["c.svg", "metrics.json"], version: " 2")
        #expect(
            line == Self.removed(["a.svg", "b.svg", "sae/cfg.json", "sae/weights"], from: folder))
        #expect(
            Self.files(folder) == [".step-files", "c.svg", "metrics.json"],
            "the emptied subfolder goes")
        let metrics = try String(contentsOfFile: folder + "/metrics.json", encoding: .utf8)
        #expect(metrics == "metrics.json 2")
        // Written again, files come back; the same run twice removes nothing, leaving the same
        // record.
        #expect(
            try Self.run(root, ["a.svg", "metrics.json"]) == Self.removed(["c.svg"], from: folder))
        let record = try String(contentsOfFile: folder + "/.step-files", encoding: .utf8)
        #expect(try Self.run(root, ["a.svg", "metrics.json"]) == nil)
        #expect(try String(contentsOfFile: folder + "/.step-files", encoding: .utf8) == record)
    }

    @Test func filesTheStepDidNotWriteOrThatChangedSinceStay() throws {
        let root = AtomicFileTests.temporaryFolder(), folder = root + "/step9"
        _ = try Self.run(root, ["a.svg", "b.svg", "c.svg"], withFolder: true)
        try AtomicFile.write("my notes", to: folder + "/notes.txt")           // the user's own file
        try AtomicFile.write("edited by hand", to: folder + "/b.svg")      // a step's file, changed
        // the user's, in a step's folder
        try AtomicFile.write("mine too", to: folder + "/sae/extra.txt")
        let line = try Self.run(root, ["metrics.json"])
        #expect(
            line == Self.removed(["a.svg", "c.svg", "sae/cfg.json", "sae/weights"], from: folder))
        #expect(
            Self.files(folder) == [
                ".step-files", "b.svg", "metrics.json", "notes.txt", "sae/extra.txt"
            ])
        // b.svg is the user's now: no later run removes it.
        #expect(try Self.run(root, ["d.svg"]) == Self.removed(["metrics.json"], from: folder))
        #expect(Self.files(folder).contains("b.svg"))
    }

    @Test func aRecordNamingFilesOutsideTheFolderIsIgnored() throws {
        let root = AtomicFileTests.temporaryFolder(), folder = root + "/step9"
        try AtomicFile.write("outside", to: root + "/victim.txt")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let hash = fingerprint(bytes: Array("outside".utf8))
        let record = [
            "../victim.txt\t\(hash)", "\(root)/victim.txt\t\(hash)", "./x\t\(hash)", "no-tab"
        ]
        try AtomicFile.write(record.joined(separator: "\n") + "\n", to: folder + "/.step-files")
        #expect(try Self.run(root, ["a.svg"]) == nil)
        #expect(FileManager.default.fileExists(atPath: root + "/victim.txt"))
        #expect(
            FolderRecord(text: "a\tb\n../c\td\n/e\tf\ng\t\n# h\ti\n").entries.map(\.path) == ["a"])
    }

    @Test func aRunKilledBeforeItFinishedStillHasItsFilesOnRecord() throws {
        let root = AtomicFileTests.temporaryFolder(), folder = root + "/step9"
        _ = try Self.run(root, ["a.svg"])
        var killed = StepOutput(root: root, step: "step9")           // writes b.svg, never finishes
        try killed.write("b", as: "b.svg")
        #expect(try Self.run(root, ["c.svg"]) == Self.removed(["a.svg", "b.svg"], from: folder))
    }
}
