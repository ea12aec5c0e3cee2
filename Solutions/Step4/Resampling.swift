// Exercise 4.4 — reference solution.

import SAEKit

// firingCounts: [h]  replacements: [#dead, d]
public func resampleDeadLatents(_ sae: SparseAutoencoder, firingCounts: [Int], replacements: Matrix,
                                encoderScale: Double) -> ResampledAutoencoder {
    let dead = firingCounts.enumerated().filter { $0.element == 0 }.map(\.offset)
    let alive = firingCounts.enumerated().filter { $0.element > 0 }.map(\.offset)
    let columnNorm = { (j: Int) in
        (0..<sae.inputDims).reduce(0.0) { $0 + sae.W_enc[$1, j] * sae.W_enc[$1, j] }.squareRoot()
    }
    let meanAliveNorm = alive.isEmpty ? 1 : alive.map(columnNorm).reduce(0, +) / Double(alive.count)
    var result = sae
    var resampled: [Int] = []
    for (k, j) in dead.enumerated() where k < replacements.rows {
        let r = replacements.row(k)
        let norm = dot(r, r).squareRoot()
        guard norm > 0 else { continue }
        for c in 0..<sae.inputDims {
            result.W_dec[j, c] = r[c] / norm
            result.W_enc[c, j] = r[c] / norm * encoderScale * meanAliveNorm
        }
        result.b_enc[j] = 0
        resampled.append(j)
    }
    return ResampledAutoencoder(autoencoder: result, resampled: resampled)
}
