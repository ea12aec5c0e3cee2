// The gradient check: compare every analytic gradient entry with central finite differences of the
// loss. Relative error per parameter is max |analytic − numeric| over its entries, divided by its
// largest entry (so latents that never fire, with gradient exactly 0, do not divide by zero).

/// One parameter's comparison.
public struct GradientCheckRow: Sendable {
    public var parameter: String
    public var entries: Int
    public var maxAbsoluteError: Double
    public var relativeError: Double
}

public enum GradientCheck {
    /// A point to check at: the SAE with small random biases (so no pre-activation sits on the
    /// ReLU's kink at 0, where finite differences are wrong) and 16 non-zero samples of
    /// `activations`.
    public static func standardPoint(_ activations: Matrix, latents: Int, seed: UInt64)
        -> (sae: SparseAutoencoder, batch: Matrix, l1Coefficient: Double) {
        var attempt: UInt64 = 0
        while true {
            var random = SeededGenerator(seed: seed &+ attempt, stream: "gradient-check")
            var sae = SparseAutoencoder.initialised(
                inputDims: activations.cols, latents: latents, generator: &random)
            sae.b_enc = sae.b_enc.map { _ in random.normal() * 0.1 }
            sae.b_dec = sae.b_dec.map { _ in random.normal() * 0.1 }
            let candidates = (0..<activations.rows).filter { r in
                activations.row(r).contains { $0 != 0 }
            }
            let rows = (0..<16).map { _ in
                candidates.isEmpty ? 0 : candidates[random.integer(in: 0...(candidates.count - 1))]
            }
            let batch = activations.selectingRows(rows)
            if sae.forwardPass(batch).preActivation.values.allSatisfy({ abs($0) > 1e-4 }) {
                return (sae, batch, 0.1)
            }
            attempt += 1
        }
    }

    /// Compares `analytic` with `numeric` finite differences of the loss, parameter by parameter.
    /// - Parameter numeric: a finite-difference gradient of a scalar function (SAEKit's central
    ///   differences by default).
    public static func run(
        _ sae: SparseAutoencoder, batch: Matrix, l1Coefficient λ: Double, step: Double = 1e-5,
        analytic: SAEGradients? = nil,
        numeric: @escaping ([Double], Double, ([Double]) -> Double) -> [Double] = {
            centralDifferences(at: $0, step: $1, of: $2)
        }
    )
        -> [GradientCheckRow] {
        run(
            sae, analytic: analytic ?? sae.lossAndGradients(batch, l1Coefficient: λ).gradients,
            step: step, numeric: numeric
        ) { candidate in
            let pass = candidate.forwardPass(batch)
            return SAELossTerms(
                batch, reconstruction: pass.reconstruction, codes: pass.codes, l1Coefficient: λ
            ).total
        }
    }

    /// Compares `analytic` with finite differences of any scalar `loss` of the SAE's parameters.
    public static func run(
        _ sae: SparseAutoencoder, analytic gradients: SAEGradients, step: Double = 1e-5,
        numeric: @escaping ([Double], Double, ([Double]) -> Double) -> [Double] = {
            centralDifferences(at: $0, step: $1, of: $2)
        },
        loss: @escaping (SparseAutoencoder) -> Double
    ) -> [GradientCheckRow] {
        func compare(
            _ name: String, _ analytic: [Double], _ values: [Double],
            _ rebuild: @escaping ([Double]) -> SparseAutoencoder
        ) -> GradientCheckRow {
            let estimate = numeric(values, step) { loss(rebuild($0)) }
            guard estimate.count == analytic.count else {
                return GradientCheckRow(
                    parameter: name, entries: values.count, maxAbsoluteError: .infinity,
                    relativeError: .infinity)
            }
            let error = zip(analytic, estimate).map { abs($0 - $1) }.max() ?? 0
            let scale = max(analytic.map(abs).max() ?? 0, estimate.map(abs).max() ?? 0, 1e-12)
            return GradientCheckRow(
                parameter: name, entries: values.count, maxAbsoluteError: error,
                relativeError: error / scale)
        }
        return [
            compare("W_enc", gradients.W_enc.values, sae.W_enc.values) {
                var s = sae; s.W_enc.values = $0; return s
            },
            compare("b_enc", gradients.b_enc, sae.b_enc) {
                var s = sae; s.b_enc = $0; return s
            },
            compare("W_dec", gradients.W_dec.values, sae.W_dec.values) {
                var s = sae; s.W_dec.values = $0; return s
            },
            compare("b_dec", gradients.b_dec, sae.b_dec) {
                var s = sae; s.b_dec = $0; return s
            }
        ]
    }
}

/// The "cheat" a free decoder norm allows: scale decoder rows up by c and codes down by c (W_enc
/// and b_enc divided by c). The reconstruction is unchanged, the L1 term falls by c.
public func scaledDecoderCheat(_ sae: SparseAutoencoder, by c: Double) -> SparseAutoencoder {
    SparseAutoencoder(
        W_enc: (1 / c) * sae.W_enc, b_enc: sae.b_enc.map { $0 / c }, W_dec: c * sae.W_dec,
        b_dec: sae.b_dec, activation: sae.activation)
}
