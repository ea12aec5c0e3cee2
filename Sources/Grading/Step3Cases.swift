// The inputs exercises 3.1–3.4 are graded on: random SAEs whose batch, input and latent sizes
// differ (so a sum over the wrong axis cannot pass), then hand-made edges (one dimension and one
// latent, a zero sample, a sample no latent fires on, a latent that never fires, a pre-activation
// exactly at the ReLU's kink), then the size step 4 trains at.

import SAEKit

/// An SAE input: a batch, an SAE with non-zero biases, and λ.
struct SAECase: Sendable {
    var a: Matrix
    var sae: SparseAutoencoder
    var l1Coefficient: Double
}

/// The inputs of exercise 3.3: a batch, its reconstruction and codes, and λ.
struct SAELossCase: Sendable {
    var a: Matrix
    var reconstruction: Matrix
    var codes: Matrix
    var l1Coefficient: Double

    init(a: Matrix, reconstruction: Matrix, codes: Matrix, l1Coefficient: Double) {
        self.a = a
        self.reconstruction = reconstruction
        self.codes = codes
        self.l1Coefficient = l1Coefficient
    }

    /// The loss inputs SAEKit's forward pass makes of an SAE case.
    init(_ c: SAECase) {
        let pass = c.sae.forwardPass(c.a)
        self.init(a: c.a, reconstruction: pass.reconstruction, codes: pass.codes,
                  l1Coefficient: c.l1Coefficient)
    }
}

enum Step3Cases {
    // MARK: - Random SAEs

    /// (B, d, h): batch, input and latent sizes, all different in most cases.
    static let randomSizes = [(4, 3, 5), (3, 5, 7), (1, 4, 6), (6, 2, 3)]

    /// Every pre-activation at least 1e-3 from the ReLU's kink; some latents off in every case
    /// (so the ReLU mask matters).
    static let random: [GradingCase<SAECase>] = randomSizes.enumerated().map { index, size in
        var seed = UInt64(301 + index)
        while true {
            var random = SeededGenerator(seed: seed, stream: "grading")
            let (B, d, h) = size
            let a = Matrix(rows: B, cols: d) { _, _ in random.normal() }
            let sae = SparseAutoencoder(
                W_enc: Matrix(rows: d, cols: h) { _, _ in random.normal() * 0.7 },
                b_enc: (0..<h).map { _ in random.normal() * 0.3 },
                W_dec: Matrix(rows: h, cols: d) { _, _ in random.normal() * 0.7 },
                b_dec: (0..<d).map { _ in random.normal() * 0.3 })
            let z = sae.forwardPass(a).preActivation.values
            if z.allSatisfy({ abs($0) > 1e-3 }) && z.contains(where: { $0 < 0 })
                && z.contains(where: { $0 > 0 }) {
                let label = "B = \(B) samples, d = \(d), h = \(h) latents, λ = 0.3 (seed \(seed))"
                return saeCase(label, SAECase(a: a, sae: sae, l1Coefficient: 0.3))
            }
            seed += 1000
        }
    }

    // MARK: - Edges

    /// d = h = 1: the latent fires on one sample of three; λ = 0.
    static let oneDimension = saeCase(
        "one dimension and one latent (d = h = 1), B = 3, λ = 0 (no L1 term)",
        SAECase(a: Matrix([[1.5], [-0.5], [0.2]]),
                sae: SparseAutoencoder(W_enc: Matrix([[2]]), b_enc: [-0.5],
                                       W_dec: Matrix([[0.8]]), b_dec: [0.3]),
                l1Coefficient: 0))

    /// Sample 0 is zero, no latent fires on sample 1, latent 2 never fires; λ = 2.
    static let zeros = saeCase(
        "a zero sample (row 0), a sample no latent fires on (row 1), a latent that never fires "
            + "(latent 2); λ = 2",
        SAECase(a: Matrix([[0, 0], [0.5, -1.0], [0.8, 1.2]]),
                sae: SparseAutoencoder(W_enc: Matrix([[-1.0, 0.5, 0.3], [0.5, 0.8, -0.2]]),
                                       b_enc: [0.1, -0.4, -3.0],
                                       W_dec: Matrix([[0.6, -0.4], [0.3, 0.9], [-0.7, 0.5]]),
                                       b_dec: [0.2, -0.1]),
                l1Coefficient: 2))

