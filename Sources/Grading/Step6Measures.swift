// Grading exercises 6.4 and 6.5, the measurements: shrinkage against the truth, the relative
// reconstruction bias, normalised MSE and explained variance.

import Foundation
import SAEKit

/// Exercise 6.4's two answers, graded together.
struct ShrinkageAnswer: ExercisePlaceholder {
    var ratios: [Double]
    var bias: Double

    static var placeholder: ShrinkageAnswer { ShrinkageAnswer(ratios: .placeholder, bias: .placeholder) }
    /// Either function still a stub counts as not implemented.
    var isPlaceholder: Bool { ratios.isPlaceholder || bias.isPlaceholder }
}

extension Step6Grader {
    // MARK: - 6.4 Shrinkage

    struct ShrinkageCase: Sendable {
        var latentCodes: Matrix
        var trueMagnitudes: Matrix
        var pairs: [(feature: Int, latent: Int)]
        var a: Matrix
        var reconstruction: Matrix
    }

    /// Codes and magnitudes where the four ways of averaging differ: misses, false alarms, and a
    /// tiny true coefficient whose per-sample ratio is large.
    static let shrinkageCases: [GradingCase<ShrinkageCase>] = (0..<3).map { index in
        var random = SeededGenerator(seed: UInt64(641 + index), stream: "grading")
        let (samples, features, latents) = [(8, 3, 4), (10, 2, 5), (12, 4, 4)][index]
        let truth = Matrix(rows: samples, cols: features) { s, i in random.bernoulli(0.5) || s == i ? random.uniform(0.2, 2) : 0 }
        var magnitudes = truth
        magnitudes[samples - 1, 0] = 0.01                                 // a tiny coefficient the latent overshoots
        let pairs = (0..<features).map { (feature: $0, latent: ($0 * 3 + index) % latents) }
        var codes = Matrix(rows: samples, cols: latents) { _, _ in random.bernoulli(0.2) ? random.uniform(0.1, 1) : 0 }   // false alarms
        for (feature, latent) in pairs {
            for s in 0..<samples where magnitudes[s, feature] > 0 {
                codes[s, latent] = random.bernoulli(0.2) && s != feature ? 0 : magnitudes[s, feature] * random.uniform(0.5, 0.9)   // misses
            }
        }
        codes[samples - 1, pairs[0].latent] = 0.3
        let a = Matrix(rows: 6, cols: 3) { _, _ in random.normal() + 0.5 }
        let reconstruction = Matrix(rows: 6, cols: 3) { r, c in 0.8 * a[r, c] + 0.1 * random.normal() }
        let label = "\(samples) samples, \(features) features, \(latents) latents, pairs \(pairs.map { "(\($0.feature), \($0.latent))" }.joined(separator: " "))"
        return GradingCase(label: label, input: ShrinkageCase(latentCodes: codes, trueMagnitudes: magnitudes, pairs: pairs, a: a, reconstruction: reconstruction),
                           printedInput: printed("latentCodes", codes) + printed("trueMagnitudes", magnitudes) + printed("a", a) + printed("reconstruction", reconstruction))
    }

    /// Exercise 6.4: the ratio per matched pair, and γ.
    public static func gradeShrinkage(ratios: (_ latentCodes: Matrix, _ trueMagnitudes: Matrix, _ pairs: [(feature: Int, latent: Int)]) -> [Double],
                                      bias: (_ a: Matrix, _ reconstruction: Matrix) -> Double) -> GradeReport {
        func variant(_ mistake: KnownMistake, bias wrongBias: Bool = false,
                     _ ratio: @escaping (_ latent: [Double], _ truth: [Double]) -> Double = { l, t in l.reduce(0, +) / t.reduce(0, +) },
                     keep: @escaping (_ latent: Double, _ truth: Double) -> Bool = { $0 > 0 && $1 > 0 }) -> MistakeVariant<ShrinkageCase, ShrinkageAnswer> {
            MistakeVariant(mistake: mistake) { c in
                let ratios = c.pairs.map { pair in
                    let kept = (0..<c.latentCodes.rows).filter { keep(c.latentCodes[$0, pair.latent], c.trueMagnitudes[$0, pair.feature]) }
                    return ratio(kept.map { c.latentCodes[$0, pair.latent] }, kept.map { c.trueMagnitudes[$0, pair.feature] })
                }
                let γ = relativeReconstructionBias(c.a, reconstruction: c.reconstruction)
                return ShrinkageAnswer(ratios: ratios, bias: wrongBias ? 1 / γ : γ)
            }
        }
        let check = ExerciseCheck<ShrinkageCase, ShrinkageAnswer>(
            exercise: .shrinkage, cases: shrinkageCases,
            reference: { ShrinkageAnswer(ratios: shrinkageRatios(latentCodes: $0.latentCodes, trueMagnitudes: $0.trueMagnitudes, pairs: $0.pairs),
                                         bias: relativeReconstructionBias($0.a, reconstruction: $0.reconstruction)) },
            parts: [OutputPart(name: "matchedShrinkage") { compareVector(expected: $0.ratios, got: $1.ratios, tolerance: .arithmetic, meaning: "one ratio per pair") },
                    OutputPart(name: "reconstructionBias") { compareScalar(expected: $0.bias, got: $1.bias, tolerance: .arithmetic) }],
            mistakes: [
                variant(Mistakes.shrinkageInverted) { l, t in t.reduce(0, +) / l.reduce(0, +) },
                variant(Mistakes.shrinkageCountsMisses, keep: { _, truth in truth > 0 }),
                variant(Mistakes.shrinkageCountsFalseAlarms, keep: { latent, _ in latent > 0 }),
                variant(Mistakes.shrinkageMeanOfRatios) { l, t in zip(l, t).map { $0 / $1 }.reduce(0, +) / Double(l.count) },
                variant(Mistakes.reconstructionBiasInverted, bias: true),
            ])
        return check.grade { c in
            ShrinkageAnswer(ratios: ratios(c.latentCodes, c.trueMagnitudes, c.pairs), bias: bias(c.a, c.reconstruction))
        }
    }

