// Training an SAE: random batches of activations, loss and gradients, the decoder gradient's
// parallel component removed, Adam, decoder rows renormalised, and dead latents resampled now and
// then.

/// What the trainer reports while it runs.
public struct SAETrainingProgress: Sendable {
    public var step: Int
    public var totalSteps: Int
    public var terms: SAELossTerms
    /// Latents that have not fired for `deadWindow` steps.
    public var deadLatents: Int
}

/// A trained SAE and how it got there.
public struct TrainedSAE: Sendable {
    public var autoencoder: SparseAutoencoder
    public var config: SAETrainingConfig
    /// Loss terms averaged over each block of `historyInterval` steps.
    public var history: [SAELossTerms]
    public var historyInterval: Int
    /// Dead latents (by the window rule) at the end of each history block.
    public var deadHistory: [Int]
    /// (step, latents resampled) for every resampling.
    public var resamplings: [(step: Int, count: Int)]
    /// Set when training stopped early on a non-finite loss, gradient or parameter
    /// (TrainingDivergence.swift).
    public var divergence: TrainingDivergence? = nil
}

/// The state of one parameter tensor's Adam moments, and the four of an SAE.
struct SAEMoments {
    var W_enc, b_enc, W_dec, b_dec: AdamMoments

    init(_ sae: SparseAutoencoder) {
        W_enc = AdamMoments(count: sae.W_enc.values.count)
        b_enc = AdamMoments(count: sae.b_enc.count)
        W_dec = AdamMoments(count: sae.W_dec.values.count)
        b_dec = AdamMoments(count: sae.b_dec.count)
    }

    /// Zeroes the moments of latent j's parameters: column j of W_enc, b_enc[j], row j of W_dec.
    mutating func reset(latent j: Int, inputDims d: Int, latents h: Int) {
        for r in 0..<d { W_enc.mean[r * h + j] = 0; W_enc.squaredMean[r * h + j] = 0 }
        b_enc.mean[j] = 0
        b_enc.squaredMean[j] = 0
        for c in 0..<d { W_dec.mean[j * d + c] = 0; W_dec.squaredMean[j * d + c] = 0 }
    }
}

