// The toy model of superposition (Elhage et al. 2022): n sparse features squeezed into m < n
// hidden dimensions by a linear map W, read back out by Wᵀ, with a bias and a ReLU.
//
//     h  = W x             (m hidden dims)
//     x' = ReLU(Wᵀ h + b)  (n features back)
//
// We keep the paper's orientation: W is [m, n] = [hidden, features], and feature i's direction
// in the hidden space is column W_i. A batch is one sample per row, so in code h = x·Wᵀ.

/// The toy model's parameters: `W [hidden, features]` and the output bias `b [features]`.
public struct ToyModel: Sendable, Equatable {
    /// The embedding, `[hidden, features]`; column `i` is feature `i`'s direction.
    public var W: Matrix
    /// The output bias, `[features]`.
    public var b: [Double]

    public init(W: Matrix, b: [Double]) {
        ensure(
            b.count == W.cols, "ToyModel: b has \(b.count) entries, W has \(W.cols) feature columns"
        )
        self.W = W
        self.b = b
    }

    /// Number of features n.
    public var featureCount: Int { W.cols }
    /// Number of hidden dimensions m.
    public var hiddenCount: Int { W.rows }

    /// Xavier-normal W (std √(2/(m+n))) and zero bias, as in the paper's code.
    public static func initialised(
        features: Int, hidden: Int, generator: inout SeededGenerator
    ) -> ToyModel {
        let std = (2.0 / Double(features + hidden)).squareRoot()
        let W = Matrix(rows: hidden, cols: features) { _, _ in generator.normal() * std }
        return ToyModel(W: W, b: Array(repeating: 0, count: features))
    }
}

// MARK: - Forward

/// The intermediate tensors of one forward pass, kept for the backward pass.
public struct ToyModelPass: Sendable {
    /// h = x·Wᵀ, `[B, hidden]`.
    public var hidden: Matrix
    /// z = h·W + b, `[B, features]`.
    public var preActivation: Matrix
    /// x' = ReLU(z), `[B, features]`.
    public var output: Matrix
}

extension ToyModel {
    /// One forward pass, keeping the intermediates.
    // x: [B, n]  W: [m, n]  b: [n]  ->  h: [B, m], z: [B, n], x': [B, n]
    public func forwardPass(_ x: Matrix) -> ToyModelPass {
        let hidden = x.matmulTransposed(W)                   // h = x Wᵀ
        let preActivation = hidden.matmul(W).addingToEachRow(b) // z = h W + b
        return ToyModelPass(
            hidden: hidden, preActivation: preActivation, output: preActivation.relu)
    }

    /// x' = ReLU(x·WᵀW + b).
    // x: [B, n]  ->  [B, n]
    public func forward(_ x: Matrix) -> Matrix { forwardPass(x).output }
}

// MARK: - Loss

extension ToyModel {
    /// The importance-weighted reconstruction loss, summed over features and averaged over the
    /// batch: L = (1/B) Σ_b Σ_i I_i (x_bi − x'_bi)².
    // x: [B, n]  reconstruction: [B, n]  importance: [n]  ->  scalar
    public static func loss(_ x: Matrix, reconstruction: Matrix, importance: [Double]) -> Double {
        ensure(x.shape == reconstruction.shape && importance.count == x.cols,
               "loss: x \(x.shape), x' \(reconstruction.shape), importance [\(importance.count)]")
        var total = 0.0
        for r in 0..<x.rows {
            for i in 0..<x.cols {
                let error = x[r, i] - reconstruction[r, i]
                total += importance[i] * error * error
            }
        }
        return total / Double(x.rows)
    }
}

// MARK: - Backward

/// ∂L/∂W `[hidden, features]` and ∂L/∂b `[features]`.
public struct ToyModelGradients: Sendable, Equatable {
    public var W: Matrix
    public var b: [Double]

    public init(W: Matrix, b: [Double]) {
        self.W = W
        self.b = b
    }
}

extension ToyModel {
    /// The loss and its gradients for a batch, by the chain rule through both uses of W.
    ///
    /// With r = x' − x:  ∂L/∂x' = (2/B)·I⊙r,  ∂L/∂z = ∂L/∂x' ⊙ 1[z > 0],  ∂L/∂b = Σ_batch ∂L/∂z,
    /// ∂L/∂W = hᵀ·∂L/∂z  (decoder use, z = hW + b)  +  (∂L/∂z·Wᵀ)ᵀ·x  (encoder use, h = xWᵀ).
    // x: [B, n]  importance: [n]  ->  loss, ∂W: [m, n], ∂b: [n]
    public func lossAndGradients(
        _ x: Matrix, importance: [Double]
    ) -> (loss: Double, gradients: ToyModelGradients) {
        let pass = forwardPass(x)
        let batch = Double(x.rows)
        let outputGradient = (pass.output - x).scalingColumns(by: importance.map { 2 * $0 / batch })
        let preActivationGradient = outputGradient.zipped(with: pass.preActivation) { g, z in
            z > 0 ? g : 0
        }
        let decoderPath = pass.hidden.transposedMatmul(preActivationGradient)  // hᵀ ∂z       [m, n]
        let hiddenGradient = preActivationGradient.matmulTransposed(W)         // ∂h = ∂z Wᵀ  [B, m]
        let encoderPath = hiddenGradient.transposedMatmul(x)                   // ∂hᵀ x       [m, n]
        let gradients = ToyModelGradients(
            W: decoderPath + encoderPath, b: preActivationGradient.columnSums)
        return (ToyModel.loss(x, reconstruction: pass.output, importance: importance), gradients)
    }

    /// The gradients alone (see `lossAndGradients`).
    public func gradients(_ x: Matrix, importance: [Double]) -> ToyModelGradients {
        lossAndGradients(x, importance: importance).gradients
    }
}
