// Learner code the project has never seen, for exercises 4.1–4.3 (Chapters/04-training.md).

import Foundation
import SAEKit

enum Step4Unseen {
    typealias Adam = @Sendable (inout [Double], [Double], inout AdamMoments, Double,
                                AdamHyperparameters) -> Void

    // MARK: - 4.1 Adam

    /// correct: the doc comment's formula, entry by entry.
    // parameter: [n]  gradient: [n]  moments: mean [n], squaredMean [n], step
    static func adamLiteral(_ theta: inout [Double], _ g: [Double], _ moments: inout AdamMoments,
                            _ lr: Double, _ hp: AdamHyperparameters) {
        moments.step += 1
        let t = Double(moments.step)
        for i in theta.indices {
            moments.mean[i] = hp.beta1 * moments.mean[i] + (1 - hp.beta1) * g[i]
            moments.squaredMean[i] =
                hp.beta2 * moments.squaredMean[i] + (1 - hp.beta2) * g[i] * g[i]
            let mHat = moments.mean[i] / (1 - pow(hp.beta1, t))
            let vHat = moments.squaredMean[i] / (1 - pow(hp.beta2, t))
            theta[i] -= lr * (mHat / (vHat.squareRoot() + hp.epsilon) + hp.weightDecay * theta[i])
        }
    }

    /// correct: Kingma & Ba's "efficient" form, the corrections folded into a step size and
    /// ε̂ = ε·√(1 − β₂ᵗ); the moments are rebuilt as whole arrays with map.
    static func adamFoldedCorrection(
        _ theta: inout [Double], _ g: [Double], _ moments: inout AdamMoments,
        _ lr: Double, _ hp: AdamHyperparameters
    ) {
        moments.step += 1
        let c1 = 1 - pow(hp.beta1, Double(moments.step)),
            c2 = 1 - pow(hp.beta2, Double(moments.step))
        moments.mean = zip(moments.mean, g).map { hp.beta1 * $0 + (1 - hp.beta1) * $1 }
        moments.squaredMean = zip(moments.squaredMean, g).map {
            hp.beta2 * $0 + (1 - hp.beta2) * $1 * $1
        }
        let stepSize = lr * c2.squareRoot() / c1
        let epsilonHat = hp.epsilon * c2.squareRoot()
        let decayed = theta.map { $0 * (1 - lr * hp.weightDecay) }
        theta = (0..<theta.count).map { i in
            decayed[i] - stepSize * moments.mean[i]
                / (moments.squaredMean[i].squareRoot() + epsilonHat)
        }
    }

    /// wrong: no bias correction.
    static func adamNoBiasCorrection(
        _ theta: inout [Double], _ g: [Double], _ moments: inout AdamMoments,
        _ lr: Double, _ hp: AdamHyperparameters
    ) {
        moments.step += 1
        for i in theta.indices {
            moments.mean[i] = hp.beta1 * moments.mean[i] + (1 - hp.beta1) * g[i]
            moments.squaredMean[i] =
                hp.beta2 * moments.squaredMean[i] + (1 - hp.beta2) * g[i] * g[i]
            let ratio = moments.mean[i] / (moments.squaredMean[i].squareRoot() + hp.epsilon)
            theta[i] -= lr * (ratio + hp.weightDecay * theta[i])
        }
    }

    /// wrong: ε inside the square root.
    static func adamEpsilonInsideRoot(
        _ theta: inout [Double], _ g: [Double], _ moments: inout AdamMoments,
        _ lr: Double, _ hp: AdamHyperparameters
    ) {
        moments.step += 1
        let t = Double(moments.step)
        for i in theta.indices {
            moments.mean[i] = hp.beta1 * moments.mean[i] + (1 - hp.beta1) * g[i]
            moments.squaredMean[i] =
                hp.beta2 * moments.squaredMean[i] + (1 - hp.beta2) * g[i] * g[i]
            let mHat = moments.mean[i] / (1 - pow(hp.beta1, t))
            let vHat = moments.squaredMean[i] / (1 - pow(hp.beta2, t))
            theta[i] -= lr * (mHat / (vHat + hp.epsilon).squareRoot() + hp.weightDecay * theta[i])
        }
    }

