// Where a step writes: `ROOT/stepN/` (ROOT is `out` unless `--out` says otherwise).

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

    public init(root: String, step: String) {
        self.root = root
        self.step = step
    }

    /// `ROOT/stepN`.
    public var directory: String { (root as NSString).appendingPathComponent(step) }

    /// The path of `name` inside the step's folder.
    public func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// Creates the folder (and parents), checks it is writable, and removes temporary files a killed
    /// run may have left (`.NAME.tmp-PID`, see AtomicFile.swift).
    public func prepare() throws(UserError) {
        var missing: [String] = []                                  // the folders to create, outermost first
        var existing = directory
        while !FileManager.default.fileExists(atPath: existing) {
            missing.insert(existing, at: 0)
            let parent = (existing as NSString).deletingLastPathComponent
            if parent == existing || parent.isEmpty { existing = "."; break }
            existing = parent
        }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: existing, isDirectory: &isDirectory)           // the loop above stopped at a path that exists
        guard isDirectory.boolValue else {
            throw UserError("--out: \(existing) exists and is not a folder" + (existing == directory ? "" : " (needed for \(directory))"))
        }
        for folder in missing where mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw UserError("--out: cannot create the folder \(folder): \(String(cString: strerror(errno)))")
        }
        guard access(directory, W_OK) == 0 else {
            throw UserError("--out: the folder \(directory) is not writable (\(String(cString: strerror(errno))))")
        }
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter(AtomicFile.isTemporary) ?? []
        for name in leftovers { unlink(path(name)) }
    }

    /// Writes `bytes` as `name` atomically and records it.
    public mutating func write(_ bytes: [UInt8], as name: String) throws(UserError) {
        do {
            try AtomicFile.write(bytes, to: path(name))
        } catch {
            throw UserError(error.description)
        }
        if !written.contains(name) { written.append(name) }
    }

    /// Writes `text` as `name` atomically and records it.
    public mutating func write(_ text: String, as name: String) throws(UserError) {
        try write(Array(text.utf8), as: name)
    }

}
