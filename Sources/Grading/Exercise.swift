// The exercises the grader knows: stable ids (DESIGN.md), titles, and where the chapter explains them.

import SAEKit

/// One exercise of the curriculum.
public struct Exercise: Sendable, Hashable, CustomStringConvertible {
    /// The stable id, e.g. "1.3".
    public let id: String
    /// A short title, e.g. "toy model gradients".
    public let title: String
    /// The chapter file, e.g. "01-superposition.md".
    public let chapter: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
        self.chapter = Curriculum.chapter(ofExercise: id)
    }

    /// The HTML anchor of the exercise's section, e.g. "exercise-13".
    public var anchor: String { "exercise-" + id.filter(\.isNumber) }

    /// Where to read about it, e.g. "Chapters/01-superposition.md#exercise-13".
    public var location: String { "Chapters/\(chapter)#\(anchor)" }

    /// "Exercise 1.3 (toy model gradients)".
    public var description: String { "Exercise \(id) (\(title))" }
}

extension Exercise {
    // MARK: - Step 1

    public static let toyModelForward = Exercise(id: "1.1", title: "toy model forward")
    public static let importanceWeightedLoss = Exercise(id: "1.2", title: "importance-weighted loss")
    public static let toyModelGradients = Exercise(id: "1.3", title: "toy model gradients")
    public static let superpositionMetrics = Exercise(id: "1.4", title: "superposition metrics")

    // MARK: - Step 2

    public static let sparseFeatureSampler = Exercise(id: "2.1", title: "sparse feature sampler")
    public static let hiddenActivations = Exercise(id: "2.2", title: "hidden activations")
    public static let activationStatistics = Exercise(id: "2.3", title: "activation statistics")

    // MARK: - Step 3

    public static let saeEncode = Exercise(id: "3.1", title: "SAE encode")
    public static let saeDecode = Exercise(id: "3.2", title: "SAE decode")
    public static let saeLossTerms = Exercise(id: "3.3", title: "SAE loss terms")
    public static let saeBackward = Exercise(id: "3.4", title: "SAE backward pass")
    public static let finiteDifferences = Exercise(id: "3.5", title: "finite-difference gradient checker")

    // MARK: - Step 4

    public static let adamStep = Exercise(id: "4.1", title: "Adam step")
    public static let unitNormDecoder = Exercise(id: "4.2", title: "unit-norm decoder")
    public static let learningRateSchedule = Exercise(id: "4.3", title: "learning-rate schedule")
    public static let resampling = Exercise(id: "4.4", title: "dead-latent resampling")

    // MARK: - Step 5

    public static let cosineMatrix = Exercise(id: "5.1", title: "cosine-similarity matrix")
    public static let meanMaxCosine = Exercise(id: "5.2", title: "MMCS")
    public static let matching = Exercise(id: "5.3", title: "one-to-one matching")
    public static let monosemanticity = Exercise(id: "5.4", title: "monosemanticity")
    public static let ablation = Exercise(id: "5.5", title: "ablation with a negative control")

    // MARK: - Step 6

    public static let topKActivation = Exercise(id: "6.1", title: "TopK activation")
    public static let topKBackward = Exercise(id: "6.2", title: "TopK backward")
    public static let auxKLoss = Exercise(id: "6.3", title: "AuxK loss on dead latents")
    public static let shrinkage = Exercise(id: "6.4", title: "shrinkage against the true coefficients")
    public static let fidelity = Exercise(id: "6.5", title: "normalised MSE and explained variance")

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