    /// wrong: weight decay folded into the gradient (Adam with L2, not AdamW).
    static func adamL2NotDecoupled(
        _ theta: inout [Double], _ g: [Double], _ moments: inout AdamMoments,
        _ lr: Double, _ hp: AdamHyperparameters
    ) {
        let withDecay = zip(g, theta).map { $0 + hp.weightDecay * $1 }
        var plain = hp
        plain.weightDecay = 0
        adamLiteral(&theta, withDecay, &moments, lr, plain)
    }

    /// wrong: ignores the weight decay ("0 for the SAE").
    static func adamIgnoresWeightDecay(
        _ theta: inout [Double], _ g: [Double], _ moments: inout AdamMoments,
        _ lr: Double, _ hp: AdamHyperparameters
    ) {
        var plain = hp
        plain.weightDecay = 0
        adamLiteral(&theta, g, &moments, lr, plain)
    }

    /// wrong: updates a copy of the moments and stores back only m and v: moments.step stays 0, so
    /// every call corrects as if it were the first step.
    static func adamStepNotStored(
        _ theta: inout [Double], _ g: [Double], _ moments: inout AdamMoments,
        _ lr: Double, _ hp: AdamHyperparameters
    ) {
        var local = moments
        adamLiteral(&theta, g, &local, lr, hp)
        moments.mean = local.mean
        moments.squaredMean = local.squaredMean
    }

    /// wrong: the correction uses t before it is increased (1 − β⁰ = 0 on the first step), guarded
    /// by treating step 0 as "no correction".
    static func adamCorrectionOffByOne(
        _ theta: inout [Double], _ g: [Double], _ moments: inout AdamMoments,
        _ lr: Double, _ hp: AdamHyperparameters
    ) {
        let t = Double(moments.step)
        let c1 = t == 0 ? 1 : 1 - pow(hp.beta1, t), c2 = t == 0 ? 1 : 1 - pow(hp.beta2, t)
        moments.step += 1
        for i in theta.indices {
            moments.mean[i] = hp.beta1 * moments.mean[i] + (1 - hp.beta1) * g[i]
            moments.squaredMean[i] =
                hp.beta2 * moments.squaredMean[i] + (1 - hp.beta2) * g[i] * g[i]
            theta[i] -=
                lr
                * (moments.mean[i] / c1 / ((moments.squaredMean[i] / c2).squareRoot() + hp.epsilon)
                    + hp.weightDecay * theta[i])
        }
    }

    /// wrong: the weight decay applied to the already-updated parameter.
    static func adamDecayAfterUpdate(
        _ theta: inout [Double], _ g: [Double], _ moments: inout AdamMoments,
        _ lr: Double, _ hp: AdamHyperparameters
    ) {
        var plain = hp
        plain.weightDecay = 0
        adamLiteral(&theta, g, &moments, lr, plain)
        theta = theta.map { $0 - lr * hp.weightDecay * $0 }
    }

    // MARK: - 4.2 unit-norm decoder

    /// correct: the doc comment's g_j − (g_j·w_j) w_j, row by row with dot.
    // gradient: [h, d]  decoder: [h, d]  ->  [h, d]
    static func removeParallelLiteral(_ gradient: Matrix, _ decoder: Matrix) -> Matrix {
        var out = gradient
        for j in 0..<gradient.rows {
            let w = decoder.row(j)
            let along = dot(gradient.row(j), w)
            for c in 0..<gradient.cols { out[j, c] -= along * w[c] }
        }
        return out
    }