// ANCHOR: sae-training-loop
/// Trains an SAE on `activations` (one sample per row).
/// - Parameters:
///   - seed: seeds the initial SAE ("sae-init"), the batches and the resampling ("sae-batches").
///   - initial: start from this SAE instead of a fresh one (its latent count wins over the
///     config's).
///   - maths: the operations of a step (SAEKit's unless the learner's are plugged in).
///   - progress: called about 100 times.
public func trainSAE(
    on activations: Matrix, config: SAETrainingConfig, seed: UInt64,
    initial: SparseAutoencoder? = nil,
    maths: SAETrainingMaths = .reference, progress: (SAETrainingProgress) -> Void = { _ in }
) -> TrainedSAE {
    var initRandom = SeededGenerator(seed: seed, stream: "sae-init")
    var random = SeededGenerator(seed: seed, stream: "sae-batches")
    var sae = initial ?? SparseAutoencoder.initialised(
        inputDims: activations.cols, latents: config.latents, generator: &initRandom)
    sae.activation = config.activation
    var moments = SAEMoments(sae)
    let adam = AdamHyperparameters()
    let (d, h) = (sae.inputDims, sae.latentCount)
    var lastFired = [Int](repeating: 0, count: h)            // the step a latent last fired
    var firedSinceResample = [Int](repeating: 0, count: h)
    var trained = TrainedSAE(
        autoencoder: sae, config: config, history: [], historyInterval: max(1, config.steps / 200),
        deadHistory: [], resamplings: [])
    var block: [SAELossTerms] = []
    var rows = [Int](repeating: 0, count: config.batchSize), nextRows = rows
    var drawnAhead = false                                   // rows holds this step's batch
    // SAEKit's own maths for a narrow SAE (ReLU, TopK, BatchTopK) runs fused, sample by sample, in
    // buffers made once (FusedSAEStep.swift).
    let fusable = maths.isReferenceStep
        && FusedSAEStep.applies(inputDims: d, latents: h, activation: sae.activation)
    var fused = fusable ? FusedSAEStep(inputDims: d, latents: h, activation: sae.activation) : nil
    let fusedAuxK = fused != nil && maths.isReferenceAuxK    // it adds AuxK's term too
    // Large steps reuse their big buffers (LargeBufferReuse.swift).
    if config.batchSize * h >= 1 << 22 { LargeBufferReuse.enable }

    for step in 0..<config.steps {
        // The batch: rows drawn with replacement.
        if !drawnAhead { random.fill(&rows, below: activations.rows) }
        // A fused step draws the next batch on a core that has finished its share, unless a
        // resampling might draw first.
        let drawAhead = fused != nil && step + 1 < config.steps
            && !config.resamples(after: step + 1)
        let auxK = sae.activation != .relu && config.auxKCoefficient > 0
            && lastFired.contains { step - $0 >= config.deadWindow }
        let isDead = auxK ? (0..<h).map { step - lastFired[$0] >= config.deadWindow } : []
        let fusedAux = auxK && fusedAuxK
            ? FusedAuxK(dead: isDead, k: config.auxK, coefficient: config.auxKCoefficient) : nil
        // [B, d] when the matrix form needs it (the fused step reads the rows in place)
        let batch = fused == nil || (auxK && !fusedAuxK) ? activations.selectingRows(rows) : nil
        let λ = config.l1Coefficient(at: step)
        var result = fused != nil
            ? fused!.step(activations, rows: rows, sae: sae, l1Coefficient: λ, auxK: fusedAux,
                          alongside: {
                              if drawAhead { random.fill(&nextRows, below: activations.rows) }
                          })
            : maths.trainingStep(batch!, sae, λ)
        if drawAhead { swap(&rows, &nextRows) }
        drawnAhead = drawAhead
        if let batch, auxK {                            // AuxK: the dead latents chase the residual
            let aux = maths.auxKStep(batch, sae, isDead, config.auxK)
            result.gradients = result.gradients.adding(
                aux.gradients, scaledBy: config.auxKCoefficient)
            result.terms.auxK = aux.loss
            result.terms.total += config.auxKCoefficient * aux.loss
        }
        // Stop before a non-finite value reaches the weights.
        if let problem = TrainingDivergence.check(result, step: step + 1, of: config.steps) {
            trained.divergence = problem
            break
        }
        let gradients = result.gradients
        var gradientW_dec = gradients.W_dec
        if config.unitNormDecoder {
            gradientW_dec = maths.removeParallelComponent(gradientW_dec, sae.W_dec)
        }
        let rate = maths.learningRate(step, config.schedule)
        maths.adamStep(&sae.W_enc.values, gradients.W_enc.values, &moments.W_enc, rate, adam)
        maths.adamStep(&sae.b_enc, gradients.b_enc, &moments.b_enc, rate, adam)
        maths.adamStep(&sae.W_dec.values, gradientW_dec.values, &moments.W_dec, rate, adam)
        maths.adamStep(&sae.b_dec, gradients.b_dec, &moments.b_dec, rate, adam)
        if config.unitNormDecoder { sae.W_dec = maths.normaliseDecoder(sae.W_dec) }
        if let problem = TrainingDivergence.check(sae, step: step + 1, of: config.steps) {
            trained.divergence = problem
            break
        }

        for j in 0..<h where result.fired[j] {
            lastFired[j] = step + 1
            firedSinceResample[j] += 1
        }
        if config.resamples(after: step + 1) {
            let counts = (0..<h).map {
                step + 1 - lastFired[$0] >= config.deadWindow ? 0 : max(1, firedSinceResample[$0])
            }
            let dead = counts.filter { $0 == 0 }.count
            if dead > 0 {
                let replacements = resamplingTargets(
                    sae, activations: activations, count: dead, pool: config.resamplePool,
                    generator: &random)
                let outcome = maths.resample(sae, counts, replacements, config.resampleEncoderScale)
                sae = outcome.autoencoder
                let latents = outcome.resampled
                for j in latents {
                    moments.reset(latent: j, inputDims: d, latents: h)
                    lastFired[j] = step + 1                     // a fresh latent gets a full window
                }
                trained.resamplings.append((step + 1, latents.count))
            }
            firedSinceResample = Array(repeating: 0, count: h)
        }

        block.append(result.terms)
        let dead = lastFired.count(where: { step + 1 - $0 >= config.deadWindow })
        if block.count == trained.historyInterval || step + 1 == config.steps {
            trained.history.append(average(block))
            trained.deadHistory.append(dead)
            block.removeAll(keepingCapacity: true)
        }
        if (step + 1) % max(1, config.steps / 100) == 0 || step + 1 == config.steps {
            progress(SAETrainingProgress(step: step + 1, totalSteps: config.steps,
                                         terms: result.terms, deadLatents: dead))
        }
    }
    if case let .batchTopK(k) = config.activation, trained.divergence == nil {
        let threshold = batchTopKThreshold(sae, k: k, activations: activations,
                                           batchSize: config.batchSize, generator: &random)
        sae.activation = .jumpReLU(Array(repeating: threshold, count: h))
    }
    trained.autoencoder = sae
    return trained
}
// ANCHOR_END: sae-training-loop

