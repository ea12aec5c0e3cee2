// The operations of step 5's analysis, as function values: SAEKit's by default, the learner's
// exercises 5.1–5.5 with `step5 --mine`.

/// The maths step 5 runs.
public struct AnalysisMaths: Sendable {
    /// Cosines between rows of two matrices (exercise 5.1).
    public var cosines: @Sendable (_ learned: Matrix, _ truth: Matrix) -> Matrix
    /// MMCS both ways (exercise 5.2).
    public var meanMaxCosine: @Sendable (_ cosines: Matrix) -> MeanMaxCosine
    /// One-to-one matching maximising the total (exercise 5.3).
    public var matching: @Sendable (_ scores: Matrix) -> Matching
    /// Mean activation per unit when exactly one feature is on (exercise 5.4).
    public var isolatedResponses: @Sendable (_ activations: Matrix, _ codes: Matrix) -> Matrix
    /// Ablation with a negative control (exercise 5.5).
    public var ablation:
        @Sendable (
            _ hidden: Matrix, _ sae: SparseAutoencoder, _ readout: ToyModel, _ feature: Int,
            _ latent: Int, _ control: Int
        )
        -> AblationEffect

    public init(
        cosines: @escaping @Sendable (Matrix, Matrix) -> Matrix,
        meanMaxCosine: @escaping @Sendable (Matrix) -> MeanMaxCosine,
        matching: @escaping @Sendable (Matrix) -> Matching,
        isolatedResponses: @escaping @Sendable (Matrix, Matrix) -> Matrix,
        ablation:
            @escaping @Sendable (Matrix, SparseAutoencoder, ToyModel, Int, Int, Int) ->
            AblationEffect
    ) {
        self.cosines = cosines
        self.meanMaxCosine = meanMaxCosine
        self.matching = matching
        self.isolatedResponses = isolatedResponses
        self.ablation = ablation
    }

    public static let reference = AnalysisMaths(
        cosines: { cosineMatrix($0, $1) },
        meanMaxCosine: { MeanMaxCosine(cosines: $0) },
        matching: { Matching(columns: optimalMatching($0)) },
        isolatedResponses: { SAEKit.isolatedResponses($0, codes: $1) },
        ablation: {
            ablationEffect(hidden: $0, sae: $1, readout: $2, feature: $3, latent: $4, control: $5)
        })
}
