// The sizes at which `swift run step5 --mine` calls exercises 5.1–5.5, and how often: the
// geometry and behaviour at the largest preset with known directions (dictionary-32x16: 64
// latents, 32 features in 16 dims, 50,000 samples), the causal checks at the largest preset with a
// toy model (curriculum: one ablation per feature). Each exercise is checked at its size last.

import SAEKit

enum Step5Scale {
    static let command = "swift run step5 --mine --preset dictionary-32x16"
    static let preset = Preset.dictionary32x16
    static let latents = preset.saeDefaults.latents
    static let samples = preset.defaultSamples
    static let dictionary: DictionaryConfig = {
        guard case let .dictionary(config) = preset.source else {
            return DictionaryConfig(features: 32, dims: 16,
                                    activity: .independent(probability: 0.05))
        }
        return config
    }()
    static let features = dictionary.features
    static let dims = dictionary.dims
    static let probability: Double = {
        guard case let .independent(probability) = dictionary.activity else { return 0.05 }
        return probability
    }()

    static let matrixAdvice = "Matrix's matmul and matmulTransposed do the products in compiled, "
        + "vectorised code; loops over m[r, c] in a debug build take ~50 ns per entry."

    // MARK: - 5.1, 5.2, 5.3

    /// Decoder rows [64, 16] against true directions [32, 16]: called once.
    static let cosines: StepScale<Step5Cases.CosineCase> = {
        var random = SeededGenerator(seed: 591, stream: "grading-scale")
        let learned = Matrix(rows: latents, cols: dims) { _, _ in random.normal() }
        let truth = Matrix(rows: features, cols: dims) { _, _ in random.normal() }
        return StepScale(label: "\(latents) decoder rows and \(features) true directions in "
                             + "\(dims) dims",
                         input: Step5Cases.CosineCase(learned: learned, truth: truth),
                         command: command, callsPerRun: 1, advice: matrixAdvice)
    }()

    /// The cosines of 64 latents with 32 features, as step 5 has them.
    static let cosineMatrix: Matrix = {
        let input = cosines.input
        return SAEKit.cosineMatrix(input.learned, input.truth)
    }()

    /// MMCS is called twice: true → learned on every latent, learned → true on the alive ones.
    static let meanMaxCosine = StepScale(
        label: "cosines [\(latents) latents, \(features) features]", input: cosineMatrix,
        command: command, callsPerRun: 2,
        advice: "one pass over the entries for the row maxima and one for the column maxima is "
            + "enough; avoid copying a row or column (row(_:), column(_:)) inside an inner loop.")

    /// The matching is called once, on the latents × present features.
    static let matching = StepScale(
        label: "scores [\(latents) latents, \(features) features]", input: cosineMatrix,
        command: command, callsPerRun: 1,
        advice: "trying every assignment takes \(latents)!/\(latents - features)! steps at this "
            + "size; the Hungarian algorithm takes about n²·m (here \(features)²·\(latents)). See "
            + "Chapters/05-feature-matching.md#exercise-53.")

    // MARK: - 5.4, 5.5

    /// The latents' responses [50,000 samples, 64 latents] and the neurons' [50,000, 16]: the
    /// larger of the two calls, counted twice.
    static let responses: StepScale<Step5Cases.ResponseCase> = {
        var random = SeededGenerator(seed: 594, stream: "grading-scale")
        let codes = Matrix(rows: samples, cols: features) { _, _ in
            random.bernoulli(probability) ? random.uniform(0, 1) : 0
        }
        let activations = Matrix(rows: samples, cols: latents) { _, _ in max(0, random.normal()) }
        return StepScale(label: "\(samples) samples, \(features) features, \(latents) latents",
                         input: Step5Cases.ResponseCase(activations: activations, codes: codes),
                         command: command, callsPerRun: 2,
                         advice: "one pass over the samples, finding each sample's features once "
                             + "and adding its activations to that feature's sums, is enough.")
    }()

    /// One ablation per feature of the curriculum's toy model, each on the samples where that
    /// feature is on (50,000 × p = 0.1 of them).
    static let ablation: StepScale<Step5Cases.AblationCase> = {
        let toy = Preset.curriculum.toyModel ?? ToyModelConfig(features: 10, hidden: 5,
                                                               featureProbability: 0.1,
                                                               importanceDecay: 0.7)
        let sae = Preset.curriculum.saeDefaults
        let batch = Int(Double(Preset.curriculum.defaultSamples) * toy.featureProbability)
        var random = SeededGenerator(seed: 595, stream: "grading-scale")
        let readout = ToyModel(
            W: Matrix(rows: toy.hidden, cols: toy.features) { _, _ in random.normal() },
            b: (0..<toy.features).map { _ in random.normal() * 0.1 })
        let autoencoder = SparseAutoencoder(
            W_enc: Matrix(rows: toy.hidden, cols: sae.latents) { _, _ in random.normal() },
            b_enc: (0..<sae.latents).map { _ in random.normal() * 0.1 },
            W_dec: Matrix(rows: sae.latents, cols: toy.hidden) { _, _ in random.normal() * 0.5 },
            b_dec: (0..<toy.hidden).map { _ in random.normal() * 0.1 })
        let hidden = Matrix(rows: batch, cols: toy.hidden) { _, _ in random.normal() }
        let input = Step5Cases.AblationCase(hidden: hidden, sae: autoencoder, readout: readout,
                                            feature: 1, latent: 2, control: 0)
        return StepScale(label: "\(batch) hidden states of \(toy.hidden) dims, \(sae.latents) "
                             + "latents, \(toy.features) outputs",
                         input: input, command: "swift run step5 --mine", callsPerRun: toy.features,
                         advice: "encode and decode the whole batch once (sae.encode, sae.decode), "
                             + "and ablate by zeroing a column of the codes. " + matrixAdvice)
    }()
}
