// `swift run -c release bench`: SAE training steps per second for the shapes the curriculum and a
// real model need, the achieved GFLOP/s, and the same step in NumPy (Benchmarks/numpy_sae_step.py)
// timed in the same run on the same data from the same weights, with the ratio Swift/NumPy. Then a
// plain 1024³ product against NumPy's BLAS. Numbers, not tests: see Benchmarks/README.md.

import Foundation
import SAEKit

// MARK: - Flags

var flags = FlagParser(
    command: "bench",
    summary: "SAE training steps per second, Swift against NumPy (Benchmarks/README.md)",
    arguments: CommandLine.arguments)
let quick = flags.flag(
    "--quick", help: "a tenth of the steps per shape (a smoke run, noisier numbers)")
let noPython = flags.flag("--no-python", help: "skip the NumPy peer")
let only = flags.string(
    "--only", default: "",
    help: "run only the shapes whose label contains this text, e.g. 384, step6 or dgemm")

// MARK: - Timing

/// Timed runs per measurement, on both sides; the median is reported (this VM's timings are noisy).
let repeats = 5

/// Seconds taken by `work`.
func seconds(_ work: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The middle value of `values`.
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// One measured row: Swift's steps per second (SAEKit's trainer: batch sampling, forward, backward,
/// Adam, decoder renormalisation), the mean L0 over the run, the peer's steps per second, and the
/// ratio. The two sides' timed runs alternate, and the ratio is the median of each pair's ratio.
func measure(
    _ shape: Shape, state: State, data: Matrix, from sae: SparseAutoencoder, steps: Int
) -> (swift: Double, l0: Double, peer: Double?, ratio: Double?) {
    var config = timedConfig(shape, state: state)
    let tag = "\(shape.d)-\(state.rawValue.prefix(3))"
    let peer =
        noPython
        ? nil
        : NumPyServer(
            peerArguments(shape, steps: steps, data: data, sae: sae, config: config, tag: tag))
    defer { peer?.finish() }
    config.steps = max(1, steps / 10)
    // warm-up: caches, the worker threads
    _ = trainSAE(on: data, config: config, seed: 0, initial: sae)
    config.steps = steps
    var (l0, swiftRates, peerRates, ratios) = (0.0, [Double](), [Double](), [Double]())
    for _ in 0..<repeats {
        var run: TrainedSAE?
        let time = seconds { run = trainSAE(on: data, config: config, seed: 0, initial: sae) }
        l0 = run!.history.map(\.l0).reduce(0, +) / Double(run!.history.count)
        swiftRates.append(Double(steps) / time)
        if let rate = peer?.timedRun() {
            peerRates.append(rate)
            ratios.append(swiftRates.last! / rate)
        }
    }
    return (
        median(swiftRates), l0, peerRates.isEmpty ? nil : median(peerRates),
        ratios.isEmpty ? nil : median(ratios)
    )
}

/// `text` padded with spaces to `width` characters.
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let gap = String(repeating: " ", count: max(0, width - text.count))
    return right ? gap + text : text + gap
}

/// A rate with a sensible number of decimals.
func rate(_ value: Double) -> String { formatFixed(value, decimals: value < 10 ? 2 : 0) }

runStep {
    try flags.finish()
    defer { try? FileManager.default.removeItem(at: exchangeFolder) }
    print(
        "bench: SAE training steps per second (float64), "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores"
    )
    print(
        "  a step: sample a batch, encode, decode, loss, analytic gradients, Adam on all four "
            + "parameters, unit-norm decoder"
    )
    print(
        "  GFLOP/s counts the five products of a step as dense (10·B·d·h); SAEKit skips the zero "
            + "codes, NumPy does not"
    )
    print(
        "  states: the SAE at initialisation and after training, on the shape's own data; and "
            + "standard normal data at initialisation"
    )
    print(
        "  the two sides' timed runs alternate (5 pairs); each rate is a median, Swift/NumPy the "
            + "median of the pairs' ratios"
    )
    print("")
    print(
        pad("shape and state", 46) + pad("L0", 8, right: true)
            + pad("Swift steps/s", 15, right: true) + pad("GFLOP/s", 10, right: true)
            + pad("NumPy steps/s", 15, right: true) + pad("Swift/NumPy", 13, right: true))
    for shape in allShapes where only.isEmpty || shape.label.contains(only) {
        print(shape.label)
        let steps = quick ? max(1, shape.steps / 10) : shape.steps
        var initRandom = SeededGenerator(seed: 0, stream: "bench-init")
        let initial = SparseAutoencoder.initialised(
            inputDims: shape.d, latents: shape.h, generator: &initRandom)
        var rows: [(State, Matrix, SparseAutoencoder)] = []
        if let source = shape.data {
            let data = activations(source)
            var training = timedConfig(shape, state: .initial)
            training.steps = quick ? shape.trainingSteps / 10 : shape.trainingSteps
            training.warmupSteps = min(500, training.steps / 5)
            let trained = trainSAE(on: data, config: training, seed: 0, initial: initial)
                .autoencoder
            rows = [(.initial, data, initial), (.trained, data, trained)]
        }
        rows.append((.gaussian, gaussianActivations(shape), initial))
        for (state, data, sae) in rows {
            let (swift, l0, peer, ratio) = measure(
                shape, state: state, data: data, from: sae, steps: steps)
            print(
                pad("  " + state.rawValue, 46) + pad(formatFixed(l0, decimals: 1), 8, right: true)
                    + pad(rate(swift), 15, right: true)
                    + pad(formatFixed(swift * shape.flops / 1e9, decimals: 1), 10, right: true)
                    + pad(peer.map(rate) ?? "–", 15, right: true)
                    + pad(ratio.map { formatFixed($0, decimals: 2) + "×" } ?? "–", 13, right: true))
        }
    }

    if only.isEmpty || "step6".contains(only)
        || step6Architectures().contains(where: { $0.label.contains(only) })
    {
        benchArchitectures(quick: quick, only: only.isEmpty ? "step6" : only)
    }

    if only.isEmpty || "dgemm".contains(only) {
        let n = 1024
        var random = SeededGenerator(seed: 1, stream: "bench")
        let a = Matrix(rows: n, cols: n) { _, _ in random.normal() },
            b = Matrix(rows: n, cols: n) { _, _ in random.normal() }
        _ = a.matmul(b)
        let swift = median((0..<repeats).map { _ in seconds { _ = a.matmul(b) } })
        let peer = numpy(["dgemm", "\(n)"], skip: noPython)
        let gflops = { (time: Double) in
            formatFixed(2 * pow(Double(n), 3) / time / 1e9, decimals: 1)
        }
        print(
            "\ndgemm \(n)³: Swift \(formatFixed(swift * 1000, decimals: 1)) ms (\(gflops(swift)) "
                + "GFLOP/s)"
                + (peer.map {
                    ", NumPy's BLAS \(formatFixed($0 * 1000, decimals: 1)) ms (\(gflops($0)) "
                        + "GFLOP/s): Swift reaches "
                        + "\(formatFixed(100 * $0 / swift, decimals: 0))% of it"
                } ?? ""))
    }
}
