// How a stub says "not implemented yet" without crashing: it returns `.placeholder`, a value the
// grader recognises. (A `fatalError` in one stub would stop every other exercise from being
// graded.)

/// A value an exercise stub returns before the learner has written the exercise.
public protocol ExercisePlaceholder {
    /// The stand-in a stub returns.
    static var placeholder: Self { get }
    /// True when this value is (still) the stand-in.
    var isPlaceholder: Bool { get }
}

extension Matrix: ExercisePlaceholder {
    /// The 0 × 0 matrix.
    public static var placeholder: Matrix { Matrix(rows: 0, cols: 0) }
    public var isPlaceholder: Bool { rows == 0 && cols == 0 }
}

extension Double: ExercisePlaceholder {
    /// A NaN with a payload of its own (0x5AE), so an ordinary NaN from a bug is not mistaken for
    /// it.
    public static var placeholder: Double { Double(nan: 0x5AE, signaling: false) }
    public var isPlaceholder: Bool { bitPattern == Double.placeholder.bitPattern }
}

extension Array: ExercisePlaceholder where Element == Double {
    /// The empty array.
    public static var placeholder: [Double] { [] }
    public var isPlaceholder: Bool { isEmpty }
}

extension ToyModelGradients: ExercisePlaceholder {
    public static var placeholder: ToyModelGradients {
        ToyModelGradients(W: .placeholder, b: .placeholder)
    }
    public var isPlaceholder: Bool { W.isPlaceholder && b.isPlaceholder }
}

extension SuperpositionMetrics: ExercisePlaceholder {
    public static var placeholder: SuperpositionMetrics {
        SuperpositionMetrics(
            featureNorms: .placeholder, interference: .placeholder,
            featureDimensionality: .placeholder,
            dimensionsPerFeature: .placeholder)
    }
    public var isPlaceholder: Bool {
        featureNorms.isPlaceholder && interference.isPlaceholder
            && featureDimensionality.isPlaceholder && dimensionsPerFeature.isPlaceholder
    }
}

extension ActivationStatistics: ExercisePlaceholder {
    public static var placeholder: ActivationStatistics {
        ActivationStatistics(
            meanNorm: .placeholder, normStandardDeviation: .placeholder,
            normalisationScale: .placeholder)
    }
    public var isPlaceholder: Bool {
        meanNorm.isPlaceholder && normStandardDeviation.isPlaceholder
            && normalisationScale.isPlaceholder
    }
}

extension SAELossTerms: ExercisePlaceholder {
    public static var placeholder: SAELossTerms {
        SAELossTerms(
            reconstruction: .placeholder, l1: .placeholder, l0: .placeholder, total: .placeholder)
    }
    public var isPlaceholder: Bool {
        reconstruction.isPlaceholder && l1.isPlaceholder && l0.isPlaceholder && total.isPlaceholder
    }
}

extension SAEGradients: ExercisePlaceholder {
    public static var placeholder: SAEGradients {
        SAEGradients(
            W_enc: .placeholder, b_enc: .placeholder, W_dec: .placeholder, b_dec: .placeholder)
    }
    public var isPlaceholder: Bool {
        W_enc.isPlaceholder && b_enc.isPlaceholder && W_dec.isPlaceholder && b_dec.isPlaceholder
    }
}

extension SparseAutoencoder {
    /// A 0-dimensional SAE, the stand-in inside placeholders.
    public static var empty: SparseAutoencoder {
        SparseAutoencoder(W_enc: .placeholder, b_enc: [], W_dec: .placeholder, b_dec: [])
    }
}

extension ResampledAutoencoder: ExercisePlaceholder {
    public static var placeholder: ResampledAutoencoder {
        ResampledAutoencoder(autoencoder: .empty, resampled: [])
    }
    public var isPlaceholder: Bool { autoencoder.W_dec.isPlaceholder && resampled.isEmpty }
}

/// A one-to-one matching: for each row, the column it is matched to (nil when unmatched).
public struct Matching: Sendable, Equatable, ExercisePlaceholder {
    public var columns: [Int?]

    public init(columns: [Int?]) { self.columns = columns }

    public static var placeholder: Matching { Matching(columns: []) }
    public var isPlaceholder: Bool { columns.isEmpty }
}

extension MeanMaxCosine: ExercisePlaceholder {
    public static var placeholder: MeanMaxCosine {
        MeanMaxCosine(trueToLearned: .placeholder, learnedToTrue: .placeholder)
    }
    public var isPlaceholder: Bool { trueToLearned.isPlaceholder && learnedToTrue.isPlaceholder }
}

extension AblationEffect: ExercisePlaceholder {
    public static var placeholder: AblationEffect {
        AblationEffect(drop: .placeholder, controlDrop: .placeholder)
    }
    public var isPlaceholder: Bool { drop.isPlaceholder && controlDrop.isPlaceholder }
}

extension AuxKStep: ExercisePlaceholder {
    public static var placeholder: AuxKStep {
        AuxKStep(loss: .placeholder, gradients: .placeholder)
    }
    public var isPlaceholder: Bool { loss.isPlaceholder && gradients.isPlaceholder }
}

extension ReconstructionFidelity: ExercisePlaceholder {
    public static var placeholder: ReconstructionFidelity {
        ReconstructionFidelity(normalisedMSE: .placeholder, explainedVariance: .placeholder)
    }
    public var isPlaceholder: Bool {
        normalisedMSE.isPlaceholder && explainedVariance.isPlaceholder
    }
}
