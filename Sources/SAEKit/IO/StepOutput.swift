// Where a step writes: `ROOT/stepN/` (ROOT is `out` unless `--out` says otherwise). What a learner
// finds there belongs to one run: every file a step writes is recorded with a fingerprint of its
// bytes (FolderRecord.swift), and `finish()` removes the recorded files of an earlier run that this
// run did not write again (a figure of another preset, a mode's files), if they are unchanged.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A step's output folder, and the list of files it has written (for the closing summary).
public struct StepOutput: Sendable {
    /// The `--out` root, e.g. `out`.
    public let root: String
    /// The step's folder name, e.g. `step1`.
    public let step: String
    /// File names written so far, in order.
    public private(set) var written: [String] = []
    /// The files this run wrote (paths relative to the folder) and their fingerprints.
    private var thisRun = FolderRecord()
    /// The folder's record as this value last read or wrote it (nil: not read yet).
    private var saved: FolderRecord?

    /// The record's file name: hidden, in every step's folder.
    public static let recordFile = FolderRecord.fileName

    public init(root: String, step: String) {
        self.root = root
        self.step = step
    }

    /// `ROOT/stepN`.
    public var directory: String { (root as NSString).appendingPathComponent(step) }

    /// The path of `name` inside the step's folder.
    public func path(_ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// Creates the folder (and parents), checks it is writable, and removes temporary files a
    /// killed run may have left (`.NAME.tmp-PID`, see AtomicFile.swift).
    public func prepare() throws(UserError) {
        var missing: [String] = []                         // the folders to create, outermost first
        var existing = directory
        while !FileManager.default.fileExists(atPath: existing) {
            missing.insert(existing, at: 0)
            let parent = (existing as NSString).deletingLastPathComponent
            if parent == existing || parent.isEmpty { existing = "."; break }
            existing = parent
        }
        var isDirectory: ObjCBool = false
        // the loop above stopped at a path that exists
        _ = FileManager.default.fileExists(atPath: existing, isDirectory: &isDirectory)
        guard isDirectory.boolValue else {
            throw UserError(
                "--out: \(existing) exists and is not a folder"
                    + (existing == directory ? "" : " (needed for \(directory))"))
        }
        for folder in missing where mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw UserError(
                "--out: cannot create the folder \(folder): \(String(cString: strerror(errno)))")
        }
        guard access(directory, W_OK) == 0 else {
            throw UserError(
                "--out: the folder \(directory) is not writable "
                    + "(\(String(cString: strerror(errno))))"
            )
        }
        let leftovers =
            (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter(
                AtomicFile.isTemporary) ?? []
        for name in leftovers { unlink(path(name)) }
    }

    /// Writes `bytes` as `name` atomically and records it.
    public mutating func write(_ bytes: [UInt8], as name: String) throws(UserError) {
        do {
            try AtomicFile.write(bytes, to: path(name))
        } catch {
            throw UserError(error.description)
        }
        try remember(name, fingerprint: fingerprint(bytes: bytes))
        if !written.contains(name) { written.append(name) }
    }

    /// Records files the step wrote into its folder by other means (an SAELens folder's files,
    /// `sae/cfg.json`), so that a later run that does not write them removes them.
    public mutating func recordWritten(_ paths: [String]) throws(UserError) {
        for name in paths {
            guard let data = FileManager.default.contents(atPath: path(name)) else {
                throw UserError("cannot read back \(path(name))")
            }
            try remember(name, fingerprint: fingerprint(bytes: [UInt8](data)))
        }
    }

    /// Ends the run's writing: removes the files the record holds from an earlier run that this run
    /// did not write (only those whose bytes are still the recorded ones; then their folders, if
    /// empty), and keeps this run's files as the record. Returns one line naming what it removed.
    public mutating func finish() throws(UserError) -> String? {
        var removed: [String] = []
        for (name, recorded) in loadRecord().entries where thisRun[name] == nil {
            guard let data = FileManager.default.contents(atPath: path(name)),
                  // gone, or changed since: not ours now
                  fingerprint(bytes: [UInt8](data)) == recorded else { continue }
            if unlink(path(name)) == 0 { removed.append(name) }
        }
        for folder in Set(
            removed.map { ($0 as NSString).deletingLastPathComponent }.filter { !$0.isEmpty })
        {
            // only if nothing else is in it
            rmdir(path(folder))
        }
        if loadRecord() != thisRun { try saveRecord(thisRun) }
        guard !removed.isEmpty else { return nil }
        return
            "Removed \(removed.count) file\(removed.count == 1 ? "" : "s") an earlier run left in "
                + "\(directory)/: "
            + removed.joined(separator: ", ")
    }

    /// Ends the run's writing (`finish`) and returns a step's last words: the files it wrote,
    /// with the `folders` written beside them, an optional `note`, and which files of an earlier
    /// run it removed, if any.
    public mutating func finishWithSummary(alsoWrote folders: [String] = [], note: String? = nil)
        throws(UserError) -> String {
        let wrote = "Wrote \(directory)/: " + (written + folders).joined(separator: ", ")
            + (note.map { "  (\($0))" } ?? "")
        return ([wrote] + [try finish()].compactMap { $0 }).joined(separator: "\n")
    }

    // MARK: - The record

    /// Notes that this run wrote `name` with these bytes; the record on disk learns of it before
    /// the run ends, so a run killed later still leaves every file it wrote on record.
    private mutating func remember(_ name: String, fingerprint: String) throws(UserError) {
        thisRun.set(name, fingerprint: fingerprint)
        var record = loadRecord()
        guard record[name] != fingerprint else { return }
        record.set(name, fingerprint: fingerprint)
        try saveRecord(record)
    }

    /// The folder's record (empty when there is none or it cannot be read: then nothing is
    /// removed).
    private mutating func loadRecord() -> FolderRecord {
        if let saved { return saved }
        let data = FileManager.default.contents(atPath: path(Self.recordFile))
        let record =
            data.map { FolderRecord(text: String(decoding: $0, as: UTF8.self)) } ?? FolderRecord()
        saved = record
        return record
    }

    private mutating func saveRecord(_ record: FolderRecord) throws(UserError) {
        do {
            try AtomicFile.write(record.text, to: path(Self.recordFile))
        } catch {
            throw UserError(error.description)
        }
        saved = record
    }

    /// Writes `text` as `name` atomically and records it.
    public mutating func write(_ text: String, as name: String) throws(UserError) {
        try write(Array(text.utf8), as: name)
    }

}
