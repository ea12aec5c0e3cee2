// The NumPy peer (Benchmarks/numpy_sae_step.py), run as a separate process on the same data and
// from the same weights as the Swift side, which hands them over as .npy files in a temporary folder.

import Foundation
import SAEKit

/// A temporary folder for the files handed to the peer, removed when the bench ends.
let exchangeFolder: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sae-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}()

/// Writes `matrix` as `name`.npy in the exchange folder and returns its path.
func handOver(_ matrix: Matrix, as name: String) -> String {
    let url = exchangeFolder.appendingPathComponent(name + ".npy")
    try? Data(NumPyFile.encode(Tensor(matrix))).write(to: url)
    return url.path
}

/// The peer's arguments for `steps` steps of `shape` on `data` from `sae` (Benchmarks/numpy_sae_step.py --help).
func peerArguments(_ shape: Shape, steps: Int, data: Matrix, sae: SparseAutoencoder, config: SAETrainingConfig, tag: String) -> [String] {
    ["\(shape.d)", "\(shape.h)", "\(shape.batch)", "\(steps)",
     "--data", handOver(data, as: "data-\(tag)"),
     "--W_enc", handOver(sae.W_enc, as: "W_enc-\(tag)"),
     "--b_enc", handOver(Matrix(rows: 1, cols: shape.h, values: sae.b_enc), as: "b_enc-\(tag)"),
     "--W_dec", handOver(sae.W_dec, as: "W_dec-\(tag)"),
     "--b_dec", handOver(Matrix(rows: 1, cols: shape.d, values: sae.b_dec), as: "b_dec-\(tag)"),
     "--l1", "\(config.l1Coefficient)", "--lr", "\(config.learningRate)"]
}

/// The peer's output for `arguments` (a number), or nil when python3 with NumPy is not there.
func numpy(_ arguments: [String], skip: Bool) -> Double? {
    guard !skip else { return nil }
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Benchmarks/numpy_sae_step.py").standardized.path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return Double(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}
