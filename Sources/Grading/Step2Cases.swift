// The inputs exercises 2.2 and 2.3 are graded on, and the sizes at which `swift run step2 --mine`
// calls exercises 2.1–2.3: random cases small enough to print, then the boundaries of each
// formula (a zero sample, one feature, more hidden dimensions than features, one sample, all
// zeros, activations so small that an epsilon shows).

import Foundation
import SAEKit

// MARK: - Step 2's own size

enum Step2Scale {
    static let command = "swift run step2 --mine"

    /// The largest toy model step 2 collects from (its sampler and hidden activations run only on
    /// the toy-model presets).
    static let toyModel: ToyModelConfig = Preset.toyModelPresets
        .compactMap(\.toyModel).max { $0.features * $0.hidden < $1.features * $1.hidden }!

    /// Batches of `collectionBatchSize` that make the default number of samples.
    static let collectionCalls = (Preset.curriculum.defaultSamples + collectionBatchSize - 1)
        / collectionBatchSize

    /// The widest activations any preset gives (2.3 runs on every preset's dataset).
    static let widestActivations: Int = Preset.allCases.map { preset in
        switch preset.source {
        case let .toyModel(config): config.hidden
        case let .dictionary(config): config.dims
        case let .classifier(config): config.hidden
        }
    }.max()!
}

extension Step2Grader {
    // MARK: - 2.2 cases

    struct HiddenCase: Sendable {
        var x: Matrix
        var W: Matrix
    }

    /// Square W first: multiplying on the wrong side gives a wrong answer there instead of a shape
    /// crash later.
    static let hiddenCases: [GradingCase<HiddenCase>] = [(4, 3, 3), (5, 6, 3), (1, 4, 2), (7, 3, 2)]
        .enumerated().map { index, size in
            var random = SeededGenerator(seed: UInt64(201 + index), stream: "grading")
            let x = Matrix(rows: size.0, cols: size.1) { _, _ in
                random.bernoulli(0.6) ? random.uniform(0.1, 1) : 0
            }
            let W = Matrix(rows: size.2, cols: size.1) { _, _ in random.normal() * 0.7 }
            return hiddenCase("B = \(size.0) samples, n = \(size.1) features, m = \(size.2) hidden "
                              + "(seed \(201 + index))", x: x, W: W)
        } + hiddenBoundaries

    static let hiddenBoundaries: [GradingCase<HiddenCase>] = {
        let W = Matrix([[0.9, -0.4, 0.3, 0.5, -0.2],
                        [0.2, 0.8, -0.6, 0.4, 0.7],
                        [-0.5, 0.1, 0.6, -0.3, 0.4]])
        let x = Matrix([[0.5, 0, 0.8, 0.2, 0],
                        [0, 0.3, 0, 0, 0.9],
                        [0, 0, 0, 0, 0],
                        [0.7, 0.1, 0, 0.4, 0.6]])
        var random = SeededGenerator(seed: 205, stream: "grading")
        return [
            hiddenCase("a sample with no active feature (row 2 of x is 0): its h is 0", x: x, W: W),
            hiddenCase("one feature, one hidden dimension (n = m = 1)",
                       x: Matrix([[0.6], [0], [0.3]]), W: Matrix([[-0.7]])),
            hiddenCase("more hidden dimensions than features (m = 4 > n = 2)",
                       x: Matrix([[0.4, 0.9], [0, 0.2], [0.8, 0]]),
                       W: Matrix(rows: 4, cols: 2) { _, _ in random.normal() * 0.7 }),
            hiddenCase("huge values (x about 1e8)", x: 1e8 * x, W: W),
        ]
    }()

    static func hiddenCase(_ label: String, x: Matrix, W: Matrix) -> GradingCase<HiddenCase> {
        GradingCase(label: label, input: HiddenCase(x: x, W: W),
                    printedInput: Step1Cases.printedExactly("x", x)
                        + Step1Cases.printedExactly("W", W))
    }

    /// A collection batch of the curriculum toy model.
    static let hiddenScale: StepScale<HiddenCase> = {
        let config = Step2Scale.toyModel
        var random = SeededGenerator(seed: 3, stream: "grading-scale")
        let sampler = SparseFeatureSampler(features: config.features,
                                           probability: config.featureProbability)
        let x = sampler.sample(batchSize: collectionBatchSize, generator: &random)
        let W = Matrix(rows: config.hidden, cols: config.features) { _, _ in random.normal() * 0.5 }
        let label = "x [\(collectionBatchSize), \(config.features)], "
            + "W [\(config.hidden), \(config.features)]"
        return StepScale(label: label,
                         input: HiddenCase(x: x, W: W), command: Step2Scale.command,
                         callsPerRun: Step2Scale.collectionCalls,
                         advice: "x.matmulTransposed(W) does the products in compiled, vectorised "
                             + "code; loops over x[r, c] in a debug build take ~50 ns per entry.")
    }()

    // MARK: - 2.3 cases

    static let statisticsCases: [GradingCase<Matrix>] = [(50, 3), (7, 5), (2, 1), (30, 4)]
        .enumerated().map { index, size in
            var random = SeededGenerator(seed: UInt64(231 + index), stream: "grading")
            var a = Matrix(rows: size.0, cols: size.1) { _, _ in random.normal() * 0.8 }
            if index == 3 { for c in 0..<size.1 { a[5, c] = 0 } }    // an all-zero sample
            let label = "activations [\(size.0), \(size.1)] (seed \(231 + index))"
                + (index == 3 ? ", sample 5 all zero" : "")
            return GradingCase(label: label, input: a,
                               printedInput: size.0 <= 8 ? printed("activations", a)
                                   : ["activations [\(size.0), \(size.1)], normal × 0.8"])
        } + statisticsBoundaries

    static let statisticsBoundaries: [GradingCase<Matrix>] = [
        statisticsCase("one sample (N = 1): the standard deviation is 0",
                       Matrix([[0.3, -1.2, 0.5]])),
        statisticsCase("tiny activations (about 1e-8): the scale is about 1e8, with no epsilon",
                       1e-8 * Matrix([[0.3, -1.2], [0.5, 0.4], [-0.9, 0.1]])),
        statisticsCase("every activation 0: E‖a‖ = 0, and by the stub's rule the scale is 1",
                       Matrix(rows: 3, cols: 2)),
    ]

    static func statisticsCase(_ label: String, _ a: Matrix) -> GradingCase<Matrix> {
        GradingCase(label: label, input: a,
                    printedInput: Step1Cases.printedExactly("activations", a))
    }

    /// The widest dataset of the step (16 dimensions) at its default number of samples.
    static let statisticsScale: StepScale<Matrix> = {
        var random = SeededGenerator(seed: 4, stream: "grading-scale")
        let (samples, dims) = (Preset.curriculum.defaultSamples, Step2Scale.widestActivations)
        return StepScale(label: "activations [\(samples), \(dims)]",
                         input: Matrix(rows: samples, cols: dims) { _, _ in random.normal() * 0.5 },
                         command: Step2Scale.command, callsPerRun: 1,
                         advice: "activations.rowNorms computes every ‖a‖ in compiled code; "
                             + "activations.row(r) makes a new array for every sample.")
    }()
}
