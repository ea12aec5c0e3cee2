// Exercise 5.5 — ablation effect with a negative control.
// Read:  Chapters/05-feature-matching.md#exercise-55
// Grade: swift test --filter Step5Exercises        Run with it: swift run step5 --mine

import SAEKit

// ANCHOR: exercise-5.5
/// Ablates one latent and reports the relative drop of output `feature` of the toy model's read-out
/// x' = ReLU(ĥ·W + b), where ĥ is the SAE's reconstruction of the hidden states: encode `hidden`,
/// set column `latent` of the codes to 0, decode, read out; compare the mean of output `feature`
/// with and without the ablation: drop = (baseline − ablated) / baseline. Do the same for
/// `control`, an unrelated latent (the negative control). If the baseline mean is 0, both drops
/// are 0.
// hidden: [B, m]  ->  drop, controlDrop
public func latentAblationEffect(hidden: Matrix, sae: SparseAutoencoder, readout: ToyModel,
                                 feature: Int, latent: Int, control: Int) -> AblationEffect {
    // Your code here. sae.encode and sae.decode do the SAE's part; readout.W is [m, n], readout.b
    // is [n].
    return .placeholder
}
// ANCHOR_END: exercise-5.5
