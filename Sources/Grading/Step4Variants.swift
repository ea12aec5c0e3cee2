// Step 4's known mistakes, reproduced: what a mistaken Adam step, decoder constraint, schedule or
// resampling returns.

import Foundation
import SAEKit

// MARK: - 4.1

enum MistakenAdam: CaseIterable {
    case noBiasCorrection, epsilonInsideRoot, coupledWeightDecay, biasCorrectionOffByOne
    case correctedMomentsStored, betaSwapped, weightDecayWithoutLearningRate, weightDecayIgnored
    case withoutEpsilon

    var mistake: KnownMistake {
        switch self {
        case .noBiasCorrection: Mistakes.adamWithoutBiasCorrection
        case .epsilonInsideRoot: Mistakes.adamEpsilonInsideRoot
        case .coupledWeightDecay: Mistakes.adamCoupledWeightDecay
        case .biasCorrectionOffByOne: Mistakes.adamBiasCorrectionOffByOne
        case .correctedMomentsStored: Mistakes.adamCorrectedMomentsStored
        case .betaSwapped: Mistakes.adamBetaSwapped
        case .weightDecayWithoutLearningRate: Mistakes.adamWeightDecayWithoutLearningRate
        case .weightDecayIgnored: Mistakes.adamWeightDecayIgnored
        case .withoutEpsilon: Mistakes.adamWithoutEpsilon
        }
    }

    // θ: [n]  g: [n]  moments: mean [n], squaredMean [n], step
    func update(_ θ: inout [Double], _ g: [Double], _ moments: inout AdamMoments, _ lr: Double,
                _ h: AdamHyperparameters) {
        moments.step += 1
        let t = Double(moments.step) - (self == .biasCorrectionOffByOne ? 1 : 0)
        let (keep1, keep2) = self == .betaSwapped ? (1 - h.beta1, 1 - h.beta2) : (h.beta1, h.beta2)
        let corrected = self != .noBiasCorrection
        for i in θ.indices {
            let gradient = g[i] + (self == .coupledWeightDecay ? h.weightDecay * θ[i] : 0)
            moments.mean[i] = keep1 * moments.mean[i] + (1 - keep1) * gradient
            moments.squaredMean[i] = keep2 * moments.squaredMean[i]
                + (1 - keep2) * gradient * gradient
            let mHat = moments.mean[i] / (corrected ? 1 - pow(h.beta1, t) : 1)
            let vHat = moments.squaredMean[i] / (corrected ? 1 - pow(h.beta2, t) : 1)
            if self == .correctedMomentsStored {
                moments.mean[i] = mHat
                moments.squaredMean[i] = vHat
            }
            let denominator = switch self {
            case .epsilonInsideRoot: (vHat + h.epsilon).squareRoot()
            case .withoutEpsilon: vHat.squareRoot()
            default: vHat.squareRoot() + h.epsilon
            }
            switch self {
            case .coupledWeightDecay, .weightDecayIgnored: θ[i] -= lr * (mHat / denominator)
            case .weightDecayWithoutLearningRate:
                θ[i] -= lr * (mHat / denominator) + h.weightDecay * θ[i]
            default: θ[i] -= lr * (mHat / denominator + h.weightDecay * θ[i])
            }
        }
    }
}

// MARK: - 4.2

/// What the grader compares in 4.2: both functions' outputs on one case.
struct DecoderOutput: ExercisePlaceholder, Sendable {
    var projected: Matrix
    var normalised: Matrix
    static var placeholder: DecoderOutput {
        DecoderOutput(projected: .placeholder, normalised: .placeholder)
    }
    var isPlaceholder: Bool { projected.isPlaceholder || normalised.isPlaceholder }
}

enum MistakenDecoder {
    static func reference(_ c: DecoderCase) -> DecoderOutput {
        var normalised = c.unnormalised
        normalised.normaliseRows()
        return DecoderOutput(projected: c.gradient.removingRowComponents(along: c.decoder),
                             normalised: normalised)
    }

