// Causal checks: a label is a hypothesis until an intervention supports it. We run the toy model's
// read-out x' = ReLU(h·W + b) on the SAE's reconstruction of its hidden state, then intervene on
// one latent and watch the outputs.

/// What ablating a latent does to one output, next to an unrelated latent (the negative control).
public struct AblationEffect: Sendable, Equatable {
    /// (mean output − mean output with the latent ablated) / mean output; 1 means the output
    /// vanished.
    public var drop: Double
    /// The same for the control latent; near 0 when the intervention is specific.
    public var controlDrop: Double

    public init(drop: Double, controlDrop: Double) {
        self.drop = drop
        self.controlDrop = controlDrop
    }
}

/// Ablation in latent space: encode the hidden states, set one latent's code to 0, decode, read
/// out.
/// - Parameters:
///   - hidden: hidden states `[B, m]` (samples where the feature of interest is on).
///   - readout: the toy model whose read-out ReLU(h·W + b) turns hidden states back into features.
///   - feature: the output to watch.
///   - latent: the latent to ablate; `control`: an unrelated latent, ablated the same way.
// hidden: [B, m]  sae: d = m  ->  relative drops
public func ablationEffect(
    hidden: Matrix, sae: SparseAutoencoder, readout: ToyModel, feature: Int, latent: Int,
    control: Int
) -> AblationEffect {
    let codes = sae.encode(hidden)
    func meanOutput(_ codes: Matrix) -> Double {
        let output = sae.decode(codes).matmul(readout.W).addingToEachRow(readout.b).relu
        return output.column(feature).reduce(0, +) / Double(max(1, output.rows))
    }
    func ablating(_ j: Int) -> Matrix {
        var ablated = codes
        for r in 0..<ablated.rows { ablated[r, j] = 0 }
        return ablated
    }
    let baseline = meanOutput(codes)
    guard baseline > 0 else { return AblationEffect(drop: 0, controlDrop: 0) }
    return AblationEffect(drop: (baseline - meanOutput(ablating(latent))) / baseline,
                          controlDrop: (baseline - meanOutput(ablating(control))) / baseline)
}

/// The relative drop of output `feature` when all of `latents` are ablated together (e.g. a latent
/// and its duplicates).
public func groupAblationDrop(
    hidden: Matrix, sae: SparseAutoencoder, readout: ToyModel, feature: Int, latents: [Int]
) -> Double {
    let codes = sae.encode(hidden)
    func meanOutput(_ codes: Matrix) -> Double {
        sae.decode(codes).matmul(readout.W).addingToEachRow(readout.b).relu.column(feature).reduce(
            0, +) / Double(max(1, codes.rows))
    }
    var ablated = codes
    for r in 0..<ablated.rows { for j in latents { ablated[r, j] = 0 } }
    let baseline = meanOutput(codes)
    return baseline > 0 ? (baseline - meanOutput(ablated)) / baseline : 0
}

/// Steering: the read-out of α·d_j added to the all-features-off hidden state (h = 0), for each α.
// -> [alphas, features]
public func steeringOutputs(
    sae: SparseAutoencoder, readout: ToyModel, latent: Int, alphas: [Double]
) -> Matrix {
    let direction = sae.W_dec.row(latent)
    let hidden = Matrix(rows: alphas.count, cols: direction.count) { r, c in
        alphas[r] * direction[c]
    }
    return hidden.matmul(readout.W).addingToEachRow(readout.b).relu
}