/// BatchTopK's inference threshold (Bussmann et al. 2024): the smallest activation a batch keeps,
/// averaged over 50 batches. Above it a latent fires, whatever the rest of the batch does.
func batchTopKThreshold(
    _ sae: SparseAutoencoder, k: Double, activations: Matrix, batchSize: Int,
    generator: inout SeededGenerator
) -> Double {
    var smallest: [Double] = []
    for _ in 0..<50 {
        let batch = activations.selectingRows(
            (0..<batchSize).map { _ in generator.integer(in: 0...(activations.rows - 1)) })
        var training = sae
        training.activation = .batchTopK(k)
        if let least = training.encode(batch).values.filter({ $0 > 0 }).min() {
            smallest.append(least)
        }
    }
    return smallest.isEmpty ? 0 : smallest.reduce(0, +) / Double(smallest.count)
}

/// `count` inputs drawn with probability ∝ (reconstruction loss)², from a random pool of the data.
func resamplingTargets(
    _ sae: SparseAutoencoder, activations: Matrix, count: Int, pool: Int,
    generator: inout SeededGenerator
) -> Matrix {
    let rows = (0..<min(pool, activations.rows)).map { _ in
        generator.integer(in: 0...(activations.rows - 1))
    }
    let candidates = activations.selectingRows(rows)
    let errors = (candidates - sae.forwardPass(candidates).reconstruction).rowNorms.map { $0 * $0 }
    let weights = errors.map { $0 * $0 }
    let total = weights.reduce(0, +)
    var chosen: [Int] = []
    for _ in 0..<count {
        guard total > 0 else {
            chosen.append(generator.integer(in: 0...(rows.count - 1))); continue
        }
        var target = generator.uniform() * total
        var index = 0
        while index < weights.count - 1 && target >= weights[index] {
            target -= weights[index]; index += 1
        }
        chosen.append(index)
    }
    return candidates.selectingRows(chosen)
}

func average(_ terms: [SAELossTerms]) -> SAELossTerms {
    let n = Double(max(1, terms.count))
    var mean = SAELossTerms(
        reconstruction: terms.map(\.reconstruction).reduce(0, +) / n,
        l1: terms.map(\.l1).reduce(0, +) / n,
        l0: terms.map(\.l0).reduce(0, +) / n, total: terms.map(\.total).reduce(0, +) / n)
    mean.auxK = terms.map(\.auxK).reduce(0, +) / n
    return mean
}
