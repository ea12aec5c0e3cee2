// Chapter 6's comparison: every SAE — L1, TopK, BatchTopK — trained on the same data and measured
// the same way: fidelity, sparsity, recovery of the true features, shrinkage, dead latents, time.

/// The measurements, as function values: SAEKit's, or the learner's exercises 6.4–6.5 (`step6
/// --mine`).
public struct MeasurementMaths: Sendable {
    public var fidelity: @Sendable (_ a: Matrix, _ reconstruction: Matrix) -> ReconstructionFidelity
    public var shrinkageRatios:
        @Sendable (
            _ latentCodes: Matrix, _ trueMagnitudes: Matrix, _ pairs: [(feature: Int, latent: Int)]
        ) -> [Double]
    public var reconstructionBias: @Sendable (_ a: Matrix, _ reconstruction: Matrix) -> Double

    public init(
        fidelity: @escaping @Sendable (Matrix, Matrix) -> ReconstructionFidelity,
        shrinkageRatios:
            @escaping @Sendable (Matrix, Matrix, [(feature: Int, latent: Int)]) -> [Double],
        reconstructionBias: @escaping @Sendable (Matrix, Matrix) -> Double
    ) {
        self.fidelity = fidelity
        self.shrinkageRatios = shrinkageRatios
        self.reconstructionBias = reconstructionBias
    }

    public static let reference = MeasurementMaths(
        fidelity: { reconstructionFidelity($0, reconstruction: $1) },
        shrinkageRatios: { SAEKit.shrinkageRatios(latentCodes: $0, trueMagnitudes: $1, pairs: $2) },
        reconstructionBias: relativeReconstructionBias)
}

/// One trained SAE, measured.
public struct Scorecard: Sendable {
    /// "L1 λ=0.1", "TopK k=1", "BatchTopK k=1.08".
    public var name: String
    public var trained: TrainedSAE
    public var seconds: Double
    /// L0, dead latents on the whole dataset, L1.
    public var metrics: ReconstructionMetrics
    /// Normalised MSE and explained variance (exercise 6.5).
    public var fidelity: ReconstructionFidelity
    /// γ = E‖â‖² / E[a·â], the relative reconstruction bias (exercise 6.4; needs no ground truth).
    public var reconstructionBias: Double
    public var recovery: FeatureRecovery?
    public var shrinkage: ShrinkageMeasurement?

    public init(
        _ run: TimedTraining, on dataset: ActivationDataset, maths: MeasurementMaths = .reference
    ) {
        let sae = run.trained.autoencoder
        trained = run.trained
        seconds = run.seconds
        name = Self.name(of: run.trained.config)
        metrics = ReconstructionMetrics(sae, on: dataset.activations)
        let reconstruction = sae.forwardPass(dataset.activations).reconstruction
        fidelity = maths.fidelity(dataset.activations, reconstruction)
        reconstructionBias = maths.reconstructionBias(dataset.activations, reconstruction)
        recovery = dataset.directions.map { FeatureRecovery(decoder: sae.W_dec, directions: $0) }
        if let codes = dataset.codes, let directions = dataset.directions {
            shrinkage = ShrinkageMeasurement(
                sae: sae, activations: dataset.activations, trueCodes: codes,
                directions: directions,
                ratios: { maths.shrinkageRatios($1, $2, $0) })
        }
    }

    /// How a config reads in tables.
    public static func name(of config: SAETrainingConfig) -> String {
        switch config.activation {
        case .relu, .jumpReLU: "L1 λ=\(formatCompact(config.l1Coefficient, decimals: 4))"
        case let .topK(k): "TopK k=\(k)"
        case let .batchTopK(k): "BatchTopK k=\(formatCompact(k))"
        }
    }

    /// The SAE's family: "L1", "TopK" or "BatchTopK".
    public var family: String { String(name.prefix { $0 != " " }) }

    /// Latents dead by the trainer's rule at the end (no firing in the last `deadWindow` steps).
    public var deadAtEnd: Int { trained.deadHistory.last ?? 0 }
}

// MARK: - Configs

extension SAETrainingConfig {
    /// This config with a TopK or BatchTopK activation: no L1 term, no resampling (AuxK instead,
    /// Gao et al. 2024).
    public func withActivation(
        _ activation: SAEActivation, auxK: Int, auxKCoefficient: Double
    ) -> SAETrainingConfig {
        var config = self
        config.activation = activation
        config.l1Coefficient = 0
        config.l1WarmupSteps = 0
        config.resampleEvery = 0
        config.auxK = auxK
        config.auxKCoefficient = auxKCoefficient
        return config
    }

    /// This config with another λ.
    public func withL1(_ λ: Double) -> SAETrainingConfig {
        var config = self
        config.l1Coefficient = λ
        return config
    }
}
