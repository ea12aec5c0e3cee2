// The grader of exercise 2.1's exact contract: samplers right in distribution but not in the
// contract (draw order, the generator's use, other draws with the same odds) fail with their own
// hint, or with none when no known mistake explains them; the draws a call uses are measured.

@testable import Grading
import SAEKit
import Testing

@Suite("Grading step 2: the sampler's contract")
struct Step2SamplerContractGradingTests {
    @Test func samplerDrawOrderMistakesGetTheirHints() {
        // Each value drawn before its on/off decision.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                for i in probabilities.indices {
                    let value = generator.uniform()
                    if generator.bernoulli(probabilities[i]) { x[r, i] = value }
                }
            }
            return x
        }, with: Mistakes.samplerMagnitudeFirst)
        // A row of values first, then the row's on/off draws.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                let magnitudes = probabilities.map { _ in generator.uniform() }
                for i in probabilities.indices where generator.bernoulli(probabilities[i]) {
                    x[r, i] = magnitudes[i]
                }
            }
            return x
        }, with: Mistakes.samplerMagnitudeFirst)
        // The row's mask first, then the values of the features that are on.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            var rows: [[Double]] = []
            for _ in 0..<batch {
                let mask = probabilities.map { generator.uniform() < $0 }
                rows.append(mask.map { $0 ? generator.uniform() : 0 })
            }
            return Matrix(rows)
        }, with: Mistakes.samplerMaskFirst)
        // A mask matrix times a matrix of values, as whole-matrix code.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            let n = probabilities.count
            let mask = Matrix(rows: batch, cols: n) { _, i in
                generator.bernoulli(probabilities[i]) ? 1 : 0
            }
            let values = Matrix(rows: batch, cols: n) { _, _ in generator.uniform() }
            return mask.zipped(with: values) { $0 * $1 }
        }, with: Mistakes.samplerMaskFirst)
        // A value drawn for every entry, used only when the entry is on.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                let on = generator.uniform() < probabilities[i]
                let value = generator.uniform()
                return on ? value : 0
            }
        }, with: Mistakes.samplerMagnitudeWhenOff)
        // Column by column.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for i in probabilities.indices {
                for r in 0..<batch where generator.bernoulli(probabilities[i]) {
                    x[r, i] = generator.uniform()
                }
            }
            return x
        }, with: Mistakes.samplerFeatureByFeature)
    }

    @Test func samplerGeneratorMistakesGetTheirHints() {
        // A copy of the generator: the right batch, but the caller's generator never moves on.
        let copied = Step2Grader.gradeSampler { batch, probabilities, generator in
            var random = generator
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                for i in probabilities.indices where random.bernoulli(probabilities[i]) {
                    x[r, i] = random.uniform()
                }
            }
            return x
        }
        expectRejected(copied, with: Mistakes.samplerGeneratorCopy)
        #expect(copied.description.contains("the generator after the call"))
        #expect(copied.description.contains("did you draw from a copy of it?"))
        // The standard library's conversion of the generator's bits.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                Double.random(in: 0..<1, using: &generator) < probabilities[i]
                    ? Double.random(in: 0..<1, using: &generator) : 0
            }
        }, with: Mistakes.samplerDoubleRandom)
    }

    @Test func samplerSameOddsOtherDrawsGetTheirHints() {
        // "Off with probability 1 − p": on when the draw is not below 1 − p.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                generator.bernoulli(1 - probabilities[i]) ? 0 : generator.uniform()
            }
        }, with: Mistakes.samplerOnAboveOneMinusP)
        // Values in (0, 1], so that an on feature is never exactly 0.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                for i in probabilities.indices where generator.bernoulli(probabilities[i]) {
                    x[r, i] = 1 - generator.uniform()
                }
            }
            return x
        }, with: Mistakes.samplerValueOneMinusU)
        // No draw when the outcome is certain.
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                for (i, p) in probabilities.enumerated() {
                    if p == 0 { continue }
                    if p == 1 || generator.bernoulli(p) { x[r, i] = generator.uniform() }
                }
            }
            return x
        }, with: Mistakes.samplerSkipsCertainDraws)
    }

    @Test func samplerRightInDistributionWithOneDrawPerEntryIsRejected() {
        // One draw per entry: on when u < p, and u / p is then uniform in [0, 1). Every statistic
        // is right; the batch is not SAEKit's.
        let report = Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                let u = generator.uniform()
                return u < probabilities[i] ? u / probabilities[i] : 0
            }
        }
        expectRejectedWithoutHint(report)
        #expect(report.description.contains("case 1 of \(SamplerContract.cases.count)"))
        #expect(report.description.contains("SAEKit's batch"))
    }

    @Test func samplerDrawCountIsMeasured() {
        let c = SamplerContract.cases[0].input
        let reference = SamplerContract.run(SamplerContract.reference, on: c)
        let on = reference.x.values.filter { $0 != 0 }.count
        #expect(reference.drawsUsed == c.batchSize * c.probabilities.count + on)
        let copied = SamplerContract.run({ batch, probabilities, generator in
            var copy = generator
            return SamplerContract.reference(batch, probabilities, &copy)
        }, on: c)
        #expect(copied.drawsUsed == 0)
        let replaced = SamplerContract.run({ batch, probabilities, generator in
            generator = SeededGenerator(seed: 99)
            return SamplerContract.reference(batch, probabilities, &generator)
        }, on: c)
        #expect(replaced.drawsUsed == nil)
    }
}
