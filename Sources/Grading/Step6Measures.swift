// Grading exercises 6.4 and 6.5, the measurements: shrinkage against the truth, the relative
// reconstruction bias, normalised MSE and explained variance.

import Foundation
import SAEKit

/// Exercise 6.4's two answers, graded together.
struct ShrinkageAnswer: ExercisePlaceholder {
    var ratios: [Double]
    var bias: Double

    static var placeholder: ShrinkageAnswer {
        ShrinkageAnswer(ratios: .placeholder, bias: .placeholder)
    }
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
    /// tiny true coefficient whose per-sample ratio is large. The 4th case adds a pair whose latent
    /// never fires with its feature (its ratio is undefined: NaN), and activations of size 1e-4.
    static let shrinkageCases: [GradingCase<ShrinkageCase>] = (0..<4).map { index in
        var random = SeededGenerator(seed: UInt64(641 + index), stream: "grading")
        let (samples, features, latents) = [(8, 3, 4), (10, 2, 5), (12, 4, 4), (9, 3, 5)][index]
        let truth = Matrix(rows: samples, cols: features) { s, i in
            random.bernoulli(0.5) || s == i ? random.uniform(0.2, 2) : 0
        }
        var magnitudes = truth
        magnitudes[samples - 1, 0] = 0.01               // a tiny coefficient the latent overshoots
        var pairs = (0..<features).map { (feature: $0, latent: ($0 * 3 + index) % latents) }
        var codes = Matrix(rows: samples, cols: latents) { _, _ in     // false alarms
            random.bernoulli(0.2) ? random.uniform(0.1, 1) : 0
        }
        for (feature, latent) in pairs {
            for s in 0..<samples where magnitudes[s, feature] > 0 {                     // misses
                codes[s, latent] = random.bernoulli(0.2) && s != feature
                    ? 0 : magnitudes[s, feature] * random.uniform(0.5, 0.9)
            }
        }
        codes[samples - 1, pairs[0].latent] = 0.3
        var label = "\(samples) samples, \(features) features, \(latents) latents"
        if index == 3 {                       // feature 1 paired with a latent silent when it is on
            let silent = (0..<latents).first { j in !pairs.contains { $0.latent == j } }
                ?? latents - 1
            for s in 0..<samples where magnitudes[s, 1] > 0 { codes[s, silent] = 0 }
            pairs.append((feature: 1, latent: silent))
            label += "; latent \(silent) never fires with feature 1 (ratio NaN)"
        }
        label += ", pairs " + pairs.map { "(\($0.feature), \($0.latent))" }.joined(separator: " ")
        // The 4th case's activations are of size 1e-4, where an ε in γ's division shows.
        let size = index == 3 ? 1e-4 : 1
        if index == 3 { label += "; activations of size 1e-4 (γ has no ε)" }
        let a = Matrix(rows: 6, cols: 3) { _, _ in size * (random.normal() + 0.5) }
        let reconstruction = Matrix(rows: 6, cols: 3) { r, c in
            0.8 * a[r, c] + size * 0.1 * random.normal()
        }
        let input = ShrinkageCase(latentCodes: codes, trueMagnitudes: magnitudes, pairs: pairs,
                                  a: a, reconstruction: reconstruction)
        let show: (String, Matrix) -> [String] = index == 3
            ? { printedPrecisely($0, $1) } : { printed($0, $1) }
        return GradingCase(label: label, input: input,
                           printedInput: printed("latentCodes", codes)
                               + printed("trueMagnitudes", magnitudes) + show("a", a)
                               + show("reconstruction", reconstruction))
    }

