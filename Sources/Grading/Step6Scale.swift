// The sizes at which `swift run step6 --mine` calls exercises 6.1–6.5, and how often, with its
// default preset (curriculum: 5 dims, 20 latents, batches of 1024, 10,000 steps, 50,000 samples).
// Each exercise is checked at its size last; the larger presets take proportionally longer.

import SAEKit

enum Step6Scale {
    static let command = "swift run step6 --mine"
    static let preset = Preset.curriculum
    static let config = preset.saeDefaults
    static let samples = preset.defaultSamples
    /// The data's dimensions and true features (the toy model's hidden size and features).
    static let (dims, features): (Int, Int) = {
        guard let toy = preset.toyModel else { return (5, 10) }
        return (toy.hidden, toy.features)
    }()

    // MARK: - What step 6 trains and measures (its defaults, Sources/step6/main.swift)

    /// `--frontier-k 1,2,3,4` and the five λ of `--frontier-l1`.
    static let frontierK = 4, frontierL1 = 5
    /// TopK at the L1 SAE's L0 with and without AuxK, and the frontier's other k.
    static let topKTrainings = 2 + (frontierK - 1)
    /// Every TopK training but the one without AuxK.
    static let auxKTrainings = topKTrainings - 1
    /// Every SAE trained is measured: 5 L1, 5 TopK, 5 BatchTopK (its L0 and the frontier's k).
    static let measuredSAEs = frontierL1 + topKTrainings + (frontierK + 1)
    /// k_aux's default, ⌈d/2⌉.
    static let kAux = (dims + 1) / 2

    static let matrixAdvice = "Matrix's matmul, matmulTransposed and transposedMatmul do the "
        + "products in compiled, vectorised code; loops over m[r, c] in a debug build take ~50 ns "
        + "per entry."

    /// Training calls 6.1–6.3 so often that even a good debug build is slow.
    static let optimisedRun = "Or run the step with your code optimised: "
        + "`swift run -c release step6 --mine` (the larger presets, such as dictionary-32x16, "
        + "call it with more latents: release builds suit them)."

    // MARK: - 6.1, 6.2, 6.3: every training step

    /// The step's forward pass and the learner's 6.2 each call 6.1 once per step.
    static let topK: StepScale<Step6Grader.TopKCase> = {
        var random = SeededGenerator(seed: 691, stream: "grading-scale")
        let z = Matrix(rows: config.batchSize, cols: config.latents) { _, _ in random.normal() }
        return StepScale(label: "z [\(config.batchSize), \(config.latents)], k = \(frontierK)",
                         input: Step6Grader.TopKCase(z: z, k: frontierK), command: command,
                         callsPerRun: 2 * topKTrainings * config.steps,
                         advice: "Finding each row's k largest in one pass, with the best k so "
                             + "far in a short sorted list (as SAEKit's topK does), is several "
                             + "times faster than sorting the row. " + optimisedRun)
    }()

    static let sae: SparseAutoencoder = {
        var random = SeededGenerator(seed: 692, stream: "grading-scale")
        let (d, h) = (dims, config.latents)
        return SparseAutoencoder(W_enc: Matrix(rows: d, cols: h) { _, _ in random.normal() * 0.3 },
                                 b_enc: (0..<h).map { _ in random.normal() * 0.1 },
                                 W_dec: Matrix(rows: h, cols: d) { _, _ in random.normal() * 0.3 },
                                 b_dec: (0..<d).map { _ in random.normal() * 0.1 },
                                 activation: .topK(frontierK))
    }()

    static let batch: Matrix = {
        var random = SeededGenerator(seed: 693, stream: "grading-scale")
        return Matrix(rows: config.batchSize, cols: dims) { _, _ in random.normal() }
    }()

    static let saeLabel = "a batch of \(config.batchSize) in \(dims) dims, "
        + "\(config.latents) latents, k = \(frontierK)"

    /// One call per training step of each TopK SAE.
    static let gradients = StepScale(
        label: saeLabel,
        input: Step6Grader.TopKSAECase(a: batch, sae: sae, dead: [], kAux: kAux),
        command: command, callsPerRun: topKTrainings * config.steps,
        advice: matrixAdvice + " Your 6.1 runs inside it too. " + optimisedRun)

    /// At most one call per training step after the first dead window, for each SAE with AuxK.
    static let auxK = StepScale(
        label: saeLabel + ", half the latents dead, k_aux = \(kAux)",
        input: Step6Grader.TopKSAECase(a: batch, sae: sae,
                                       dead: (0..<config.latents).map { $0 % 2 == 1 }, kAux: kAux),
        command: command, callsPerRun: auxKTrainings * (config.steps - config.deadWindow),
        advice: "(That many calls at most: AuxK runs in the steps where some latent is dead.) "
            + matrixAdvice + " Your 6.1 runs inside it twice. " + optimisedRun)

    // MARK: - 6.4, 6.5: once per SAE measured

    static let shrinkage: StepScale<Step6Grader.ShrinkageCase> = {
        var random = SeededGenerator(seed: 694, stream: "grading-scale")
        let (n, h, d) = (features, config.latents, dims)
        let truth = Matrix(rows: samples, cols: n) { _, _ in
            random.bernoulli(0.05) ? random.uniform(0, 1) : 0
        }
        let pairs = (0..<n).map { (feature: $0, latent: 2 * $0) }
        var codes = Matrix(rows: samples, cols: h) { _, _ in
            random.bernoulli(0.01) ? random.uniform(0, 0.5) : 0
        }
        for (feature, latent) in pairs {
            for s in 0..<samples where truth[s, feature] > 0 && random.bernoulli(0.9) {
                codes[s, latent] = truth[s, feature] * random.uniform(0.6, 1)
            }
        }
        let a = Matrix(rows: samples, cols: d) { _, _ in random.normal() }
        let reconstruction = Matrix(rows: samples, cols: d) { r, c in
            0.8 * a[r, c] + 0.1 * random.normal()
        }
        let input = Step6Grader.ShrinkageCase(latentCodes: codes, trueMagnitudes: truth,
                                              pairs: pairs, a: a, reconstruction: reconstruction)
        return StepScale(label: "\(samples) samples, \(h) latents, \(n) features, \(d) dims",
                         input: input, command: command, callsPerRun: measuredSAEs,
                         advice: "one pass over the samples per pair is enough; avoid building "
                             + "arrays (filter, row(_:), column(_:)) inside it.")
    }()

    static let fidelity: StepScale<Step6Grader.FidelityCase> = {
        let input = shrinkage.input
        return StepScale(label: "\(samples) samples in \(dims) dims",
                         input: Step6Grader.FidelityCase(a: input.a,
                                                         reconstruction: input.reconstruction),
                         command: command, callsPerRun: measuredSAEs,
                         advice: "two passes over the entries (the column means, then the sums) "
                             + "are enough; Matrix's columnSums and squaredFrobeniusNorm are "
                             + "compiled.")
    }()
}