    /// A zero sample at zero biases: z = 0 exactly, as at the start of training.
    static let kink = saeCase(
        "a zero sample at zero biases, as at the start of training: its pre-activations are "
            + "exactly 0, the ReLU's kink",
        SAECase(a: Matrix([[0, 0], [1.0, -0.5]]),
                sae: SparseAutoencoder(W_enc: Matrix([[0.7, -0.4], [0.2, 0.9]]), b_enc: [0, 0],
                                       W_dec: Matrix([[0.5, 0.5], [-0.6, 0.8]]), b_dec: [0, 0]),
                l1Coefficient: 0.3))

    /// The random cases first (they tell most mistakes apart), then the edges.
    static let all = random + [oneDimension, zeros, kink]

    // MARK: - 3.3

    /// Loss inputs with a code of 1e-10 (active: it counts in L0) and a sample reconstructed
    /// exactly.
    static let tinyCode = GradingCase(
        label: "a code of 1e-10 (it is > 0, so it counts in L0) and a sample reconstructed exactly",
        input: SAELossCase(a: Matrix([[1, -2, 0.5], [0.3, 0, -1.2]]),
                        reconstruction: Matrix([[1, -2, 0.5], [0.1, 0.4, -1.0]]),
                        codes: Matrix([[0, 1e-10, 0.7, 0], [1.3, 0, 0, 2.1]]), l1Coefficient: 0.5),
        printedInput: printedPrecisely("a", Matrix([[1, -2, 0.5], [0.3, 0, -1.2]]))
            + printedPrecisely("reconstruction", Matrix([[1, -2, 0.5], [0.1, 0.4, -1.0]]))
            + printedPrecisely("codes", Matrix([[0, 1e-10, 0.7, 0], [1.3, 0, 0, 2.1]]))
            + ["λ = 0.5"])

    /// The SAE cases' forward passes, then the tiny code.
    static let loss: [GradingCase<SAELossCase>] = all.map { c in
        GradingCase(label: c.label, input: SAELossCase(c.input),
                    printedInput: printedLossInputs(c.input))
    } + [tinyCode]

    // MARK: - Step 4's size

    /// Step 4's training batch at the largest preset.
    static let trainingBatch: SAECase = {
        let (a, sae) = TrainingStepSize.randomSAE(batch: TrainingStepSize.batchSize, seed: 351)
        return SAECase(a: a, sae: sae, l1Coefficient: TrainingStepSize.config.l1Coefficient)
    }()

    /// `StepScale` for an exercise step 4 calls once per training step.
    static func trainingScale<Input>(_ input: Input) -> StepScale<Input> {
        let products = trainingBatch.a.rows * TrainingStepSize.inputDims * TrainingStepSize.latents
        return StepScale(
            label: "step 4's training batch, "
                + TrainingStepSize.shape(batch: trainingBatch.a.rows),
            input: input, command: TrainingStepSize.trainingCommand,
            callsPerRun: TrainingStepSize.config.steps,
            advice: "Matrix's matmul, matmulTransposed and transposedMatmul do the products in "
                + "compiled, vectorised code; loops over a[r, c] in a debug build take ~50 ns per "
                + "entry, and a product here has B·d·h = \(products) terms.")
    }

    // MARK: - Printing

    static func saeCase(_ label: String, _ input: SAECase) -> GradingCase<SAECase> {
        GradingCase(label: label, input: input, printedInput: printedSAEInputs(input))
    }

    static func printedSAEInputs(_ c: SAECase) -> [String] {
        printed("a", c.a) + printed("W_enc", c.sae.W_enc) + [printed("b_enc", c.sae.b_enc)]
            + printed("W_dec", c.sae.W_dec)
            + [printed("b_dec", c.sae.b_dec), "λ = \(c.l1Coefficient)"]
    }

    static func printedLossInputs(_ c: SAECase) -> [String] {
        let pass = c.sae.forwardPass(c.a)
        return printed("a", c.a) + printed("reconstruction", pass.reconstruction)
            + printed("codes", pass.codes) + ["λ = \(c.l1Coefficient)"]
    }
}