    /// Exercise 6.4: the ratio per matched pair, and γ.
    public static func gradeShrinkage(
        ratios: (_ latentCodes: Matrix, _ trueMagnitudes: Matrix,
                 _ pairs: [(feature: Int, latent: Int)]) -> [Double],
        bias: (_ a: Matrix, _ reconstruction: Matrix) -> Double) -> GradeReport {
        typealias Ratio = (_ latent: [Double], _ truth: [Double]) -> Double
        func variant(_ mistake: KnownMistake,
                     _ ratio: @escaping Ratio = { l, t in l.reduce(0, +) / t.reduce(0, +) },
                     keep: @escaping (_ latent: Double, _ truth: Double) -> Bool = {
                         $0 > 0 && $1 > 0
                     },
                     bias wrongBias: ((Matrix, Matrix) -> Double)? = nil)
            -> MistakeVariant<ShrinkageCase, ShrinkageAnswer> {
            MistakeVariant(mistake: mistake) { c in
                let ratios = c.pairs.map { pair in
                    let kept = (0..<c.latentCodes.rows).filter {
                        keep(c.latentCodes[$0, pair.latent], c.trueMagnitudes[$0, pair.feature])
                    }
                    return ratio(kept.map { c.latentCodes[$0, pair.latent] },
                                 kept.map { c.trueMagnitudes[$0, pair.feature] })
                }
                let γ = (wrongBias ?? relativeReconstructionBias)(c.a, c.reconstruction)
                return ShrinkageAnswer(ratios: ratios, bias: γ)
            }
        }
        func perSample(_ a: Matrix, _ r: Matrix) -> Double {
            let ratios = (0..<a.rows).map { s -> Double in
                let (x, y) = (a.row(s), r.row(s))
                return dot(y, y) / dot(x, y)
            }
            return ratios.reduce(0, +) / Double(a.rows)
        }
        let sums: Ratio = { l, t in l.reduce(0, +) / t.reduce(0, +) }
        let mistakes: [MistakeVariant<ShrinkageCase, ShrinkageAnswer>] = [
            variant(Mistakes.shrinkageInverted) { l, t in sums(t, l) },
            variant(Mistakes.shrinkageCountsMisses, keep: { _, truth in truth > 0 }),
            variant(Mistakes.shrinkageCountsFalseAlarms, keep: { latent, _ in latent > 0 }),
            variant(Mistakes.shrinkageMeanOfRatios) { l, t in
                let ratios: [Double] = zip(l, t).map { $0 / $1 }
                return ratios.reduce(0, +) / Double(l.count)
            },
            variant(Mistakes.shrinkageUndefinedAsZero) { l, t in t.isEmpty ? 0 : sums(l, t) },
            variant(Mistakes.reconstructionBiasInverted,
                    bias: { 1 / relativeReconstructionBias($0, reconstruction: $1) }),
            variant(Mistakes.reconstructionBiasPerSample, bias: perSample),
            variant(Mistakes.reconstructionBiasNormRatio,
                    bias: { $1.squaredFrobeniusNorm / $0.squaredFrobeniusNorm }),
        ]
        let parts: [OutputPart<ShrinkageAnswer>] = [
            OutputPart(name: "matchedShrinkage") {
                compareVectorAllowingNaN(expected: $0.ratios, got: $1.ratios,
                                         tolerance: .arithmetic, meaning: "one ratio per pair")
            },
            OutputPart(name: "reconstructionBias") {
                compareScalar(expected: $0.bias, got: $1.bias, tolerance: .arithmetic)
            },
        ]
        let check = ExerciseCheck<ShrinkageCase, ShrinkageAnswer>(
            exercise: .shrinkage, cases: shrinkageCases,
            reference: { c in
                let ratios = shrinkageRatios(latentCodes: c.latentCodes,
                                             trueMagnitudes: c.trueMagnitudes, pairs: c.pairs)
                let γ = relativeReconstructionBias(c.a, reconstruction: c.reconstruction)
                return ShrinkageAnswer(ratios: ratios, bias: γ)
            },
            parts: parts, mistakes: mistakes, scale: Step6Scale.shrinkage)
        return check.grade { c in
            ShrinkageAnswer(ratios: ratios(c.latentCodes, c.trueMagnitudes, c.pairs),
                            bias: bias(c.a, c.reconstruction))
        }
    }

    // MARK: - 6.5 Fidelity

    struct FidelityCase: Sendable {
        var a: Matrix
        var reconstruction: Matrix
    }

