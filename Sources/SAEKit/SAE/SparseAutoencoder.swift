// The sparse autoencoder of Bricken et al. (2023), in SAELens's layout:
//
//     f = ReLU((a − b_dec)·W_enc + b_enc)      encode: pre-centre by the decoder bias, then a ReLU
//     â = f·W_dec + b_dec                      decode: a sum of decoder directions, plus the bias
//
// W_enc is [d, h] and W_dec is [h, d]: latent j's encoder weights are column j of W_enc and its
// decoder direction is row j of W_dec (the paper, with column vectors, calls it column j).

/// A sparse autoencoder's parameters.
public struct SparseAutoencoder: Sendable, Equatable {
    /// Encoder weights `[d, h]`.
    public var W_enc: Matrix
    /// Encoder bias `[h]`.
    public var b_enc: [Double]
    /// Decoder weights `[h, d]`; row j is latent j's direction.
    public var W_dec: Matrix
    /// Decoder bias `[d]`, subtracted before encoding and added after decoding.
    public var b_dec: [Double]
    /// How pre-activations become codes: ReLU (the L1 SAE), TopK, BatchTopK (training) or JumpReLU.
    public var activation: SAEActivation

    public init(
        W_enc: Matrix, b_enc: [Double], W_dec: Matrix, b_dec: [Double],
        activation: SAEActivation = .relu
    ) {
        ensure(
            W_enc.rows == W_dec.cols && W_enc.cols == W_dec.rows && b_enc.count == W_enc.cols
                && b_dec.count == W_dec.cols,
            "SAE shapes: W_enc \(W_enc.shape), b_enc [\(b_enc.count)], W_dec \(W_dec.shape), "
                + "b_dec [\(b_dec.count)]"
        )
        self.W_enc = W_enc
        self.b_enc = b_enc
        self.W_dec = W_dec
        self.b_dec = b_dec
        self.activation = activation
    }

    /// For a TopK SAE, how many latents stay active per sample (nil otherwise); setting it makes
    /// the SAE TopK.
    public var k: Int? {
        get { if case let .topK(k) = activation { k } else { nil } }
        set { activation = newValue.map(SAEActivation.topK) ?? .relu }
    }

    /// d, the activation dimension.
    public var inputDims: Int { W_dec.cols }
    /// h, the number of latents.
    public var latentCount: Int { W_dec.rows }

    // ANCHOR: sae-init
    /// Unit-norm random decoder directions, the encoder their transpose, biases zero.
    public static func initialised(
        inputDims d: Int, latents h: Int, generator: inout SeededGenerator
    ) -> SparseAutoencoder {
        var W_dec = Matrix(rows: h, cols: d) { _, _ in generator.normal() }
        W_dec.normaliseRows()
        return SparseAutoencoder(W_enc: W_dec.transposed, b_enc: Array(repeating: 0, count: h),
                                 W_dec: W_dec, b_dec: Array(repeating: 0, count: d))
    }
    // ANCHOR_END: sae-init
}

// MARK: - Forward

/// The tensors of one forward pass, kept for the backward pass.
public struct SAEPass: Sendable {
    /// a − b_dec, `[B, d]`.
    public var centred: Matrix
    /// Pre-activations z = (a − b_dec)·W_enc + b_enc, `[B, h]`.
    public var preActivation: Matrix
    /// Codes f = ReLU(z) (or the SAE's other activation), `[B, h]`.
    public var codes: Matrix
    /// Reconstruction â = f·W_dec + b_dec, `[B, d]`.
    public var reconstruction: Matrix
}

extension SparseAutoencoder {
    /// Encodes and decodes a batch, keeping the intermediates.
    // a: [B, d]  ->  centred [B, d], z [B, h], f [B, h], â [B, d]
    public func forwardPass(_ a: Matrix) -> SAEPass {
        let centred = a.addingToEachRow(b_dec.map { -$0 })
        let preActivation = centred.matmul(W_enc).addingToEachRow(b_enc)
        let codes = activation.apply(preActivation)
        return SAEPass(centred: centred, preActivation: preActivation, codes: codes,
                       reconstruction: codes.matmul(W_dec).addingToEachRow(b_dec))
    }

    /// f = ReLU((a − b_dec)·W_enc + b_enc) (or TopK, BatchTopK, JumpReLU of the same
    /// pre-activations).
    // a: [B, d]  ->  [B, h]
    public func encode(_ a: Matrix) -> Matrix {
        let preActivation = a.addingToEachRow(b_dec.map { -$0 }).matmul(W_enc).addingToEachRow(
            b_enc)
        return activation.apply(preActivation)
    }

    /// â = f·W_dec + b_dec.
    // f: [B, h]  ->  [B, d]
    public func decode(_ f: Matrix) -> Matrix {
        f.matmul(W_dec).addingToEachRow(b_dec)
    }
}

extension Matrix {
    /// Scales every row to unit norm (rows of norm 0 are left as they are).
    // self: [rows, cols]
    public mutating func normaliseRows() {
        let cols = self.cols
        // in place (a subscript write checks uniqueness each time)
        values.withUnsafeMutableBufferPointer { v in
            for r in 0..<rows {
                let row = v.baseAddress! + r * cols
                var sum = 0.0
                for c in 0..<cols { sum += row[c] * row[c] }                  // as rowNorms
                let norm = sum.squareRoot()
                guard norm > 0 else { continue }
                for c in 0..<cols { row[c] /= norm }
            }
        }
    }
}
