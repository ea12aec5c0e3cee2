// Running a step executable the way a learner would, but quietly and in a fresh temporary working
// folder: `stepN ARGS --no-color --quiet`, so it writes `out/stepN/` there and prints exactly the
// paths a learner sees. Finds the binaries next to the running test bundle or tool (SwiftPM puts
// every product of a build in one folder).

import Foundation
import SAEKit

/// What one run of a step produced.
public struct StepRun: Sendable {
    public var command: String
    public var standardOutput: String
    public var standardError: String
    public var status: Int32
    /// The working folder of the run; the step's files are in `folder/out/stepN/`.
    public var folder: String

    /// The step's output folder, e.g. `…/out/step1`.
    public var stepFolder: String { "\(folder)/out/\(command.split(separator: " ").first ?? "")" }

    /// The value at a dotted path ("feature_norms.3") in the run's metrics.json. (Read with
    /// SAEKit's parser: Foundation's JSONSerialization does not round every double correctly on
    /// Linux.)
    public func metric(_ path: String) -> Double? {
        guard let data = FileManager.default.contents(atPath: stepFolder + "/metrics.json"),
              var value = try? JSONValue(parsing: [UInt8](data)) else { return nil }
        for key in path.split(separator: ".") {
            if let index = Int(key), let array = value.arrayValue, array.indices.contains(index) {
                value = array[index]
            } else if let next = value[String(key)] {
                value = next
            } else {
                return nil
            }
        }
        return value.doubleValue
    }
}

public enum StepRunner {
    /// The folder holding the built step executables (override with SAE_PRODUCTS).
    public static func productsFolder() throws(LiterateError) -> URL {
        if let override = ProcessInfo.processInfo.environment["SAE_PRODUCTS"] {
            return URL(fileURLWithPath: override)
        }
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent())
        }
        candidates.append(
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for start in candidates {
            var folder = start
            for _ in 0..<4 {
                if FileManager.default.isExecutableFile(
                    atPath: folder.appendingPathComponent("step1").path)
                {
                    return folder
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        throw LiterateError(
            "cannot find the built step executables near \(candidates.map(\.path)); run swift "
                + "build first"
        )
    }

    /// Runs `command` ("step1 --preset pentagon") in a new temporary folder, with `extraArguments`
    /// placed before the command's own (so a flag left without its value at the end stays so).
    /// - Parameter environment: the environment to run with; by default this process's, without
    ///   NO_COLOR.
    /// - Parameter folder: the working folder; a new temporary one by default (pass a run's
    ///   `folder` to continue in it).
    public static func run(
        _ command: String, extraArguments: [String] = ["--no-color", "--quiet"],
        environment: [String: String]? = nil, in folder: String? = nil
    ) throws(LiterateError) -> StepRun {
        var words = command.split(separator: " ").map(String.init)
        guard !words.isEmpty else { throw LiterateError("empty command") }
        let executable = try productsFolder().appendingPathComponent(words.removeFirst())
        let folder = folder ?? NSTemporaryDirectory() + "sae-run-\(UUID().uuidString)"
        let manager = FileManager.default
        do { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch
        {
            throw LiterateError("cannot create \(folder): \(error)")
        }
        let outPath = folder + "/.stdout", errPath = folder + "/.stderr"
        guard manager.createFile(atPath: outPath, contents: nil),
            manager.createFile(atPath: errPath, contents: nil)
        else {
            throw LiterateError("cannot create files in \(folder)")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = extraArguments + words
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment =
            environment ?? ProcessInfo.processInfo.environment.filter { $0.key != "NO_COLOR" }
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        do { try process.run() } catch {
            throw LiterateError("cannot run \(executable.path): \(error)")
        }
        process.waitUntilExit()
        let read = { (path: String) in
            String(decoding: manager.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        return StepRun(
            command: command, standardOutput: read(outPath), standardError: read(errPath),
            status: process.terminationStatus, folder: folder)
    }
}

/// Runs each distinct command once and shares the result (tests check one run in several ways).
/// Different commands run in parallel; a second request for a command waits for the first.
public final class StepRunCache: @unchecked Sendable {
    private final class Entry: @unchecked Sendable {
        let lock = NSLock()
        var result: Result<StepRun, LiterateError>?
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    public init() {}

    public func run(_ command: String) throws(LiterateError) -> StepRun {
        lock.lock()
        let entry = entries[command] ?? Entry()
        entries[command] = entry
        lock.unlock()
        entry.lock.lock()
        defer { entry.lock.unlock() }
        if let result = entry.result { return try result.get() }
        let result = Result { () throws(LiterateError) -> StepRun in try StepRunner.run(command) }
        entry.result = result
        return try result.get()
    }
}
