// The size at which the steps call the learner's step-3 and step-4 code: `swift run step4 --mine`
// trains an SAE with 3.1–3.4 and 4.1–4.4 on every step, and `swift run step3 --mine` checks 3.4
// with 3.5. The largest preset sets the sizes: dictionary-32x16 (d = 16, h = 64, 10 000 steps of
// 256 samples; classifier and dictionary-24x8 have the same steps·d·h).

import SAEKit

/// The sizes of the largest training run the steps make with the learner's code.
enum TrainingStepSize {
    /// The preset whose SAE is largest (steps·d·h, tied with classifier and dictionary-24x8).
    static let preset = Preset.dictionary32x16
    /// Its SAE training settings (batch 256, 10 000 steps, resampling every 2000 until 60%).
    static let config = preset.saeDefaults

    /// d, the dimension of the preset's activations.
    static var inputDims: Int {
        switch preset.source {
        case let .toyModel(toy): toy.hidden
        case let .dictionary(dictionary): dictionary.dims
        case let .classifier(classifier): classifier.hidden
        }
    }

    /// h, the SAE's latents.
    static var latents: Int { config.latents }

    /// B, the training batch.
    static var batchSize: Int { config.batchSize }

    /// The command that trains with the learner's code at this size.
    static var trainingCommand: String { "swift run step4 --mine --preset \(preset.rawValue)" }

    /// The command that checks the learner's gradients with their finite differences at this size.
    static var gradientCheckCommand: String { "swift run step3 --mine --preset \(preset.rawValue)" }

    /// How many resamplings a training run makes (each calls 4.4 once).
    static var resamplingsPerRun: Int {
        (1...config.steps).filter { config.resamples(after: $0) }.count
    }

    /// A random SAE of this size (untied, non-zero biases) and a batch for it.
    // a: [B, d]  W_enc: [d, h]  W_dec: [h, d]
    static func randomSAE(batch: Int, seed: UInt64) -> (a: Matrix, sae: SparseAutoencoder) {
        var random = SeededGenerator(seed: seed, stream: "grading-scale")
        let (d, h) = (inputDims, latents)
        let a = Matrix(rows: batch, cols: d) { _, _ in random.normal() }
        let sae = SparseAutoencoder(
            W_enc: Matrix(rows: d, cols: h) { _, _ in random.normal() * 0.3 },
            b_enc: (0..<h).map { _ in random.normal() * 0.3 },
            W_dec: Matrix(rows: h, cols: d) { _, _ in random.normal() * 0.3 },
            b_dec: (0..<d).map { _ in random.normal() * 0.3 })
        return (a, sae)
    }

    /// "B = 256, d = 16, h = 64 (dictionary-32x16)".
    static func shape(batch: Int) -> String {
        "B = \(batch), d = \(inputDims), h = \(latents) (\(preset.rawValue))"
    }
}
