// How an SAE turns pre-activations z into codes f. All four zero the negative entries; they
// differ in which positive ones survive:
//
//   relu        every positive entry (the L1 SAE: the penalty, not the activation, makes codes
//               sparse)
//   topK(k)     each sample's k largest (Gao et al. 2024); ties: the lower latent index first
//   batchTopK   the batch's k·B largest, shared among its samples as they need them (Bussmann
//               et al. 2024); used while training, then replaced by the threshold it implies
//   jumpReLU    entries above a per-latent threshold θ_j (Rajamanoharan et al. 2024; SAELens's
//               "jumprelu")

/// An SAE's activation function.
public enum SAEActivation: Sendable, Equatable {
    case relu
    case topK(Int)
    /// k on average per sample: the batch keeps its round(k·B) largest positive pre-activations.
    case batchTopK(Double)
    /// z_j kept where z_j > θ_j.
    case jumpReLU([Double])

    /// The codes for pre-activations `z`.
    // z: [B, h]  ->  [B, h]
    public func apply(_ z: Matrix) -> Matrix {
        switch self {
        case .relu: z.relu
        case let .topK(k): z.topK(k)
        case let .batchTopK(k): z.batchTopK(Int((k * Double(z.rows)).rounded()))
        case let .jumpReLU(thresholds):
            z.mapColumns { j, value in value > max(0, thresholds[j]) ? value : 0 }
        }
    }

    /// A short name for tables ("ReLU", "TopK k=2", …).
    public var label: String {
        switch self {
        case .relu: "ReLU"
        case let .topK(k): "TopK k=\(k)"
        case let .batchTopK(k): "BatchTopK k=\(formatCompact(k))"
        case .jumpReLU: "JumpReLU"
        }
    }
}

extension Matrix {
    /// The `count` largest positive entries of the whole matrix kept, everything else 0 (ties:
    /// earlier entry, row-major, first).
    // z: [B, h]  ->  [B, h]
    public func batchTopK(_ count: Int) -> Matrix {
        var result = Matrix(rows: rows, cols: cols)
        var positive = values.filter { $0 > 0 }
        guard count > 0, !positive.isEmpty else { return result }
        // The count-th largest positive value (quickselect), then everything above it and the first
        // ties.
        let threshold = positive.count <= count ? 0 : kthLargest(&positive, count)
        var tiesLeft = count - values.filter { $0 > threshold }.count
        for index in values.indices where values[index] > 0 {
            if values[index] > threshold {
                result.values[index] = values[index]
            } else if values[index] == threshold && tiesLeft > 0 {
                result.values[index] = values[index]
                tiesLeft -= 1
            }
        }
        return result
    }
}
