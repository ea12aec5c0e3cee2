// Samplers that are right in distribution but break exercise 2.1's contract, each reproduced as
// the learner would write it (so its hint fires only when the learner's batch, and where the
// generator was left, are exactly what that mistake gives), and the hints they print.

import SAEKit

extension Mistakes {
    // MARK: - 2.1, the contract (a seed gives SAEKit's batch)

    public static let samplerMagnitudeFirst = KnownMistake(
        id: "sampler-magnitude-first",
        hint: "draw the on/off decision first, then the value, and only when the feature is on. "
            + "Drawing the value first uses the generator's numbers in another order: the same "
            + "distribution, but not SAEKit's batch for the seed (see the draw order in the stub).")
    public static let samplerMaskFirst = KnownMistake(
        id: "sampler-mask-first",
        hint: "make each entry's draws together, in order: its on/off draw, then (only when on) "
            + "its value, before the next entry's on/off draw. Drawing the on/off decisions first "
            + "(a mask) and the values after gives the same distribution, but not SAEKit's batch "
            + "for the seed.")
    public static let samplerMagnitudeWhenOff = KnownMistake(
        id: "sampler-magnitude-when-off",
        hint: "draw a value only for a feature that is on: a value drawn and thrown away for an "
            + "off feature shifts every later draw, so the seed no longer gives SAEKit's batch.")
    public static let samplerFeatureByFeature = KnownMistake(
        id: "sampler-feature-by-feature",
        hint: "draw sample by sample (row by row), and within a sample feature by feature: going "
            + "down the columns gives the same distribution but another batch for the seed.")
    public static let samplerGeneratorCopy = KnownMistake(
        id: "sampler-generator-copy",
        hint: "draw from `generator` itself (it is inout), not from a copy such as `var g = "
            + "generator`: the caller's generator must move on, or its next batch repeats this one "
            + "(step 2 collects its data in batches of 4096).")
    public static let samplerDoubleRandom = KnownMistake(
        id: "sampler-double-random",
        hint: "draw with generator.bernoulli(p) and generator.uniform(): Double.random(in:using:) "
            + "turns the generator's bits into a number its own way, so the seed no longer gives "
            + "SAEKit's batch.")
    public static let samplerOnAboveOneMinusP = KnownMistake(
        id: "sampler-on-above-one-minus-p",
        hint: "a feature is on when its draw is below p: generator.bernoulli(p), i.e. uniform() < "
            + "p. 'On when the draw is at least 1 − p' has the same chance, but other draws switch "
            + "features on, so the seed no longer gives SAEKit's batch.")
    public static let samplerValueOneMinusU = KnownMistake(
        id: "sampler-value-one-minus-u",
        hint: "an on feature's value is the draw itself, generator.uniform(), in [0, 1); 1 − u "
            + "lies in (0, 1]. A value of exactly 0 has probability 2⁻⁵³, so it needs no care.")
    public static let samplerSkipsCertainDraws = KnownMistake(
        id: "sampler-skips-certain-draws",
        hint: "make the on/off draw for every entry, even when p is 0 or 1: skipping it shifts "
            + "every later draw, so the seed no longer gives SAEKit's batch.")
}

/// The contract's known violations, each a sampler written as a learner would.
enum MistakenSamplers {
    static var all: [(mistake: KnownMistake, sample: Sampler)] { [
        (Mistakes.samplerMagnitudeFirst, { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                let value = generator.uniform()
                return generator.bernoulli(probabilities[i]) ? value : 0
            }
        }),
        (Mistakes.samplerMagnitudeFirst, { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                let values = probabilities.map { _ in generator.uniform() }
                for (i, p) in probabilities.enumerated() where generator.bernoulli(p) {
                    x[r, i] = values[i]
                }
            }
            return x
        }),
        (Mistakes.samplerMaskFirst, { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                let on = probabilities.map { generator.bernoulli($0) }
                for i in probabilities.indices where on[i] { x[r, i] = generator.uniform() }
            }
            return x
        }),
        (Mistakes.samplerMaskFirst, { batch, probabilities, generator in
            let mask = Matrix(rows: batch, cols: probabilities.count) { _, i in
                generator.bernoulli(probabilities[i]) ? 1 : 0
            }
            let values = Matrix(rows: batch, cols: probabilities.count) { _, _ in
                generator.uniform()
            }
            return mask.hadamard(values)
        }),
        (Mistakes.samplerMagnitudeWhenOff, { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                let on = generator.bernoulli(probabilities[i])
                let value = generator.uniform()
                return on ? value : 0
            }
        }),
        (Mistakes.samplerFeatureByFeature, { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for (i, p) in probabilities.enumerated() {
                for r in 0..<batch where generator.bernoulli(p) { x[r, i] = generator.uniform() }
            }
            return x
        }),
        (Mistakes.samplerGeneratorCopy, { batch, probabilities, generator in
            var copy = generator
            return SamplerContract.reference(batch, probabilities, &copy)
        }),
        (Mistakes.samplerDoubleRandom, { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                Double.random(in: 0..<1, using: &generator) < probabilities[i]
                    ? Double.random(in: 0..<1, using: &generator) : 0
            }
        }),
        (Mistakes.samplerOnAboveOneMinusP, { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                generator.uniform() >= 1 - probabilities[i] ? generator.uniform() : 0
            }
        }),
        (Mistakes.samplerValueOneMinusU, { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                generator.bernoulli(probabilities[i]) ? 1 - generator.uniform() : 0
            }
        }),
        (Mistakes.samplerSkipsCertainDraws, { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in
                let p = probabilities[i]
                if p <= 0 { return 0 }
                if p >= 1 { return generator.uniform() }
                return generator.bernoulli(p) ? generator.uniform() : 0
            }
        }),
    ] }

    static var variants: [MistakeVariant<SamplerCase, SampledBatch>] {
        all.map { mistaken in
            MistakeVariant(mistake: mistaken.mistake) {
                SamplerContract.run(mistaken.sample, on: $0)
            }
        }
    }
}
