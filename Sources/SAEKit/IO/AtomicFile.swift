// Every artifact is written atomically: bytes go to a temporary file in the destination's folder,
// are flushed to disk, and the file is renamed over the destination. A run killed at any moment
// leaves the old file or the new one, never half of one.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A write that could not complete. The destination is untouched.
public struct FileWriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}

/// Atomic (temp file + rename) writes.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, replacing any existing file.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + temporaryMarker + "\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: path, reason: systemReason()) }
        var written = 0
        // tests only: fewer when a kill is due
        let allowed = FaultInjection.allowedBytes(of: bytes.count)
        while written < allowed {
            let result = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + written, allowed - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = systemReason()
                close(descriptor)
                unlink(temporary)
                throw FileWriteError(path: path, reason: reason)
            }
            written += result
        }
        // killed in the middle of this file
        if allowed < bytes.count { FaultInjection.killNow() }
        let synced = fsync(descriptor) == 0
        let syncReason = synced ? "" : systemReason()
        close(descriptor)
        guard synced else {
            unlink(temporary)
            throw FileWriteError(path: path, reason: syncReason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = systemReason()
            unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
    }

    /// What temporary file names carry before the writer's process id: `.NAME.tmp-PID`.
    static let temporaryMarker = ".tmp-"

    /// Whether `name` is a temporary file of an atomic write (left behind if the writer was
    /// killed).
    public static func isTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), let marker = name.range(of: temporaryMarker, options: .backwards)
        else { return false }
        return !name[marker.upperBound...].isEmpty
            && name[marker.upperBound...].allSatisfy(\.isNumber)
    }

    /// Writes UTF-8 `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws(FileWriteError) {
        try write(Array(text.utf8), to: path)
    }

    private static func systemReason() -> String { String(cString: strerror(errno)) }

    private static func systemWrite(
        _ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int
    ) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, pointer, count)
        #else
        Darwin.write(descriptor, pointer, count)
        #endif
    }
}
