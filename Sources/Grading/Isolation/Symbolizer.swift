// Places an instruction in the source with the toolchain's llvm-symbolizer, when it is on PATH
// (Linux toolchains ship it). Used for a trap inside the learner's own function, which the crash
// handler's backtrace cannot see; without a symbolizer the report names the function only.

import Foundation

enum Symbolizer {
    /// One frame at an address: the innermost first. A trap's innermost frame is the compiler's
    /// own ("Swift runtime failure: arithmetic overflow"), which names the check that failed.
    struct Frame {
        var function: String
        var path: String
        var line: Int
    }

    /// The symbolizer's path on PATH, or nil.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/llvm-symbolizer"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// The frames (inlined ones included) at `offset` in the binary `image`; empty without a
    /// symbolizer.
    static func frames(image: String, offset: UInt64) -> [Frame] {
        frames(image: image, offsets: [offset]).first ?? []
    }

    /// The frames at each of `offsets` in `image`, in one run of the symbolizer.
    static func frames(image: String, offsets: [UInt64]) -> [[Frame]] {
        guard let executable, !offsets.isEmpty else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--obj=\(image)", "--relative-address"]
            + offsets.map { "0x" + String($0, radix: 16) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return [] }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // One block per address, blank-line separated; in a block, pairs of lines: the function,
        // then "path:line:column".
        let blocks = String(decoding: data, as: UTF8.self).components(separatedBy: "\n\n")
        return blocks.prefix(offsets.count).map { block in
            let lines = block.split(separator: "\n")
            return stride(from: 0, to: lines.count - 1, by: 2).compactMap { index in
                let parts = lines[index + 1].split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count >= 3, let line = Int(parts[parts.count - 2]) else { return nil }
                return Frame(function: CrashReporter.demangled(String(lines[index])),
                             path: parts.dropLast(2).joined(separator: ":"), line: line)
            }
        }
    }
}
