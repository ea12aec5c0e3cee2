// The fixed inputs exercises 5.1, 5.2, 5.4 and 5.5 are graded on: seeded random cases, then the
// boundaries of each formula (zero rows, lengths far from 1, negative cosines, a feature never
// alone, a zero baseline), small enough to print. The step's own sizes are in Step5Scale.swift.

import SAEKit

enum Step5Cases {
    // MARK: - 5.1

    struct CosineCase: Sendable {
        var learned: Matrix
        var truth: Matrix
    }

    static let cosines: [GradingCase<CosineCase>] = randomCosines + [
        cosineCase("one learned row of length 3e-9, one of 5e7; a true row of length 5e-13: a "
                   + "cosine does not depend on length",
                   learned: Matrix([[1e-9, -2e-9, 2e-9], [4e7, 0, -3e7], [0.3, 0.1, -0.2]]),
                   truth: Matrix([[2, 1, 2], [4e-9, -4e-9, 0], [3e-13, 0, 4e-13]]), digits: true),
        cosineCase("one dimension: every cosine is +1, −1, or 0 for the zero row",
                   learned: Matrix([[2], [-3], [0]]), truth: Matrix([[0.5], [-1e-3]])),
        cosineCase("one learned row, one true row",
                   learned: Matrix([[0.6, -0.8]]), truth: Matrix([[-1, 0.5]])),
    ]

    /// Random directions of random lengths; true row 1 is zero, and learned row 0 of case 3; the
    /// 4th is square, so a result with rows and columns swapped has the right shape.
    static let randomCosines: [GradingCase<CosineCase>] = [(4, 3, 2), (3, 5, 6), (5, 2, 4),
                                                           (3, 4, 3)]
        .enumerated().map { index, size in
            var random = SeededGenerator(seed: UInt64(501 + index), stream: "grading")
            var learned = Matrix(rows: size.0, cols: size.1) { _, _ in random.normal() * 1.5 }
            let truth = Matrix(rows: size.2, cols: size.1) { r, _ in   // row 1: an absent feature
                r == 1 ? 0 : random.normal() * 0.5
            }
            if index == 2 { for c in 0..<size.1 { learned[0, c] = 0 } }
            let label = "\(size.0) learned and \(size.2) true directions in \(size.1) dims; "
                + "true row 1 is zero" + (index == 2 ? ", learned row 0 too" : "")
                + (size.0 == size.2 ? "; the result is square" : "")
            return cosineCase(label, learned: learned, truth: truth)
        }

    static func cosineCase(_ label: String, learned: Matrix, truth: Matrix,
                           digits: Bool = false) -> GradingCase<CosineCase> {
        let show: (String, Matrix) -> [String] = digits
            ? { printedPrecisely($0, $1) } : { printed($0, $1) }
        return GradingCase(label: label, input: CosineCase(learned: learned, truth: truth),
                           printedInput: show("learned", learned) + show("truth", truth))
    }

    // MARK: - 5.2

    static let meanMaxCosines: [GradingCase<Matrix>] = randomMeanMaxCosines + [
        mmcsCase("every cosine of latent 1 is negative, and every cosine of feature 2; latent 3's "
                 + "most negative cosine is larger in size than its best",
                 Matrix([[0.9, 0.1, -0.2], [-0.3, -0.1, -0.6], [0.2, 0.8, -0.4],
                         [0.5, -0.7, -0.15]])),
        mmcsCase("latent 0 is the best match of features 0 and 1 (square)",
                 Matrix([[0.9, 0.8, 0.1], [0.3, 0.1, 0.2], [0.2, 0.4, 0.7]])),
        mmcsCase("one latent", Matrix([[0.2, -0.5, 0.9, 0.4]])),
        mmcsCase("one feature", Matrix([[0.1], [-0.2], [0.95], [0.3], [0]])),
    ]

    static let randomMeanMaxCosines: [GradingCase<Matrix>] = [(6, 3), (3, 5), (4, 4)].enumerated()
        .map { index, size in
            var random = SeededGenerator(seed: UInt64(521 + index), stream: "grading")
            let cosines = Matrix(rows: size.0, cols: size.1) { _, _ in random.uniform(-0.3, 1) }
            return mmcsCase("cosines [\(size.0) latents, \(size.1) features]", cosines)
        }

    static func mmcsCase(_ label: String, _ cosines: Matrix) -> GradingCase<Matrix> {
        GradingCase(label: label, input: cosines, printedInput: printed("cosines", cosines))
    }

    // MARK: - 5.4

    struct ResponseCase: Sendable {
        var activations: Matrix
        var codes: Matrix
    }

