// Exercise 3.1 — SAE encode with pre-centring.
// Read:  Chapters/03-sparse-autoencoder.md#exercise-31
// Grade: swift test --filter Step3Exercises        Run with it: swift run step3 --mine

import SAEKit

// ANCHOR: exercise-3.1
/// The codes f = ReLU((a − b_dec)·W_enc + b_enc): subtract the decoder bias, project onto every
/// latent's encoder weights, add the encoder bias, keep the positive part.
/// - Parameters:
///   - a: activations, one sample per row.
///   - sae: `W_enc` [d, h], `b_enc` [h], `b_dec` [d].
/// - Returns: f, one row of h codes per sample.
// a: [B, d]  W_enc: [d, h]  b_enc: [h]  b_dec: [d]  ->  [B, h]
public func saeEncode(_ a: Matrix, sae: SparseAutoencoder) -> Matrix {
    // Your code here. Matrix has addingToEachRow, matmul and relu.
    return .placeholder
}
// ANCHOR_END: exercise-3.1
