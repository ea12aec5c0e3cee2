// The operations of one SAE training step, as function values. `.reference` is SAEKit's; `step4
// --mine` supplies the learner's exercises 3.1–3.4 and 4.1–4.4 instead.

/// The maths the trainer calls.
public struct SAETrainingMaths: Sendable {
    /// Loss terms, gradients and the latents that fired on a batch (exercises 3.1–3.4).
    public var trainingStep:
        @Sendable (_ a: Matrix, _ sae: SparseAutoencoder, _ l1Coefficient: Double) -> SAEStep
    {
        didSet { isReferenceStep = false }
    }
    /// True while `trainingStep` is SAEKit's: the trainer may then run the same maths fused
    /// (FusedSAEStep.swift).
    public private(set) var isReferenceStep = false
    /// One Adam update of a flat parameter (exercise 4.1).
    public var adamStep:
        @Sendable (
            _ parameter: inout [Double], _ gradient: [Double], _ moments: inout AdamMoments,
            _ learningRate: Double, _ hyperparameters: AdamHyperparameters
        ) -> Void
    /// Removes from each row of the decoder gradient its component along that row of the decoder
    /// (exercise 4.2).
    public var removeParallelComponent: @Sendable (_ gradient: Matrix, _ decoder: Matrix) -> Matrix
    /// Scales each decoder row to unit norm (exercise 4.2).
    public var normaliseDecoder: @Sendable (_ decoder: Matrix) -> Matrix
    /// The learning rate at a step (exercise 4.3).
    public var learningRate: @Sendable (_ step: Int, _ schedule: LearningRateSchedule) -> Double
    /// Resamples the latents that did not fire, from replacement inputs (exercise 4.4).
    public var resample:
        @Sendable (
            _ sae: SparseAutoencoder, _ firingCounts: [Int], _ replacements: Matrix,
            _ encoderScale: Double
        )
        -> ResampledAutoencoder
    /// The AuxK loss and its gradients on the dead latents (exercise 6.3).
    public var auxKStep:
        @Sendable (_ a: Matrix, _ sae: SparseAutoencoder, _ dead: [Bool], _ kAux: Int) -> AuxKStep
    {
        didSet { isReferenceAuxK = false }
    }
    /// True while `auxKStep` is SAEKit's: a fused step may then add AuxK's term itself.
    public private(set) var isReferenceAuxK: Bool

    public init(
        trainingStep: @escaping @Sendable (Matrix, SparseAutoencoder, Double) -> SAEStep,
        adamStep:
            @escaping @Sendable (
                inout [Double], [Double], inout AdamMoments, Double, AdamHyperparameters
            ) -> Void,
        removeParallelComponent: @escaping @Sendable (Matrix, Matrix) -> Matrix,
        normaliseDecoder: @escaping @Sendable (Matrix) -> Matrix,
        learningRate: @escaping @Sendable (Int, LearningRateSchedule) -> Double,
        resample:
            @escaping @Sendable (SparseAutoencoder, [Int], Matrix, Double) -> ResampledAutoencoder,
        auxKStep: (@Sendable (Matrix, SparseAutoencoder, [Bool], Int) -> AuxKStep)? = nil
    ) {
        self.trainingStep = trainingStep
        self.adamStep = adamStep
        self.removeParallelComponent = removeParallelComponent
        self.normaliseDecoder = normaliseDecoder
        self.learningRate = learningRate
        self.resample = resample
        self.auxKStep = auxKStep ?? { $1.auxKStep($0, dead: $2, kAux: $3) }
        isReferenceAuxK = auxKStep == nil
    }

    public static let reference: SAETrainingMaths = {
        var maths = SAETrainingMaths(
            trainingStep: { a, sae, λ in sae.trainingStep(a, l1Coefficient: λ) },
            adamStep: {
                adamUpdate(&$0, gradient: $1, moments: &$2, learningRate: $3, hyperparameters: $4)
            },
            removeParallelComponent: { $0.removingRowComponents(along: $1) },
            normaliseDecoder: { decoder in
                var normalised = decoder
                normalised.normaliseRows()
                return normalised
            },
            learningRate: { step, schedule in schedule.rate(at: step) },
            resample: { sae, counts, replacements, scale in
                sae.resampling(
                    firingCounts: counts, replacements: replacements, encoderScale: scale)
            })
        maths.isReferenceStep = true
        return maths
    }()
}

extension Matrix {
    /// Each row minus its projection on the same row of `directions` (unit rows): g − (g·w)w.
    // self: [h, d]  directions: [h, d]  ->  [h, d]
    public func removingRowComponents(along directions: Matrix) -> Matrix {
        ensure(
            rows == directions.rows && cols == directions.cols,
            "removingRowComponents: [\(rows), \(cols)] along [\(directions.rows), "
                + "\(directions.cols)]"
        )
        var result = self
        let cols = self.cols
        // in place (a subscript write checks uniqueness each time)
        result.values.withUnsafeMutableBufferPointer { g in
            directions.values.withUnsafeBufferPointer { w in
                for r in 0..<rows {
                    let (gRow, wRow) = (g.baseAddress! + r * cols, w.baseAddress! + r * cols)
                    var along = 0.0, norm = 0.0
                    for c in 0..<cols { along += gRow[c] * wRow[c]; norm += wRow[c] * wRow[c] }
                    guard norm > 0 else { continue }
                    let projection = along / norm
                    for c in 0..<cols { gRow[c] -= projection * wRow[c] }
                }
            }
        }
        return result
    }
}

extension SparseAutoencoder {
    /// Bricken et al.'s resampling: every latent with a firing count of 0 gets a replacement input
    /// r (in order): decoder row r/‖r‖, encoder column r/‖r‖ × scale × the mean encoder norm of the
    /// alive latents, encoder bias 0. Returns the new SAE and the latents it resampled.
    // replacements: [#dead, d]
    public func resampling(
        firingCounts: [Int], replacements: Matrix, encoderScale: Double
    ) -> ResampledAutoencoder {
        let dead = firingCounts.indices.filter { firingCounts[$0] == 0 }
        let alive = firingCounts.indices.filter { firingCounts[$0] > 0 }
        let encoderNorms = W_enc.columnNorms
        let aliveNorm =
            alive.isEmpty ? 1 : alive.map { encoderNorms[$0] }.reduce(0, +) / Double(alive.count)
        var result = self
        var resampled: [Int] = []
        for (slot, j) in dead.enumerated() where slot < replacements.rows {
            let input = replacements.row(slot)
            let norm = input.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { continue }
            for c in 0..<inputDims {
                result.W_dec[j, c] = input[c] / norm
                result.W_enc[c, j] = input[c] / norm * encoderScale * aliveNorm
            }
            result.b_enc[j] = 0
            resampled.append(j)
        }
        return ResampledAutoencoder(autoencoder: result, resampled: resampled)
    }
}

/// An SAE after resampling, and the latents that were resampled.
public struct ResampledAutoencoder: Sendable, Equatable {
    public var autoencoder: SparseAutoencoder
    public var resampled: [Int]

    public init(autoencoder: SparseAutoencoder, resampled: [Int]) {
        self.autoencoder = autoencoder
        self.resampled = resampled
    }
}
