// The grader of exercise 2.1, the sampler: the reference passes, the placeholder is "not
// implemented", samplers that change the distribution fail with their hint (or none when no known
// mistake explains them), and correct samplers written differently pass.

@testable import Grading
import SAEKit
import Testing

@Suite("Grading step 2: the sampler's distribution")
struct Step2SamplerGradingTests {
    @Test func samplerReferencePasses() {
        let report = Step2Grader.gradeSampler {
            SparseFeatureSampler(probabilities: $1).sample(batchSize: $0, generator: &$2)
        }
        expectPassed(report)
        #expect(report.headline.contains("(\(SamplerContract.cases.count + 2) cases)"),
                "the statistics, the small exact cases and the step's size")
    }

    @Test func samplerPlaceholderIsNotImplemented() {
        let report = Step2Grader.gradeSampler { _, _, _ in .placeholder }
        #expect(report.isNotImplemented)
        #expect(report.description.contains(
            "Exercise 2.1 (sparse feature sampler) is not implemented yet — see "
                + "Chapters/02-activations.md#exercise-21"))
    }

    @Test func samplerWrittenDifferentlyPasses() {
        // Whole rows built as arrays, the on/off test written out as uniform() < p.
        expectPassed(Step2Grader.gradeSampler { batch, probabilities, generator in
            var rows: [[Double]] = []
            for _ in 0..<batch {
                var row: [Double] = []
                for p in probabilities {
                    let on = generator.uniform() < p
                    row.append(on ? generator.uniform(0, 1) : 0)
                }
                rows.append(row)
            }
            return Matrix(rows)
        })
        // One expression per entry, through Matrix's initialiser (which fills row by row).
        expectPassed(Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                generator.bernoulli(probabilities[i]) ? generator.uniform() : 0
            }
        })
    }

    @Test func samplerDistributionMistakesGetTheirHints() {
        // A value for every entry, no mask.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, _ in generator.uniform() }
        }, with: Mistakes.samplerForgotMask)
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                generator.uniform() > probabilities[i] ? generator.uniform() : 0
            }
        }, with: Mistakes.samplerProbabilityOfOff)
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                generator.bernoulli(probabilities[i]) ? 1 : 0
            }
        }, with: Mistakes.samplerConstantMagnitude)
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                let draw = generator.uniform()          // one draw shared by the row
                for i in probabilities.indices where draw < probabilities[i] {
                    x[r, i] = generator.uniform()
                }
            }
            return x
        }, with: Mistakes.samplerSharedDraw)
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            let row = SparseFeatureSampler(probabilities: probabilities)
                .sample(batchSize: 1, generator: &generator)
            return Matrix(rows: batch, cols: probabilities.count) { _, i in row[0, i] }
        }, with: Mistakes.samplerRepeatedRows)
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, _ in
            var own = SystemRandomNumberGenerator()
            return Matrix(rows: batch, cols: probabilities.count) { _, i in
                Double.random(in: 0..<1, using: &own) < probabilities[i]
                    ? Double.random(in: 0..<1, using: &own) : 0
            }
        }, with: Mistakes.samplerNotSeeded)
    }

    @Test func samplerCorrelationsOtherThanASharedDrawGetNoHint() {
        // Features 2k and 2k + 1 share a draw but use opposite ends of it, so they are never on
        // together: correlated, but not "one draw switching on both", so that hint must not show.
        expectRejectedWithoutHint(Step2Grader.gradeSampler { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                var draw = 0.0
                for (i, p) in probabilities.enumerated() {
                    if i % 2 == 0 { draw = generator.uniform() }
                    let on = i % 2 == 0 ? draw < p : draw >= 1 - p
                    if on { x[r, i] = generator.uniform() }
                }
            }
            return x
        })
    }

    @Test func samplerRightInDistributionButCorrelatedAcrossSamplesIsRejected() {
        // Each feature's on/off decision is redrawn only every other sample: the firing rates, the
        // values and the pairs of features are right; consecutive samples are not independent.
        let report = Step2Grader.gradeSampler { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            var on = [Bool](repeating: false, count: probabilities.count)
            for r in 0..<batch {
                for (i, p) in probabilities.enumerated() {
                    if r % 2 == 0 { on[i] = generator.bernoulli(p) }
                    if on[i] { x[r, i] = generator.uniform() }
                }
            }
            return x
        }
        expectRejectedWithoutHint(report)
        #expect(report.description.contains("two consecutive samples"))
    }

    @Test func samplerValuesOutsideTheHalfOpenIntervalAreRejected() {
        // Values in [0, 1] on a grid of 1/1000 that includes 1 itself: right on average, in every
        // tenth, but a value of 1 is outside [0, 1).
        let report = Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                generator.bernoulli(probabilities[i])
                    ? (generator.uniform() * 1001).rounded(.down) / 1000 : 0
            }
        }
        expectRejectedWithoutHint(report)
        #expect(report.description.contains("outside [0, 1)"))
    }
}
