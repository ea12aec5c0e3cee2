// `swift run -c release bench`: SAE training steps per second for the shapes the curriculum and a
// real model need, the achieved GFLOP/s, and the same step in NumPy (Benchmarks/numpy_sae_step.py)
// timed in the same run, with the ratio Swift/NumPy. Then a plain 1024³ product against NumPy's BLAS.
// Numbers, not tests: see Benchmarks/README.md for the table and how to read it.

import Foundation
import SAEKit

// MARK: - Flags

var flags = FlagParser(command: "bench", summary: "SAE training steps per second, Swift against NumPy (Benchmarks/README.md)",
                       arguments: CommandLine.arguments)
let quick = flags.flag("--quick", help: "a tenth of the steps per shape (a smoke run, noisier numbers)")
let noPython = flags.flag("--no-python", help: "skip the NumPy peer")
let only = flags.string("--only", default: "", help: "run only the shapes whose label contains this text, e.g. 384 or dgemm")

// MARK: - The shapes

/// One benchmarked shape: an SAE `d → h` trained on batches of `batch` rows.
struct Shape {
    var label: String
    var d: Int, h: Int, batch: Int
    var steps: Int
    /// Multiply-adds of the five products of one step, counted dense: encode, decode, ∂W_dec, ∂f, ∂W_enc.
    var flops: Double { 10 * Double(batch) * Double(d) * Double(h) }
}

let shapes = [
    Shape(label: "5 → 20, batch 1024 (curriculum)", d: 5, h: 20, batch: 1024, steps: 1000),
    Shape(label: "16 → 64, batch 1024 (dictionary-32x16)", d: 16, h: 64, batch: 1024, steps: 500),
    Shape(label: "64 → 256, batch 1024", d: 64, h: 256, batch: 1024, steps: 60),
    Shape(label: "384 → 3072, batch 4096 (a sentence-embedding model)", d: 384, h: 3072, batch: 4096, steps: 2),
].filter { only.isEmpty || $0.label.contains(only) }

// MARK: - Timing

/// Seconds taken by `work`.
func seconds(_ work: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Swift's steps per second on `shape`: SAEKit's trainer (batch sampling, forward, backward, Adam,
/// decoder renormalisation), resampling off, after one untimed warm-up run; the median of `repeats` runs.
func swiftStepsPerSecond(_ shape: Shape, steps: Int) -> Double {
    var random = SeededGenerator(seed: 0, stream: "bench")
    let data = Matrix(rows: max(8 * shape.batch, 4096), cols: shape.d) { _, _ in random.normal() }
    var config = SAETrainingConfig(latents: shape.h, l1Coefficient: 0.1)
    config.batchSize = shape.batch
    config.learningRate = 1e-3
    config.warmupSteps = 0
    config.resampleEvery = 0
    config.steps = max(1, steps / 10)
    _ = trainSAE(on: data, config: config, seed: 0)
    config.steps = steps
    return median((0..<repeats).map { _ in Double(steps) / seconds { _ = trainSAE(on: data, config: config, seed: 0) } })
}

/// Timed runs per measurement, on both sides; the median is reported (this VM's timings are noisy).
let repeats = 5

/// The middle value of `values`.
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// The NumPy peer's output for `arguments`, or nil when python3 with NumPy is not there.
func numpy(_ arguments: [String]) -> Double? {
    guard !noPython else { return nil }
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

runStep {
    try flags.finish()
    // MARK: - Run

    print("bench: SAE training steps per second (float64), \(ProcessInfo.processInfo.activeProcessorCount) cores")
    print("  a step: sample a batch, encode, decode, loss, analytic gradients, Adam on all four parameters, unit-norm decoder")
    print("  GFLOP/s counts the five products of a step as dense (10·B·d·h); SAEKit skips the zero codes, NumPy does not")
    print("")
    print(pad("shape", 54) + pad("Swift steps/s", 15, right: true) + pad("GFLOP/s", 10, right: true)
          + pad("NumPy steps/s", 15, right: true) + pad("Swift/NumPy", 13, right: true))
    for shape in shapes {
        let steps = quick ? max(1, shape.steps / 10) : shape.steps
        let swift = swiftStepsPerSecond(shape, steps: steps)
        let peer = numpy(["\(shape.d)", "\(shape.h)", "\(shape.batch)", "\(steps)"])
        print(pad(shape.label, 54) + pad(formatFixed(swift, decimals: swift < 10 ? 2 : 0), 15, right: true)
              + pad(formatFixed(swift * shape.flops / 1e9, decimals: 1), 10, right: true)
              + pad(peer.map { formatFixed($0, decimals: $0 < 10 ? 2 : 0) } ?? "–", 15, right: true)
              + pad(peer.map { formatFixed(swift / $0, decimals: 2) + "×" } ?? "–", 13, right: true))
    }

    if only.isEmpty || "dgemm".contains(only) {
        let n = 1024
        var random = SeededGenerator(seed: 1, stream: "bench")
        let a = Matrix(rows: n, cols: n) { _, _ in random.normal() }, b = Matrix(rows: n, cols: n) { _, _ in random.normal() }
        _ = a.matmul(b)
        let swift = median((0..<repeats).map { _ in seconds { _ = a.matmul(b) } })
        let peer = numpy(["dgemm", "\(n)"])
        let gflops = { (time: Double) in formatFixed(2 * pow(Double(n), 3) / time / 1e9, decimals: 1) }
        print("\ndgemm \(n)³: Swift \(formatFixed(swift * 1000, decimals: 1)) ms (\(gflops(swift)) GFLOP/s)"
              + (peer.map { ", NumPy's BLAS \(formatFixed($0 * 1000, decimals: 1)) ms (\(gflops($0)) GFLOP/s): Swift reaches "
                            + "\(formatFixed(100 * $0 / swift, decimals: 0))% of it" } ?? ""))
    }
}

/// `text` padded with spaces to `width` characters.
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let gap = String(repeating: " ", count: max(0, width - text.count))
    return right ? gap + text : text + gap
}
