// Where a step writes: `ROOT/stepN/` (ROOT is `out` unless `--out` says otherwise).

import Foundation

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

    /// Creates the folder (and parents) and checks it is writable.
    public func prepare() throws(UserError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw UserError("--out: \(directory) exists and is not a folder")
            }
        } else {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw UserError("--out: cannot create the folder \(directory) (\(Self.reason(of: error)))")
            }
        }
        guard manager.isWritableFile(atPath: directory) else {
            throw UserError("--out: the folder \(directory) is not writable")
        }
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

    private static func reason(of error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
