// The SAE each preset trains by default. Sizes follow DESIGN.md; λ, steps and learning rate were
// chosen by sweeps on the default seed (chapter 4 shows the sweep for the curriculum preset).

extension Preset {
    // ANCHOR: sae-defaults
    /// The default SAE training settings for this preset's data.
    public var saeDefaults: SAETrainingConfig {
        var config: SAETrainingConfig
        switch self {
        case .curriculum: config = SAETrainingConfig(latents: 20, l1Coefficient: 0.1)
        case .pentagon: config = SAETrainingConfig(latents: 10, l1Coefficient: 0.1)
        case .dictionary32x16: config = SAETrainingConfig(latents: 64, l1Coefficient: 0.4)
        case .dictionary8x4:
            config = SAETrainingConfig(latents: 32, l1Coefficient: 1.0)
            config.steps = 20_000
            config.learningRate = 1e-3
        case .dictionary24x8:
            config = SAETrainingConfig(latents: 64, l1Coefficient: 1.0)
            config.steps = 20_000
            config.learningRate = 1e-3
        case .classifier: config = SAETrainingConfig(latents: 64, l1Coefficient: 3.0)
        }
        config.batchSize = 256
        return config
    }
    // ANCHOR_END: sae-defaults
}
