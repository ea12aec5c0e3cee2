// Exercise 5.5 — reference solution.

import SAEKit

// hidden: [B, m]  ->  drop, controlDrop
public func latentAblationEffect(hidden: Matrix, sae: SparseAutoencoder, readout: ToyModel,
                                 feature: Int, latent: Int, control: Int) -> AblationEffect {
    let codes = sae.encode(hidden)
    func meanOutput(zeroing ablated: Int?) -> Double {
        var f = codes
        if let ablated { for sample in 0..<f.rows { f[sample, ablated] = 0 } }
        let outputs = sae.decode(f).matmul(readout.W).addingToEachRow(readout.b).map { max(0, $0) }
        return outputs.column(feature).reduce(0, +) / Double(outputs.rows)
    }
    let baseline = meanOutput(zeroing: nil)
    guard baseline > 0 else { return AblationEffect(drop: 0, controlDrop: 0) }
    return AblationEffect(drop: (baseline - meanOutput(zeroing: latent)) / baseline,
                          controlDrop: (baseline - meanOutput(zeroing: control)) / baseline)
}
