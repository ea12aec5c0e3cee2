// Step 6's trainings timed against each other: the L1 SAE and the TopK, TopK-without-AuxK and
// BatchTopK SAEs step 6 trains beside it, whole runs (10,000 steps of 256 samples) on
// dictionary-32x16's data with the preset's settings, one after another on the same core count.
// Each row is the median of its runs; "× L1" is the median of the ratio to the L1 run of the same
// round, so a slow stretch of the machine falls on both sides of a ratio.

import Foundation
import SAEKit

/// One of step 6's architectures, as the bench names it.
struct ArchitectureRun {
    var label: String
    var config: SAETrainingConfig
}

/// The L1 SAE and the three step 6 trains at its L0 on dictionary-32x16 with seed 0
/// (k = 2, BatchTopK's k = 2.02, k_aux = 8, α = 1/32: what step 6 picks there).
func step6Architectures() -> [ArchitectureRun] {
    let l1 = Preset.dictionary32x16.saeDefaults
    let topK = l1.withActivation(.topK(2), auxK: 8, auxKCoefficient: 1.0 / 32)
    var withoutAuxK = topK
    withoutAuxK.auxKCoefficient = 0
    return [ArchitectureRun(label: "L1 λ=0.4", config: l1),
            ArchitectureRun(label: "TopK k=2 (AuxK)", config: topK),
            ArchitectureRun(label: "TopK k=2 without AuxK", config: withoutAuxK),
            ArchitectureRun(label: "BatchTopK k=2.02 (AuxK)",
                            config: l1.withActivation(.batchTopK(2.02), auxK: 8,
                                                      auxKCoefficient: 1.0 / 32))]
}

/// Times every architecture's whole training `rounds` times, round by round, and prints seconds
/// per training, steps per second, and the ratio to L1. `only` keeps L1 and the architectures whose
/// label contains it ("step6": all).
func benchArchitectures(quick: Bool, only: String) {
    let data = activations(Preset.dictionary32x16.source)
    var runs = step6Architectures().enumerated()
        .filter { $0.offset == 0 || only == "step6" || $0.element.label.contains(only) }.map(
            \.element)
    if quick { for index in runs.indices { runs[index].config.steps = 1000 } }
    let rounds = quick ? 1 : 3
    print("\nstep 6's trainings on dictionary-32x16 (16 → 64, batch 256, \(runs[0].config.steps) "
          + "steps, whole runs, \(rounds) round\(rounds == 1 ? "" : "s"); × L1: the median of each "
          + "round's ratio)")
    print(pad("  architecture", 46) + pad("seconds", 10, right: true)
          + pad("steps/s", 12, right: true) + pad("× L1", 10, right: true))
    for run in runs { _ = trainSAE(on: data, config: shortened(run.config), seed: 0) }    // warm-up
    var times = Array(repeating: [Double](), count: runs.count)
    for _ in 0..<rounds {
        for (index, run) in runs.enumerated() {
            times[index].append(seconds { _ = trainSAE(on: data, config: run.config, seed: 0) })
        }
    }
    for (index, run) in runs.enumerated() {
        let ratio = median(zip(times[index], times[0]).map { $0 / $1 })
        let time = median(times[index])
        print(pad("  " + run.label, 46) + pad(formatFixed(time, decimals: 2), 10, right: true)
              + pad(rate(Double(run.config.steps) / time), 12, right: true)
              + pad(formatFixed(ratio, decimals: 2) + "×", 10, right: true))
    }
}

/// The same settings for a tenth of the steps (a warm-up run).
private func shortened(_ config: SAETrainingConfig) -> SAETrainingConfig {
    var config = config
    config.steps = max(1, config.steps / 10)
    return config
}