    /// correct: normalises w_j first (so it does not rely on the rows being exactly unit), whole
    /// rows.
    static func removeParallelNormalised(_ gradient: Matrix, _ decoder: Matrix) -> Matrix {
        let norms = decoder.rowNorms
        let along = Matrix(rows: gradient.rows, cols: 1) { j, _ in
            norms[j] > 0 ? dot(gradient.row(j), decoder.row(j)) / (norms[j] * norms[j]) : 0
        }
        let projection = Matrix(rows: gradient.rows, cols: gradient.cols) { j, c in
            along[j, 0] * decoder[j, c]
        }
        return gradient - projection
    }

    /// correct: each row divided by its norm, zero rows left alone.
    // decoder: [h, d]  ->  [h, d]
    static func normaliseGuarded(_ decoder: Matrix) -> Matrix {
        let norms = decoder.rowNorms
        return Matrix(rows: decoder.rows, cols: decoder.cols) { j, c in
            norms[j] > 0 ? decoder[j, c] / norms[j] : 0
        }
    }

    /// correct: row by row in place, a zero row skipped (the stub's rule).
    static func normaliseSkippingZeroRows(_ decoder: Matrix) -> Matrix {
        var out = decoder
        for j in 0..<out.rows {
            let norm = out.row(j).reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm == 0 { continue }
            for c in 0..<out.cols { out[j, c] /= norm }
        }
        return out
    }

    /// wrong (contract: a zero row is left as it is): each row divided by its norm, no special
    /// case.
    static func normaliseLiteral(_ decoder: Matrix) -> Matrix {
        var out = decoder
        for j in 0..<decoder.rows {
            let norm = dot(decoder.row(j), decoder.row(j)).squareRoot()
            for c in 0..<decoder.cols { out[j, c] = decoder[j, c] / norm }
        }
        return out
    }

    /// wrong (numerical): each row divided by ‖w‖ + 1e-8 (the PyTorch habit), so rows are not unit.
    static func normaliseEpsilon(_ decoder: Matrix) -> Matrix {
        let norms = decoder.rowNorms
        return Matrix(rows: decoder.rows, cols: decoder.cols) { j, c in
            decoder[j, c] / (norms[j] + 1e-8)
        }
    }

    /// wrong: removes the component along the gradient's own direction (g − (g·g) g).
    static func removeParallelAlongGradient(_ gradient: Matrix, _ decoder: Matrix) -> Matrix {
        removeParallelLiteral(gradient, gradient)
    }

    /// wrong: keeps the parallel component instead of removing it ((g·w) w).
    static func removeParallelKeepsParallel(_ gradient: Matrix, _ decoder: Matrix) -> Matrix {
        gradient - removeParallelLiteral(gradient, decoder)
    }

    /// wrong: projects columns (one per dimension) instead of rows (one per latent).
    static func removeParallelColumns(_ gradient: Matrix, _ decoder: Matrix) -> Matrix {
        removeParallelLiteral(gradient.transposed, decoder.transposed).transposed
    }

    /// wrong: normalises columns instead of rows.
    static func normaliseColumns(_ decoder: Matrix) -> Matrix {
        normaliseGuarded(decoder.transposed).transposed
    }

    /// wrong: divides by the squared norm.
    static func normaliseBySquaredNorm(_ decoder: Matrix) -> Matrix {
        let norms = decoder.rowNorms
        return Matrix(rows: decoder.rows, cols: decoder.cols) { j, c in
            norms[j] > 0 ? decoder[j, c] / (norms[j] * norms[j]) : 0
        }
    }

    /// wrong: scales the whole matrix by its Frobenius norm.
    static func normaliseWholeMatrix(_ decoder: Matrix) -> Matrix {
        (1 / decoder.squaredFrobeniusNorm.squareRoot()) * decoder
    }

    /// wrong: divides every row by the largest row norm (keeps relative lengths).
    static func normaliseByLargestRow(_ decoder: Matrix) -> Matrix {
        (1 / (decoder.rowNorms.max() ?? 1)) * decoder
    }
}