    /// Every row divided by `divisor(its norm)`.
    // m: [h, d]  ->  [h, d]
    static func rowsDivided(_ m: Matrix, by divisor: (Double) -> Double) -> Matrix {
        let norms = m.rowNorms
        return Matrix(rows: m.rows, cols: m.cols) { r, c in m[r, c] / divisor(norms[r]) }
    }

    static func variants() -> [MistakeVariant<DecoderCase, DecoderOutput>] {
        func projection(_ mistake: KnownMistake, _ compute: @escaping (DecoderCase) -> Matrix)
            -> MistakeVariant<DecoderCase, DecoderOutput> {
            MistakeVariant(mistake: mistake) { c in
                DecoderOutput(projected: compute(c), normalised: reference(c).normalised)
            }
        }
        func normalisation(_ mistake: KnownMistake, _ compute: @escaping (Matrix) -> Matrix)
            -> MistakeVariant<DecoderCase, DecoderOutput> {
            MistakeVariant(mistake: mistake) { c in
                DecoderOutput(projected: reference(c).projected,
                              normalised: compute(c.unnormalised))
            }
        }
        return [
            normalisation(Mistakes.normalisedColumns) { m in
                var columns = m.transposed
                columns.normaliseRows()
                return columns.transposed
            },
            projection(Mistakes.projectedWrongAxis) { c in
                c.gradient.transposed.removingRowComponents(along: c.decoder.transposed).transposed
            },
            projection(Mistakes.returnedParallelComponent) { c in
                c.gradient - c.gradient.removingRowComponents(along: c.decoder)
            },
            projection(Mistakes.projectedOnEveryRow) { c in    // G − (G·Wᵀ)·W
                c.gradient - c.gradient.matmulTransposed(c.decoder).matmul(c.decoder)
            },
            normalisation(Mistakes.normalisedBySquaredNorm) { rowsDivided($0) { $0 * $0 } },
            normalisation(Mistakes.zeroRowDividedByZero) { rowsDivided($0) { $0 } },
        ] + [1e-6, 1e-8, 1e-10, 1e-12].map { ε in
            normalisation(Mistakes.normalisedWithEpsilon) { rowsDivided($0) { $0 + ε } }
        }
    }
}

// MARK: - 4.3

enum MistakenSchedule {
    static func rates(_ s: LearningRateSchedule, _ rate: (Int) -> Double) -> [Double] {
        (0..<s.totalSteps).map(rate)
    }

    /// The cosine part with progress `p` (the warm-up and a constant decay left as they should be).
    static func afterWarmup(_ s: LearningRateSchedule, floor: Double? = nil,
                            shape: (Double) -> Double = { (1 + cos(.pi * $0)) / 2 },
                            progress: (Int) -> Double) -> [Double] {
        rates(s) { step in
            guard step >= s.warmupSteps, s.decay == .cosine else { return s.rate(at: step) }
            let low = floor ?? s.finalFraction * s.learningRate
            return low + (s.learningRate - low) * shape(progress(step))
        }
    }

    static func variants() -> [MistakeVariant<LearningRateSchedule, [Double]>] {
        // p as the doc comment's formula gives it (0/0 when one step follows warm-up), and guarded.
        let unguarded = { (s: LearningRateSchedule, step: Int) in
            Double(step - s.warmupSteps) / Double(s.totalSteps - 1 - s.warmupSteps)
        }
        let stub = { (s: LearningRateSchedule, step: Int) in
            s.totalSteps - 1 - s.warmupSteps == 0 ? 0 : unguarded(s, step)
        }
        return [
            MistakeVariant(mistake: Mistakes.warmupFromZero) { s in
                rates(s) { step in
                    step < s.warmupSteps ? s.learningRate * Double(step) / Double(s.warmupSteps)
                        : s.rate(at: step)
                }
            },
            MistakeVariant(mistake: Mistakes.cosineIgnoresWarmup) { s in
                afterWarmup(s) { Double($0) / Double(s.totalSteps - 1) }
            },
            MistakeVariant(mistake: Mistakes.cosineIgnoresFloor) { s in
                var floorless = s
                floorless.finalFraction = 0
                return rates(s) { floorless.rate(at: $0) }
            },
            MistakeVariant(mistake: Mistakes.cosineOverTotalSteps) { s in
                afterWarmup(s) { Double($0 - s.warmupSteps) / Double(s.totalSteps - s.warmupSteps) }
            },
            MistakeVariant(mistake: Mistakes.quarterCosine) { s in
                afterWarmup(s, shape: { cos(.pi * $0 / 2) }) { stub(s, $0) }
            },
            MistakeVariant(mistake: Mistakes.floorNotScaled) { s in
                afterWarmup(s, floor: s.finalFraction) { stub(s, $0) }
            },
            MistakeVariant(mistake: Mistakes.decayIgnored) { s in
                var cosine = s
                cosine.decay = .cosine
                return rates(s) { cosine.rate(at: $0) }
            },
            MistakeVariant(mistake: Mistakes.progressDividesByZero) { s in
                afterWarmup(s) { unguarded(s, $0) }
            },
        ]
    }
}

