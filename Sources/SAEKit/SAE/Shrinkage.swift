// Shrinkage, measured against the truth. The L1 penalty pays for every unit of activation, so an
// L1 SAE under-reports how strongly a feature is present: its codes are smaller than the true
// coefficients (Wright & Sharkey 2024; Rajamanoharan et al. 2024). With a known dictionary we can
// measure it directly: for a latent matched to a true feature,
//
//     ratio = Σ_{s: c_s > 0, f_s > 0} f_s  /  Σ_{s: c_s > 0, f_s > 0} c_s
//
// over the samples where the feature is on and its latent fires, with f the latent's activation
// times its decoder norm and c the true coefficient times its direction's norm (both: the length of
// the contribution along the direction). 1 means no shrinkage; below 1, the L1 SAE's signature.
// Samples where the latent stays silent are left out: a miss is a detection failure, not a smaller
// magnitude, and counting it as f = 0 would mix the two. The ratio of sums is a
// coefficient-weighted mean of per-sample ratios: samples with a tiny coefficient, where f/c is
// noise, weigh little.
//
// Without ground truth, the Gated SAE paper's relative reconstruction bias says the same thing:
// γ = E‖â‖² / E[a·â], the scale that best maps the reconstruction back onto the input
// (argmin_γ E‖â/γ − a‖²). γ < 1: reconstructions are systematically too small.

/// Shrinkage of an SAE's matched latents against the true coefficients.
public struct ShrinkageMeasurement: Sendable {
    /// One per matched feature: (feature, latent, ratio).
    public var pairs: [(feature: Int, latent: Int, ratio: Double)]
    /// (true magnitude, latent magnitude) for up to `scatterLimit` active samples per matched
    /// feature.
    public var scatter: [(truth: Double, latent: Double)]

    /// The mean ratio over matched features whose latent fires with them (NaN if none does).
    public var meanRatio: Double {
        let defined = pairs.map(\.ratio).filter(\.isFinite)
        return defined.isEmpty ? .nan : defined.reduce(0, +) / Double(defined.count)
    }

    /// Matched features whose latent never fires while they are on (their ratio is undefined).
    public var silentPairs: Int { pairs.filter { !$0.ratio.isFinite }.count }
}

// ANCHOR: shrinkage-reference
/// For each (feature, latent) pair: Σ f / Σ c over the samples where the feature is on and the
/// latent fires.
// latentCodes: [N, h]  trueMagnitudes: [N, n]  pairs: (feature i, latent j)  ->  [pairs]
public func shrinkageRatios(
    latentCodes: Matrix, trueMagnitudes: Matrix, pairs: [(feature: Int, latent: Int)]
) -> [Double] {
    pairs.map { pair in
        var latentSum = 0.0, trueSum = 0.0
        for s in 0..<trueMagnitudes.rows
        where trueMagnitudes[s, pair.feature] > 0 && latentCodes[s, pair.latent] > 0 {
            latentSum += latentCodes[s, pair.latent]
            trueSum += trueMagnitudes[s, pair.feature]
        }
        return trueSum > 0 ? latentSum / trueSum : .nan
    }
}

/// γ = E‖â‖² / E[a·â] (Rajamanoharan et al. 2024); 1 is unbiased, below 1 shrunk.
// a: [N, d]  reconstruction: [N, d]
public func relativeReconstructionBias(_ a: Matrix, reconstruction: Matrix) -> Double {
    var squared = 0.0, inner = 0.0
    for (x, y) in zip(a.values, reconstruction.values) {
        squared += y * y
        inner += x * y
    }
    return squared / inner
}
// ANCHOR_END: shrinkage-reference

extension ShrinkageMeasurement {
    static let scatterLimit = 60

    /// Matches latents to the present true features one-to-one (by decoder cosine), then measures.
    /// - Parameters:
    ///   - activations: `[N, d]` the data the SAE encodes; `trueCodes` `[N, n]` and `directions`
    ///     `[n, d]` its truth.
    public init(
        sae: SparseAutoencoder, activations: Matrix, trueCodes: Matrix, directions: Matrix,
        ratios: ([(feature: Int, latent: Int)], Matrix, Matrix) -> [Double] = {
            shrinkageRatios(latentCodes: $1, trueMagnitudes: $2, pairs: $0)
        }
    ) {
        let recovery = FeatureRecovery(decoder: sae.W_dec, directions: directions)
        let present = recovery.presentFeatures
        let scores = Matrix(rows: present.count, cols: sae.latentCount) { r, j in
            recovery.cosines[j, present[r]]
        }
        let matched = optimalMatching(scores).enumerated().compactMap { r, j in
            j.map { (feature: present[r], latent: $0) }
        }
        let pass = sae.forwardPass(activations)
        let decoderNorms = sae.W_dec.rowNorms, directionNorms = directions.rowNorms
        let latentMagnitudes = pass.codes.mapColumns { j, f in f * decoderNorms[j] }
        let trueMagnitudes = trueCodes.mapColumns { i, c in c * directionNorms[i] }
        let values = ratios(matched, latentMagnitudes, trueMagnitudes)
        pairs = zip(matched, values).map { (feature: $0.feature, latent: $0.latent, ratio: $1) }
        scatter = matched.flatMap { pair in
            (0..<trueCodes.rows).lazy.filter {
                trueMagnitudes[$0, pair.feature] > 0 && latentMagnitudes[$0, pair.latent] > 0
            }.prefix(Self.scatterLimit)
                .map {
                    (
                        truth: trueMagnitudes[$0, pair.feature],
                        latent: latentMagnitudes[$0, pair.latent]
                    )
                }
        }
    }
}
