// The exercises the grader knows: stable ids (DESIGN.md), titles, the learner's files, and where
// the chapter explains them.

import SAEKit

/// One exercise of the curriculum.
public struct Exercise: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stable id, e.g. "1.3".
    public let id: String
    /// A short title, e.g. "toy model gradients".
    public let title: String
    /// The chapter file, e.g. "01-superposition.md".
    public let chapter: String
    /// The learner's file name, e.g. "Gradients.swift" (in `Exercises/Step1/` and
    /// `Solutions/Step1/`).
    public let fileName: String

    public init(id: String, title: String, file: String) {
        self.id = id
        self.title = title
        self.chapter = Curriculum.chapter(ofExercise: id)
        self.fileName = file
    }

    /// The step the exercise belongs to, e.g. 3 for "3.4".
    public var step: Int { Int(id.prefix { $0 != "." }) ?? 0 }

    /// The file the learner edits, e.g. "Exercises/Step1/Gradients.swift".
    public var file: String { "Exercises/Step\(step)/\(fileName)" }

    /// The test that grades it alone, e.g. "exercise1_3" (`swift test --filter exercise1_3`).
    public var testName: String { "exercise" + id.replacingOccurrences(of: ".", with: "_") }

    /// The HTML anchor of the exercise's section, e.g. "exercise-13".
    public var anchor: String { "exercise-" + id.filter(\.isNumber) }

    /// Where to read about it, e.g. "Chapters/01-superposition.md#exercise-13".
    public var location: String { "Chapters/\(chapter)#\(anchor)" }

    /// "Exercise 1.3 (toy model gradients)".
    public var description: String { "Exercise \(id) (\(title))" }
}

extension Exercise {
    // MARK: - Step 1

    public static let toyModelForward =
        Exercise(id: "1.1", title: "toy model forward", file: "Forward.swift")
    public static let importanceWeightedLoss =
        Exercise(id: "1.2", title: "importance-weighted loss", file: "Loss.swift")
    public static let toyModelGradients =
        Exercise(id: "1.3", title: "toy model gradients", file: "Gradients.swift")
    public static let superpositionMetrics =
        Exercise(id: "1.4", title: "superposition metrics", file: "Metrics.swift")

    // MARK: - Step 2

    public static let sparseFeatureSampler =
        Exercise(id: "2.1", title: "sparse feature sampler", file: "Sampler.swift")
    public static let hiddenActivations =
        Exercise(id: "2.2", title: "hidden activations", file: "Hidden.swift")
    public static let activationStatistics =
        Exercise(id: "2.3", title: "activation statistics", file: "Statistics.swift")

    // MARK: - Step 3

    public static let saeEncode = Exercise(id: "3.1", title: "SAE encode", file: "Encode.swift")
    public static let saeDecode = Exercise(id: "3.2", title: "SAE decode", file: "Decode.swift")
    public static let saeLossTerms =
        Exercise(id: "3.3", title: "SAE loss terms", file: "LossTerms.swift")
    public static let saeBackward =
        Exercise(id: "3.4", title: "SAE backward pass", file: "Gradients.swift")
    public static let finiteDifferences =
        Exercise(
            id: "3.5", title: "finite-difference gradient checker", file: "FiniteDifferences.swift")

    // MARK: - Step 4

    public static let adamStep = Exercise(id: "4.1", title: "Adam step", file: "Adam.swift")
    public static let unitNormDecoder =
        Exercise(id: "4.2", title: "unit-norm decoder", file: "UnitNormDecoder.swift")
    public static let learningRateSchedule =
        Exercise(id: "4.3", title: "learning-rate schedule", file: "Schedule.swift")
    public static let resampling =
        Exercise(id: "4.4", title: "dead-latent resampling", file: "Resampling.swift")

    // MARK: - Step 5

    public static let cosineMatrix =
        Exercise(id: "5.1", title: "cosine-similarity matrix", file: "Cosines.swift")
    public static let meanMaxCosine = Exercise(id: "5.2", title: "MMCS", file: "MMCS.swift")
    public static let matching =
        Exercise(id: "5.3", title: "one-to-one matching", file: "Matching.swift")
    public static let monosemanticity =
        Exercise(id: "5.4", title: "monosemanticity", file: "Monosemanticity.swift")
    public static let ablation =
        Exercise(id: "5.5", title: "ablation with a negative control", file: "Ablation.swift")

    // MARK: - Step 6

    public static let topKActivation =
        Exercise(id: "6.1", title: "TopK activation", file: "TopK.swift")
    public static let topKBackward =
        Exercise(id: "6.2", title: "TopK backward", file: "TopKGradients.swift")
    public static let auxKLoss =
        Exercise(id: "6.3", title: "AuxK loss on dead latents", file: "AuxK.swift")
    public static let shrinkage =
        Exercise(
            id: "6.4", title: "shrinkage against the true coefficients", file: "Shrinkage.swift")
    public static let fidelity =
        Exercise(id: "6.5", title: "normalised MSE and explained variance", file: "Fidelity.swift")

    /// Every exercise the grader can check, in curriculum order.
    public static let catalog: [Exercise] = [
        .toyModelForward, .importanceWeightedLoss, .toyModelGradients, .superpositionMetrics,
        .sparseFeatureSampler, .hiddenActivations, .activationStatistics,
        .saeEncode, .saeDecode, .saeLossTerms, .saeBackward, .finiteDifferences,
        .adamStep, .unitNormDecoder, .learningRateSchedule, .resampling,
        .cosineMatrix, .meanMaxCosine, .matching, .monosemanticity, .ablation,
        .topKActivation, .topKBackward, .auxKLoss, .shrinkage, .fidelity,
    ]
}