// MARK: - 4.4

enum MistakenResampling: CaseIterable {
    case alive, decoderNotNormalised, encoderNotScaled, biasKept, encoderWithoutAliveNorm
    case meanNormOverAll, encoderNotNormalised, zeroReplacementUsed, noAliveNormNaN, noAliveNormZero
    case rareCountedDead

    var mistake: KnownMistake {
        switch self {
        case .alive: Mistakes.resampledAlive
        case .decoderNotNormalised: Mistakes.resampledDecoderNotNormalised
        case .encoderNotScaled: Mistakes.resampledEncoderNotScaled
        case .biasKept: Mistakes.resampledBiasKept
        case .encoderWithoutAliveNorm: Mistakes.resampledEncoderWithoutAliveNorm
        case .meanNormOverAll: Mistakes.resampledMeanNormOverAll
        case .encoderNotNormalised: Mistakes.resampledEncoderNotNormalised
        case .zeroReplacementUsed: Mistakes.resampledZeroReplacement
        case .noAliveNormNaN, .noAliveNormZero: Mistakes.resampledNoAliveLatents
        case .rareCountedDead: Mistakes.resampledRareCountedDead
        }
    }

    static func compute(_ variant: MistakenResampling, _ c: ResampleCase) -> ResampledAutoencoder {
        if variant == .alive {
            // The alive latents taken for the dead ones, replaced in order while replacements last.
            return c.sae.resampling(firingCounts: c.firingCounts.map { $0 > 0 ? 0 : 1 },
                                    replacements: c.replacements, encoderScale: 0.2)
        }
        let deadAtMost = variant == .rareCountedDead ? 1 : 0
        let dead = c.firingCounts.indices.filter { c.firingCounts[$0] <= deadAtMost }
        let alive = c.firingCounts.indices.filter { c.firingCounts[$0] > deadAtMost }
        let norms = c.sae.W_enc.columnNorms
        let averaged = variant == .meanNormOverAll ? Array(norms.indices) : alive
        var meanNorm = averaged.map { norms[$0] }.reduce(0, +) / Double(averaged.count)
        if alive.isEmpty {
            meanNorm = switch variant {
            case .noAliveNormNaN: .nan
            case .noAliveNormZero: 0
            case .meanNormOverAll: meanNorm
            default: 1
            }
        }
        var result = c.sae
        var resampled: [Int] = []
        for (k, j) in dead.enumerated() where k < c.replacements.rows {
            let r = c.replacements.row(k)
            let norm = dot(r, r).squareRoot()
            if norm == 0 && variant != .zeroReplacementUsed { continue }
            for col in 0..<c.sae.inputDims {
                let unit = r[col] / norm
                result.W_dec[j, col] = variant == .decoderNotNormalised ? r[col] : unit
                result.W_enc[col, j] = switch variant {
                case .encoderNotScaled: unit
                case .encoderWithoutAliveNorm: unit * 0.2
                case .encoderNotNormalised: r[col] * 0.2 * meanNorm
                default: unit * 0.2 * meanNorm
                }
            }
            result.b_enc[j] = variant == .biasKept ? c.sae.b_enc[j] : 0
            resampled.append(j)
        }
        return ResampledAutoencoder(autoencoder: result, resampled: resampled)
    }
}