    /// Activations with a large mean and dimensions of very different spread; a reconstruction that
    /// is the mean (NMSE 1), a perfect one (NMSE 0), and activations of size 1e-8.
    static let fidelityCases: [GradingCase<FidelityCase>] = (0..<5).map { index in
        var random = SeededGenerator(seed: UInt64(651 + index), stream: "grading")
        let (n, d) = [(6, 3), (9, 4), (5, 2), (4, 3), (5, 3)][index]
        let means = (0..<d).map { _ in random.uniform(2, 6) }
        let spreads = (0..<d).map { c in c == 0 ? 0.05 : random.uniform(0.5, 2) }
        let scale = index == 4 ? 1e-8 : 1
        let a = Matrix(rows: n, cols: d) { _, c in
            scale * (means[c] + spreads[c] * random.normal())
        }
        let reconstruction = switch index {
        case 2: Matrix(rows: n, cols: d) { _, c in a.column(c).reduce(0, +) / Double(n) }
        case 3: a
        default: Matrix(rows: n, cols: d) { r, c in a[r, c] + scale * 0.3 * random.normal() }
        }
        let label = [2: "the reconstruction is the mean activation (NMSE 1)",
                     3: "a perfect reconstruction (NMSE 0)",
                     4: "activations of size 1e-8: NMSE does not depend on the scale"][index]
            ?? "\(n) samples in \(d) dims, means 2–6, dim 0 nearly constant"
        let show: (String, Matrix) -> [String] = index == 4
            ? { printedPrecisely($0, $1) } : { printed($0, $1) }
        return GradingCase(label: label, input: FidelityCase(a: a, reconstruction: reconstruction),
                           printedInput: show("a", a) + show("reconstruction", reconstruction))
    }

    /// Exercise 6.5: NMSE and explained variance.
    public static func gradeFidelity(
        _ fidelity: (_ a: Matrix, _ reconstruction: Matrix) -> ReconstructionFidelity)
        -> GradeReport {
        func result(_ nmse: Double) -> ReconstructionFidelity {
            ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
        }
        /// Σ‖a − centre‖² for a centre per column.
        func spread(_ m: Matrix, around centre: [Double]) -> Double {
            m.addingToEachRow(centre.map { -$0 }).squaredFrobeniusNorm
        }
        let columnMeans = { (m: Matrix) in m.columnSums.map { $0 / Double(m.rows) } }
        let check = ExerciseCheck<FidelityCase, ReconstructionFidelity>(
            exercise: .fidelity, cases: fidelityCases,
            reference: { reconstructionFidelity($0.a, reconstruction: $0.reconstruction) },
            parts: [
                OutputPart(name: "normalisedMSE") {
                    compareScalar(expected: $0.normalisedMSE, got: $1.normalisedMSE,
                                  tolerance: .arithmetic)
                },
                OutputPart(name: "explainedVariance") {
                    compareScalar(expected: $0.explainedVariance, got: $1.explainedVariance,
                                  tolerance: .arithmetic)
                },
            ],
            mistakes: [
                MistakeVariant(mistake: Mistakes.explainedVarianceWithoutCentring) { c in
                    result((c.a - c.reconstruction).squaredFrobeniusNorm / c.a.squaredFrobeniusNorm)
                },
                MistakeVariant(mistake: Mistakes.normalisedMSEPerDimension) { c in
                    let ratios = (0..<c.a.cols).map { col in
                        let x = c.a.column(col), y = c.reconstruction.column(col)
                        let mean = x.reduce(0, +) / Double(x.count)
                        return zip(x, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                            / x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                    }
                    return result(ratios.reduce(0, +) / Double(ratios.count))
                },
                MistakeVariant(mistake: Mistakes.explainedVarianceFromVariances) { c in
                    let right = reconstructionFidelity(c.a, reconstruction: c.reconstruction)
                    let r = c.reconstruction
                    let ratio = spread(r, around: columnMeans(r))
                        / spread(c.a, around: columnMeans(c.a))
                    return ReconstructionFidelity(normalisedMSE: right.normalisedMSE,
                                                  explainedVariance: ratio)
                },
                MistakeVariant(mistake: Mistakes.normalisedMSEUnbiasedVariance) { c in
                    let n = Double(c.a.rows)
                    let error = (c.a - c.reconstruction).squaredFrobeniusNorm / n
                    return result(error / (spread(c.a, around: columnMeans(c.a)) / (n - 1)))
                },
                MistakeVariant(mistake: Mistakes.normalisedMSEGlobalMean) { c in
                    let mean = c.a.sum / Double(c.a.values.count)
                    let centre = Array(repeating: mean, count: c.a.cols)
                    let error = (c.a - c.reconstruction).squaredFrobeniusNorm
                    return result(error / spread(c.a, around: centre))
                },
            ],
            scale: Step6Scale.fidelity)
        return check.grade { fidelity($0.a, $0.reconstruction) }
    }
}
