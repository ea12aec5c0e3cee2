// Exercise 3.2 — decode.
// Read:  Chapters/03-sparse-autoencoder.md#exercise-32
// Grade: swift test --filter Step3Exercises        Run with it: swift run step3 --mine

import SAEKit

// ANCHOR: exercise-3.2
/// The reconstruction â = f·W_dec + b_dec: a sum of decoder directions weighted by the codes, plus
/// the bias.
// f: [B, h]  W_dec: [h, d]  b_dec: [d]  ->  [B, d]
public func saeDecode(_ f: Matrix, sae: SparseAutoencoder) -> Matrix {
    // Your code here.
    return .placeholder
}
// ANCHOR_END: exercise-3.2
