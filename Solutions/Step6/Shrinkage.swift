// Exercise 6.4 — reference solution.

import SAEKit

// latentCodes: [N, h]  trueMagnitudes: [N, n]  ->  one ratio per pair
public func matchedShrinkage(
    latentCodes: Matrix, trueMagnitudes: Matrix, pairs: [(feature: Int, latent: Int)]
) -> [Double] {
    pairs.map { pair in
        let both = (0..<latentCodes.rows).filter {
            trueMagnitudes[$0, pair.feature] > 0 && latentCodes[$0, pair.latent] > 0
        }
        let latent = both.reduce(0.0) { $0 + latentCodes[$1, pair.latent] }
        let truth = both.reduce(0.0) { $0 + trueMagnitudes[$1, pair.feature] }
        return latent / truth
    }
}

// a: [N, d]  reconstruction: [N, d]
public func reconstructionBias(_ a: Matrix, reconstruction: Matrix) -> Double {
    let squaredNorm = reconstruction.squaredFrobeniusNorm
    let inner = zip(a.values, reconstruction.values).reduce(0.0) { $0 + $1.0 * $1.1 }
    return squaredNorm / inner
}