    // MARK: - 6.5 Fidelity

    struct FidelityCase: Sendable {
        var a: Matrix
        var reconstruction: Matrix
    }

    /// Activations with a large mean and dimensions of very different spread.
    static let fidelityCases: [GradingCase<FidelityCase>] = (0..<3).map { index in
        var random = SeededGenerator(seed: UInt64(651 + index), stream: "grading")
        let (n, d) = [(6, 3), (9, 4), (5, 2)][index]
        let means = (0..<d).map { _ in random.uniform(2, 6) }, spreads = (0..<d).map { c in c == 0 ? 0.05 : random.uniform(0.5, 2) }
        let a = Matrix(rows: n, cols: d) { _, c in means[c] + spreads[c] * random.normal() }
        let reconstruction = index == 2 ? Matrix(rows: n, cols: d) { _, c in a.column(c).reduce(0, +) / Double(n) }
            : Matrix(rows: n, cols: d) { r, c in a[r, c] + 0.3 * random.normal() }
        return GradingCase(label: index == 2 ? "the reconstruction is the mean activation (NMSE 1)" : "\(n) samples in \(d) dims, means 2–6, dim 0 nearly constant",
                           input: FidelityCase(a: a, reconstruction: reconstruction), printedInput: printed("a", a) + printed("reconstruction", reconstruction))
    }

    /// Exercise 6.5: NMSE and explained variance.
    public static func gradeFidelity(_ fidelity: (_ a: Matrix, _ reconstruction: Matrix) -> ReconstructionFidelity) -> GradeReport {
        func result(_ nmse: Double) -> ReconstructionFidelity { ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse) }
        let check = ExerciseCheck<FidelityCase, ReconstructionFidelity>(
            exercise: .fidelity, cases: fidelityCases, reference: { reconstructionFidelity($0.a, reconstruction: $0.reconstruction) },
            parts: [OutputPart(name: "normalisedMSE") { compareScalar(expected: $0.normalisedMSE, got: $1.normalisedMSE, tolerance: .arithmetic) },
                    OutputPart(name: "explainedVariance") { compareScalar(expected: $0.explainedVariance, got: $1.explainedVariance, tolerance: .arithmetic) }],
            mistakes: [
                MistakeVariant(mistake: Mistakes.explainedVarianceWithoutCentring) { c in
                    result((c.a - c.reconstruction).squaredFrobeniusNorm / c.a.squaredFrobeniusNorm)
                },
                MistakeVariant(mistake: Mistakes.normalisedMSEPerDimension) { c in
                    let ratios = (0..<c.a.cols).map { col in
                        let x = c.a.column(col), y = c.reconstruction.column(col), mean = x.reduce(0, +) / Double(x.count)
                        return zip(x, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                    }
                    return result(ratios.reduce(0, +) / Double(ratios.count))
                },
                MistakeVariant(mistake: Mistakes.explainedVarianceFromVariances) { c in
                    let centredSquares = { (m: Matrix) in m.addingToEachRow(m.columnSums.map { -$0 / Double(m.rows) }).squaredFrobeniusNorm }
                    let right = reconstructionFidelity(c.a, reconstruction: c.reconstruction)
                    return ReconstructionFidelity(normalisedMSE: right.normalisedMSE, explainedVariance: centredSquares(c.reconstruction) / centredSquares(c.a))
                },
            ])
        return check.grade { fidelity($0.a, $0.reconstruction) }
    }
}
