// Exercise 6.3 — the AuxK loss on dead latents.
// Read:  Chapters/06-topk.md#exercise-63
// Grade: swift test --filter Step6Exercises        Run with it: swift run step6 --mine

import SAEKit

// ANCHOR: exercise-6.3
/// AuxK (Gao et al. 2024). With the SAE's own TopK reconstruction â (k = `sae.k`), the residual
/// e = a − â is what it missed. Among the latents marked `dead` only, keep each sample's `kAux`
/// largest positive pre-activations (6.1's rule) as f_aux, and reconstruct ê = f_aux·W_dec (no
/// bias).
///     loss = (1/B) Σ_b ‖e_b − ê_b‖²
/// e is a constant: AuxK may teach the dead latents, never pull the main reconstruction, so the
/// gradients are zero everywhere except the dead latents' encoder columns, encoder biases and
/// decoder rows (and b_dec's gradient is zero).
/// - Returns: the loss and its gradients, shaped like the parameters.
// a: [B, d]  dead: [h]  ->  loss, ∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]
public func auxKLoss(_ a: Matrix, sae: SparseAutoencoder, dead: [Bool], kAux: Int) -> AuxKStep {
    // Your code here. AuxKStep(loss:gradients:) builds the result.
    return .placeholder
}
// ANCHOR_END: exercise-6.3
