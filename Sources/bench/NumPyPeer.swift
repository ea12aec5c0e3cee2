// The NumPy peer (Benchmarks/numpy_sae_step.py), run as a separate process on the same data and
// from the same weights as the Swift side, which hands them over as .npy files in a temporary
// folder.

import Foundation
import SAEKit

/// A temporary folder for the files handed to the peer, removed when the bench ends.
let exchangeFolder: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "sae-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}()

/// Writes `matrix` as `name`.npy in the exchange folder and returns its path.
func handOver(_ matrix: Matrix, as name: String) -> String {
    let url = exchangeFolder.appendingPathComponent(name + ".npy")
    try? Data(NumPyFile.encode(Tensor(matrix))).write(to: url)
    return url.path
}

/// The peer's arguments for `steps` steps of `shape` on `data` from `sae`
/// (Benchmarks/numpy_sae_step.py --help).
func peerArguments(
    _ shape: Shape, steps: Int, data: Matrix, sae: SparseAutoencoder, config: SAETrainingConfig,
    tag: String
) -> [String] {
    ["\(shape.d)", "\(shape.h)", "\(shape.batch)", "\(steps)",
     "--data", handOver(data, as: "data-\(tag)"),
     "--W_enc", handOver(sae.W_enc, as: "W_enc-\(tag)"),
     "--b_enc", handOver(Matrix(rows: 1, cols: shape.h, values: sae.b_enc), as: "b_enc-\(tag)"),
     "--W_dec", handOver(sae.W_dec, as: "W_dec-\(tag)"),
     "--b_dec", handOver(Matrix(rows: 1, cols: shape.d, values: sae.b_dec), as: "b_dec-\(tag)"),
     "--l1", "\(config.l1Coefficient)", "--lr", "\(config.learningRate)"]
}

/// Benchmarks/numpy_sae_step.py, found from this file's place in the repository.
let peerScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "../../Benchmarks/numpy_sae_step.py"
).standardized.path

/// A `python3 peerScript arguments` process whose output comes through a pipe (input too, if
/// `input` is given).
func peerProcess(_ arguments: [String], input: Pipe? = nil) -> (Process, Pipe)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", peerScript] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    if let input { process.standardInput = input }
    do { try process.run() } catch { return nil }
    return (process, output)
}

/// The peer's output for `arguments` (a number), or nil when python3 with NumPy is not there.
func numpy(_ arguments: [String], skip: Bool) -> Double? {
    guard !skip, let (process, pipe) = peerProcess(arguments) else { return nil }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return Double(
        String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}

/// The peer in its serving mode (`--serve`): set up and warmed up once, then one timed run per
/// request, so that the bench can alternate the two sides' runs (a slow minute of this VM then
/// slows both, not one).
final class NumPyServer {
    let process: Process
    let requests: FileHandle, replies: FileHandle
    var pending = Data()

    /// The peer for `arguments`, once it says it is ready; nil when python3 with NumPy is not
    /// there.
    init?(_ arguments: [String]) {
        let input = Pipe()
        guard let (process, output) = peerProcess(arguments + ["--serve"], input: input) else {
            return nil
        }
        (self.process, requests, replies) = (
            process, input.fileHandleForWriting, output.fileHandleForReading
        )
        guard nextLine() == "ready" else { finish(); return nil }
    }

    /// Steps per second of one timed run.
    func timedRun() -> Double? {
        requests.write(Data("run\n".utf8))
        let rate = nextLine().flatMap(Double.init)
        // OpenBLAS's threads spin ~0.1 s after a threaded product: let them sleep first
        Thread.sleep(forTimeInterval: 0.25)
        return rate
    }

    /// Ends the peer's process.
    func finish() {
        try? requests.close()
        process.waitUntilExit()
    }

    /// The peer's next line of output, or nil when it has ended.
    func nextLine() -> String? {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                return line
            }
            let more = replies.availableData
            if more.isEmpty { return nil }
            pending.append(more)
        }
    }
}
