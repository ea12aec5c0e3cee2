// The grader of exercise 4.4: resampling written column by column passes; each known mistake,
// written the way a learner would, fails with its own hint.

@testable import Grading
import SAEKit
import Testing

@Suite("Grading exercise 4.4")
struct Step4ResamplingGradingTests {
    /// The mistakes `resample` can make (the defaults make none).
    struct ResampleOptions {
        var aliveToo = false
        var normaliseDecoder = true
        var scaleEncoder = true
        var resetBias = true
        var useAliveNorm = true
        var aliveOnlyInMean = true
        var normaliseEncoder = true
        var skipZeroRows = true
        var meanWhenNoneAlive: Double? = 1
        var deadAtMost = 0
    }

    /// Resampling written column by column, with switches for the usual mistakes.
    static func resample(_ sae: SparseAutoencoder, _ counts: [Int], _ replacements: Matrix,
                         _ scale: Double, _ o: ResampleOptions = ResampleOptions())
        -> ResampledAutoencoder {
        let targets = counts.indices.filter {
            o.aliveToo ? counts[$0] > 0 : counts[$0] <= o.deadAtMost
        }
        let averaged = counts.indices.filter {
            o.aliveOnlyInMean ? counts[$0] > o.deadAtMost : true
        }
        let norms = sae.W_enc.columnNorms
        var mean = averaged.map { norms[$0] }.reduce(0, +) / Double(averaged.count)
        if averaged.isEmpty, let fallback = o.meanWhenNoneAlive { mean = fallback }
        var result = sae
        var done: [Int] = []
        for (k, j) in targets.enumerated() where k < replacements.rows {
            let norm = replacements.rowNorms[k]
            if o.skipZeroRows && norm == 0 { continue }
            for c in 0..<sae.inputDims {
                let unit = replacements[k, c] / norm
                result.W_dec[j, c] = o.normaliseDecoder ? unit : replacements[k, c]
                let direction = o.normaliseEncoder ? unit : replacements[k, c]
                let size = o.scaleEncoder ? scale * (o.useAliveNorm ? mean : 1) : 1
                result.W_enc[c, j] = direction * size
            }
            if o.resetBias { result.b_enc[j] = 0 }
            done.append(j)
        }
        return ResampledAutoencoder(autoencoder: result, resampled: done)
    }

    static func gradeResampling(_ options: ResampleOptions) -> GradeReport {
        Step4Grader.gradeResampling { Self.resample($0, $1, $2, $3, options) }
    }

    @Test func resamplingWrittenDifferentlyPassesAndMistakesGetHints() {
        expectPassed(Step4Grader.gradeResampling { Self.resample($0, $1, $2, $3) })
        expectRejected(Self.gradeResampling(ResampleOptions(aliveToo: true)),
                       with: Mistakes.resampledAlive)
        expectRejected(Self.gradeResampling(ResampleOptions(normaliseDecoder: false)),
                       with: Mistakes.resampledDecoderNotNormalised)
        expectRejected(Self.gradeResampling(ResampleOptions(scaleEncoder: false)),
                       with: Mistakes.resampledEncoderNotScaled)
        expectRejected(Self.gradeResampling(ResampleOptions(resetBias: false)),
                       with: Mistakes.resampledBiasKept)
        expectRejected(Self.gradeResampling(ResampleOptions(useAliveNorm: false)),
                       with: Mistakes.resampledEncoderWithoutAliveNorm)
        expectRejected(Self.gradeResampling(ResampleOptions(aliveOnlyInMean: false)),
                       with: Mistakes.resampledMeanNormOverAll)
        expectRejected(Self.gradeResampling(ResampleOptions(normaliseEncoder: false)),
                       with: Mistakes.resampledEncoderNotNormalised)
        expectRejected(Self.gradeResampling(ResampleOptions(skipZeroRows: false)),
                       with: Mistakes.resampledZeroReplacement)
        expectRejected(Self.gradeResampling(ResampleOptions(meanWhenNoneAlive: nil)),
                       with: Mistakes.resampledNoAliveLatents)
        expectRejected(Self.gradeResampling(ResampleOptions(deadAtMost: 1)),
                       with: Mistakes.resampledRareCountedDead)
    }
}