    /// Codes with several features on at once in most samples, so conditioning on "alone" matters;
    /// the 4th has as many units as features (a transposed result has the right shape).
    static let responses: [GradingCase<ResponseCase>] = [(40, 3, 4), (25, 5, 2), (60, 2, 3),
                                                         (12, 3, 3)]
        .enumerated().map { index, size in
            var random = SeededGenerator(seed: UInt64(541 + index), stream: "grading")
            let codes = Matrix(rows: size.0, cols: size.1) { _, _ in
                random.bernoulli(0.45) ? random.uniform(0.2, 1) : 0
            }
            let activations = Matrix(rows: size.0, cols: size.2) { r, u in
                max(0, codes.row(r).reduce(0, +) * Double(u + 1) * 0.3 + random.normal() * 0.1)
            }
            return GradingCase(label: "\(size.0) samples, \(size.1) features, \(size.2) units "
                                   + "(seed \(541 + index))",
                               input: ResponseCase(activations: activations, codes: codes),
                               printedInput: size.0 <= 25 ? printed("codes", codes) : [])
        } + [{
            let codes = Matrix([[0.5, 0, 0], [0, 0.7, 0.2], [0, 0, 0], [0.3, 0.4, 0], [0, 0.9, 0],
                                [-0.4, 0, 0], [0, -0.6, 0.8]])
            let activations = Matrix([[1, 0.1], [0.4, 0.6], [0.05, 0], [0.9, 0.3], [0.2, 1.1],
                                      [0.7, 0.2], [0.3, 0.8]])
            return GradingCase(label: "feature 2 is never alone (its column is 0); sample 2 has no "
                                   + "feature on; negative codes count as on (sample 5: feature 0 "
                                   + "alone at −0.4)",
                               input: ResponseCase(activations: activations, codes: codes),
                               printedInput: printed("activations", activations)
                                   + printed("codes", codes))
        }(), {
            // The toy model's hidden neurons are linear (h = W x): responses can be negative.
            let codes = Matrix([[0.8, 0, 0], [0, 0.5, 0], [0, 0, 0.9], [0.6, 0, 0], [0, 0.7, 0],
                                [0.3, 0.3, 0]])
            let activations = Matrix([[-0.9, 0.4], [0.5, -0.2], [0.1, 0.3], [-0.6, 0.5],
                                      [0.6, -0.4], [-0.1, 0.2]])
            return GradingCase(label: "linear neurons: activations of both signs (a negative "
                                   + "response stays negative)",
                               input: ResponseCase(activations: activations, codes: codes),
                               printedInput: printed("activations", activations)
                                   + printed("codes", codes))
        }()]

    // MARK: - 5.5

    struct AblationCase: Sendable {
        var hidden: Matrix
        var sae: SparseAutoencoder
        var readout: ToyModel
        var feature: Int
        var latent: Int
        var control: Int
    }

    /// (B, m, h, n): samples, hidden dims, latents, read-out features; the 3rd case's output is 0
    /// on every sample (a read-out bias of −10), the 4th has one sample.
    static let ablations: [GradingCase<AblationCase>] = [(8, 3, 5, 4), (6, 4, 6, 5), (5, 3, 4, 3),
                                                         (1, 3, 5, 4)]
        .enumerated().map { index, size in
            var random = SeededGenerator(seed: UInt64(551 + index), stream: "grading")
            let (B, m, h, n) = size
            var readout = ToyModel(W: Matrix(rows: m, cols: n) { _, _ in random.normal() },
                                   b: (0..<n).map { _ in random.normal() * 0.2 + 0.3 })
            let sae = SparseAutoencoder(
                W_enc: Matrix(rows: m, cols: h) { _, _ in random.normal() },
                b_enc: (0..<h).map { _ in random.normal() * 0.1 },
                W_dec: Matrix(rows: h, cols: m) { _, _ in random.normal() * 0.8 },
                b_dec: (0..<m).map { _ in random.normal() * 0.1 })
            let hidden = Matrix(rows: B, cols: m) { _, _ in random.normal() }
            var label = "\(B) hidden state\(B == 1 ? "" : "s") of \(m) dims, SAE with \(h) "
                + "latents, read-out to \(n) features; feature 1, latent 2, control 0"
            if index == 2 {
                readout.b[1] = -10
                label += "; output 1 is 0 on every sample (its bias is −10): the baseline is 0"
            }
            let input = AblationCase(hidden: hidden, sae: sae, readout: readout, feature: 1,
                                     latent: 2, control: 0)
            return GradingCase(label: label, input: input,
                               printedInput: printed("hidden", hidden)
                                   + [printed("readout.b", readout.b)])
        }
}
