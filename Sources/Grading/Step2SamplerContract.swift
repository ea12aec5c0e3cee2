// Exercise 2.1's exact contract: a seed gives SAEKit's batch, entry for entry, and the generator
// moves on by exactly the draws that batch used. That is what makes `swift run step2 --mine`
// collect the same data as `swift run step2`, and a learner's next batch continue the stream
// instead of repeating it. The draw order (SparseFeatureSampler's, stated in the stub): sample by
// sample, feature by feature, one bernoulli(p) for on/off, then only when on one uniform() value.

import SAEKit

/// A sampler as the exercise's signature has it.
typealias Sampler = (_ batchSize: Int, _ probabilities: [Double],
                     _ generator: inout SeededGenerator) -> Matrix

/// One seeded call of a sampler.
struct SamplerCase: Sendable {
    var batchSize: Int
    var probabilities: [Double]
    var seed: UInt64

    /// The generator handed to the sampler.
    var generator: SeededGenerator { SeededGenerator(seed: seed, stream: "grading") }

    var printed: [String] {
        ["batchSize = \(batchSize)",
         "probabilities = [" + probabilities.map { "\($0)" }.joined(separator: ", ") + "]",
         "generator = SeededGenerator(seed: \(seed), stream: \"grading\")"]
    }
}

/// What a sampler returned, and where it left the generator.
struct SampledBatch: ExercisePlaceholder, Sendable {
    var x: Matrix
    /// How many draws the call moved the generator on, or nil when the generator it left is not
    /// the one it was given moved on (a new or re-seeded generator).
    var drawsUsed: Int?

    static var placeholder: SampledBatch { SampledBatch(x: .placeholder, drawsUsed: nil) }
    var isPlaceholder: Bool { x.isPlaceholder }
}

enum SamplerContract {
    /// Runs `sample` on `c` and measures how far it moved the generator.
    static func run(_ sample: Sampler, on c: SamplerCase) -> SampledBatch {
        let start = c.generator
        var generator = start
        let x = sample(c.batchSize, c.probabilities, &generator)
        let limit = drawLimit(c.batchSize * c.probabilities.count)
        return SampledBatch(x: x, drawsUsed: draws(from: start, to: generator, limit: limit))
    }

    /// How far to look for the generator a call left: two draws per entry, and some.
    static func drawLimit(_ entries: Int) -> Int { 2 * entries + 64 }

    /// SAEKit's sampler, the reference.
    static func reference(_ batchSize: Int, _ probabilities: [Double],
                          _ generator: inout SeededGenerator) -> Matrix {
        SparseFeatureSampler(probabilities: probabilities)
            .sample(batchSize: batchSize, generator: &generator)
    }

    /// The k ≤ limit for which `start` moved on by k draws is `end` (same next four numbers).
    static func draws(from start: SeededGenerator, to end: SeededGenerator, limit: Int) -> Int? {
        var end = end, stream = start
        let target = (0..<4).map { _ in end.next() }
        var window = (0..<4).map { _ in stream.next() }
        for k in 0...limit {
            if window == target { return k }
            window.removeFirst()
            window.append(stream.next())
        }
        return nil
    }

    // MARK: - Cases

    /// Small batches compared entry by entry: a general one, probabilities 0 and 1 (whose on/off
    /// draws are still made), and one sample of one feature that is on.
    static let cases: [GradingCase<SamplerCase>] = [
        gradingCase("B = 4 samples, probabilities [0.5, 0.2, 0.9]",
                    SamplerCase(batchSize: 4, probabilities: [0.5, 0.2, 0.9], seed: 211)),
        gradingCase("probabilities 0 and 1 (never on, always on): each entry still takes its "
                    + "on/off draw",
                    SamplerCase(batchSize: 3, probabilities: [0, 1, 0.4], seed: 212)),
        gradingCase("one sample, one feature (B = 1, n = 1), on in this draw", oneFeatureOn),
    ]

    /// The first seed from 213 whose single draw switches the feature (p = 0.6) on.
    static let oneFeatureOn: SamplerCase = {
        var c = SamplerCase(batchSize: 1, probabilities: [0.6], seed: 213)
        while run(reference, on: c).x[0, 0] == 0 { c.seed += 1 }
        return c
    }()

    static func gradingCase(_ label: String, _ c: SamplerCase) -> GradingCase<SamplerCase> {
        GradingCase(label: label + " (seed \(c.seed))", input: c, printedInput: c.printed)
    }

    /// The step's size: `step2 --mine` samples the curriculum preset in batches of 4096.
    static let scale: StepScale<SamplerCase> = {
        let config = Step2Scale.toyModel
        let input = SamplerCase(batchSize: collectionBatchSize,
                                probabilities: Array(repeating: config.featureProbability,
                                                     count: config.features),
                                seed: 7)
        return StepScale(label: "\(collectionBatchSize) samples, \(config.features) features",
                         input: input, command: Step2Scale.command,
                         callsPerRun: Step2Scale.collectionCalls,
                         advice: "one or two draws per entry is all the work: fill a Matrix made "
                             + "once (Matrix(rows:cols:)) instead of appending rows or building "
                             + "arrays of arrays, or build optimised: "
                             + "swift run -c release step2 --mine.")
    }()

    // MARK: - Comparing

    /// The batch, and where the generator was left: said only when the batch is right, since a
    /// wrong batch is explained by its own diagnosis (and the notes count the draws).
    static var parts: [OutputPart<SampledBatch>] { [
        OutputPart(name: "x") { expected, got in
            compareMatrix(expected: expected.x, got: got.x,
                          tolerance: Tolerance(relative: 1e-15, absolute: 0),
                          meaning: "one row per sample, one column per feature")
        },
        OutputPart(name: "the generator after the call") { expected, got in
            guard got.x == expected.x, got.drawsUsed != expected.drawsUsed else { return nil }
            return Mismatch(lines: drawLines(expected: expected, got: got))
        },
    ] }

    /// How far each call moved the generator, and why SAEKit's moves it that far.
    static func drawLines(expected: SampledBatch, got: SampledBatch) -> [String] {
        let entries = expected.x.values.count, on = expected.x.values.filter { $0 != 0 }.count
        let contract = "SAEKit's sampler moves it on by \(expected.drawsUsed ?? 0): one on/off "
            + "draw per entry (\(entries)) and one value per feature that is on (\(on))"
        guard let yours = got.drawsUsed else {
            return ["your call left a generator that is not the one you were given moved on by "
                    + "up to \(drawLimit(entries)) draws: a new or re-seeded generator?", contract]
        }
        return ["your call moved the generator on by \(yours) draw" + (yours == 1 ? "" : "s")
                + (yours == 0 ? " (not at all: did you draw from a copy of it?)" : ""), contract]
    }

    /// SAEKit's batch and the learner's, printed for a failing small case, and the draws each
    /// used.
    static func notes(_ c: SamplerCase, _ got: SampledBatch) -> [String] {
        let expected = run(reference, on: c)
        let wrongValues = got.x.shape == expected.x.shape && got.x != expected.x
        var lines = wrongValues ? drawLines(expected: expected, got: got) : []
        if c.batchSize * c.probabilities.count <= 40 {
            lines += printed("SAEKit's batch", expected.x)
            if got.x.values.count <= 40 { lines += printed("your batch", got.x) }
        }
        return lines
    }
}
