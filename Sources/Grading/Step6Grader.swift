// Grading exercises 6.1–6.3 (TopK, its backward pass, AuxK) against SAEKit, with finite differences
// as an independent check of the gradients.

import Foundation
import SAEKit

public enum Step6Grader {
    // MARK: - 6.1 TopK

    struct TopKCase: Sendable {
        var z: Matrix
        var k: Int
    }

    /// Hand-made rows for the rules (a tie at the k-th place, fewer than k positive entries, all
    /// negative, k ≥ h), then random ones.
    static let topKCases: [GradingCase<TopKCase>] = {
        let handMade = Matrix([[1, 3, 1, 1, -1], [-1, 0.5, -2, -3, -0.5], [-1, -2, -0.1, -3, -4], [0.2, 0.9, 0.4, 2, 0.9]])
        var random = SeededGenerator(seed: 611, stream: "grading")
        let randomZ = Matrix(rows: 4, cols: 7) { _, _ in (random.normal() * 10).rounded() / 10 }
        return [(handMade, 2, "ties at the 2nd place, a row with 1 positive entry, a negative row"), (handMade, 1, "the same rows, k = 1"),
                (handMade, 6, "k = 6 ≥ h = 5: every positive entry stays"), (randomZ, 3, "random z rounded to 0.1 (ties likely), k = 3")]
            .map { z, k, label in GradingCase(label: label, input: TopKCase(z: z, k: k), printedInput: printed("z", z) + ["k = \(k)"]) }
    }()

    /// Exercise 6.1: each row's k largest positive entries, ties to the lower index.
    public static func gradeTopK(_ topK: (_ z: Matrix, _ k: Int) -> Matrix) -> GradeReport {
        func ranked(_ c: TopKCase, positiveOnly: Bool, lowerFirst: Bool, keepTies: Bool) -> Matrix {
            var codes = Matrix(rows: c.z.rows, cols: c.z.cols)
            for b in 0..<c.z.rows {
                let row = c.z.row(b)
                let order = row.indices.filter { !positiveOnly || row[$0] > 0 }
                    .sorted { row[$0] != row[$1] ? row[$0] > row[$1] : (lowerFirst ? $0 < $1 : $0 > $1) }
                var kept = Array(order.prefix(c.k))
                if keepTies, let last = kept.last { kept = order.filter { row[$0] >= row[last] } }
                for j in kept { codes[b, j] = row[j] }
            }
            return codes
        }
        let check = ExerciseCheck<TopKCase, Matrix>(
            exercise: .topKActivation, cases: topKCases, reference: { $0.z.topK($0.k) },
            parts: [OutputPart(name: "codes") { compareMatrix(expected: $0, got: $1, tolerance: .arithmetic, meaning: "[samples, latents] like z") }],
            mistakes: [
                MistakeVariant(mistake: Mistakes.topKBeforeReLU) { ranked($0, positiveOnly: false, lowerFirst: true, keepTies: false) },
                MistakeVariant(mistake: Mistakes.topKTiesKeepExtra) { ranked($0, positiveOnly: true, lowerFirst: true, keepTies: true) },
                MistakeVariant(mistake: Mistakes.topKTieRuleReversed) { ranked($0, positiveOnly: true, lowerFirst: false, keepTies: false) },
            ])
        return check.grade { topK($0.z, $0.k) }
    }

    // MARK: - 6.2 and 6.3: a TopK SAE

    struct TopKSAECase: Sendable {
        var a: Matrix
        var sae: SparseAutoencoder
        var dead: [Bool]
        var kAux: Int
    }

    /// Random TopK SAEs where finite differences are safe (no pre-activation near 0, the k-th and
    /// (k+1)-th positive entries of every row apart, for TopK and for AuxK) and where it matters
    /// which latents were kept (some positive pre-activation is left out).
    static let saeCases: [GradingCase<TopKSAECase>] = [(5, 3, 7, 2, 2), (4, 4, 6, 1, 2), (6, 2, 8, 3, 1)].enumerated().map { index, size in
        let (B, d, h, k, kAux) = size
        var seed = UInt64(621 + index)
        while true {
            var random = SeededGenerator(seed: seed, stream: "grading")
            let sae = SparseAutoencoder(W_enc: Matrix(rows: d, cols: h) { _, _ in random.normal() * 0.7 }, b_enc: (0..<h).map { _ in random.normal() * 0.3 },
                                        W_dec: Matrix(rows: h, cols: d) { _, _ in random.normal() * 0.7 }, b_dec: (0..<d).map { _ in random.normal() * 0.3 },
                                        activation: .topK(k))
            let a = Matrix(rows: B, cols: d) { _, _ in random.normal() }
            let dead = (0..<h).map { $0 % 3 != 0 }
            let z = sae.forwardPass(a).preActivation
            let deadZ = z.mapColumns { j, value in dead[j] ? value : -1 }
            if separated(z, k: k) && separated(deadZ, k: kAux) && (z.relu - z.topK(k)).maxAbs > 0 && deadZ.topK(kAux).maxAbs > 0 {
                return GradingCase(label: "B = \(B), d = \(d), h = \(h), k = \(k); dead latents \(dead.indices.filter { dead[$0] }), k_aux = \(kAux) (seed \(seed))",
                                   input: TopKSAECase(a: a, sae: sae, dead: dead, kAux: kAux),
                                   printedInput: printed("a", a) + printed("W_enc", sae.W_enc) + [printed("b_enc", sae.b_enc)]
                                       + printed("W_dec", sae.W_dec) + [printed("b_dec", sae.b_dec), "k = \(k), k_aux = \(kAux), dead = \(dead)"])
            }
            seed += 1000
        }
    }

    /// Every entry at least 1e-3 from 0, and the k-th and (k+1)-th positive entries of each row 1e-3 apart.
    static func separated(_ z: Matrix, k: Int) -> Bool {
        (0..<z.rows).allSatisfy { r in
            let positive = z.row(r).filter { $0 > 0 }.sorted(by: >)
            return z.row(r).allSatisfy { abs($0) > 1e-3 } && (positive.count <= k || positive[k - 1] - positive[k] > 1e-3)
        }
    }

    static func gradientParts<Output>(_ gradients: @escaping (Output) -> SAEGradients) -> [OutputPart<Output>] {
        let tolerance = Tolerance(relative: 1e-7, absolute: 1e-10)
        return [
            OutputPart(name: "∂W_enc") { compareMatrix(expected: gradients($0).W_enc, got: gradients($1).W_enc, tolerance: tolerance, meaning: "[d, h] like W_enc") },
            OutputPart(name: "∂b_enc") { compareVector(expected: gradients($0).b_enc, got: gradients($1).b_enc, tolerance: tolerance, meaning: "[h]") },
            OutputPart(name: "∂W_dec") { compareMatrix(expected: gradients($0).W_dec, got: gradients($1).W_dec, tolerance: tolerance, meaning: "[h, d] like W_dec") },
            OutputPart(name: "∂b_dec") { compareVector(expected: gradients($0).b_dec, got: gradients($1).b_dec, tolerance: tolerance, meaning: "[d]") },
        ]
    }

    /// Finite differences of `loss` against the learner's gradients, as lines for a failing case.
    static func finiteDifferenceNote(_ sae: SparseAutoencoder, _ got: SAEGradients, loss: @escaping (SparseAutoencoder) -> Double) -> [String] {
        guard got.W_enc.shape == sae.W_enc.shape, got.W_dec.shape == sae.W_dec.shape, got.b_enc.count == sae.b_enc.count, got.b_dec.count == sae.b_dec.count else {
            return ["independent check: your gradients' shapes differ from the parameters', so finite differences were not compared"]
        }
        let rows = GradientCheck.run(sae, analytic: got, step: 1e-6, loss: loss)
        return ["independent check, central finite differences of the loss (ε = 1e-6), relative error per parameter:"]
            + rows.map { "  \($0.parameter): \(shortNumber($0.relativeError))" + ($0.relativeError < 1e-6 ? " (agrees)" : " (disagrees)") }
    }

    /// Exercise 6.2: the TopK SAE's gradients.
    public static func gradeGradients(_ gradients: (_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients) -> GradeReport {
        let check = ExerciseCheck<TopKSAECase, SAEGradients>(
            exercise: .topKBackward, cases: saeCases, reference: { $0.sae.trainingStep($0.a, l1Coefficient: 0).gradients },
            parts: gradientParts { $0 },
            mistakes: MistakenTopKGradients.allCases.map { variant in MistakeVariant(mistake: variant.mistake) { variant.compute($0.a, $0.sae) } },
            notes: { c, got in
                finiteDifferenceNote(c.sae, got) { candidate in (candidate.forwardPass(c.a).reconstruction - c.a).squaredFrobeniusNorm / Double(c.a.rows) }
            })
        return check.grade { gradients($0.a, $0.sae) }
    }

    /// Exercise 6.3: the AuxK loss and its gradients, with the residual held fixed.
    public static func gradeAuxK(_ auxK: (_ a: Matrix, _ sae: SparseAutoencoder, _ dead: [Bool], _ kAux: Int) -> AuxKStep) -> GradeReport {
        var parts = [OutputPart<AuxKStep>(name: "loss") { compareScalar(expected: $0.loss, got: $1.loss, tolerance: .arithmetic) }]
        parts += gradientParts { $0.gradients }
        let check = ExerciseCheck<TopKSAECase, AuxKStep>(
            exercise: .auxKLoss, cases: saeCases, reference: { $0.sae.auxKStep($0.a, dead: $0.dead, kAux: $0.kAux) },
            parts: parts,
            mistakes: MistakenAuxK.allCases.map { variant in MistakeVariant(mistake: variant.mistake) { variant.compute($0) } },
            notes: { c, got in
                let residual = c.a - c.sae.forwardPass(c.a).reconstruction
                return finiteDifferenceNote(c.sae, got.gradients) { candidate in
                    let codes = candidate.forwardPass(c.a).preActivation.mapColumns { j, z in c.dead[j] ? z : 0 }.topK(c.kAux)
                    return (codes.matmul(candidate.W_dec) - residual).squaredFrobeniusNorm / Double(c.a.rows)
                }
            })
        return check.grade { auxK($0.a, $0.sae, $0.dead, $0.kAux) }
    }
}

// MARK: - Reproducing the mistakes

enum MistakenTopKGradients: CaseIterable {
    case unselectedLatents, bDecMissingEncoderTerm, missingTwo

    var mistake: KnownMistake {
        switch self {
        case .unselectedLatents: Mistakes.topKGradientToUnselected
        case .bDecMissingEncoderTerm: Mistakes.bDecMissingEncoderTerm
        case .missingTwo: Mistakes.reconstructionGradientMissingTwo
        }
    }

    // a: [B, d]
    func compute(_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients {
        var pass = sae.forwardPass(a)
        let dReconstruction = ((self == .missingTwo ? 1 : 2) / Double(a.rows)) * (pass.reconstruction - a)
        var gradients: SAEGradients
        if self == .unselectedLatents {
            let kept = pass.codes
            pass.codes = pass.preActivation.relu                       // the mask of every positive pre-activation …
            gradients = sae.backward(pass, dReconstruction: dReconstruction, l1Coefficient: 0)
            gradients.W_dec = kept.transposedMatmul(dReconstruction)    // … while the decoder saw only the kept codes
        } else {
            gradients = sae.backward(pass, dReconstruction: dReconstruction, l1Coefficient: 0)
        }
        if self == .bDecMissingEncoderTerm { gradients.b_dec = dReconstruction.columnSums }
        return gradients
    }
}

enum MistakenAuxK: CaseIterable {
    case againstInput, pushesMain, allLatents, withBias

    var mistake: KnownMistake {
        switch self {
        case .againstInput: Mistakes.auxKAgainstInput
        case .pushesMain: Mistakes.auxKPushesMainReconstruction
        case .allLatents: Mistakes.auxKAllLatents
        case .withBias: Mistakes.auxKWithBias
        }
    }

    func compute(_ c: Step6Grader.TopKSAECase) -> AuxKStep {
        let main = c.sae.forwardPass(c.a)
        let target = self == .againstInput ? c.a : c.a - main.reconstruction
        var auxPass = main
        auxPass.codes = main.preActivation.mapColumns { j, z in self == .allLatents || c.dead[j] ? z : 0 }.topK(c.kAux)
        let bias = self == .withBias ? c.sae.b_dec : Array(repeating: 0, count: c.sae.inputDims)
        let miss = auxPass.codes.matmul(c.sae.W_dec).addingToEachRow(bias) - target
        let dAux = (2 / Double(c.a.rows)) * miss
        var gradients = c.sae.backward(auxPass, dReconstruction: dAux, l1Coefficient: 0)
        gradients.b_dec = self == .withBias ? dAux.columnSums : Array(repeating: 0, count: c.sae.inputDims)
        if self == .pushesMain {                                        // the residual not held fixed: ∂/∂â of ‖ê − (a − â)‖² is dAux too
            gradients = gradients.adding(c.sae.backward(main, dReconstruction: dAux, l1Coefficient: 0), scaledBy: 1)
        }
        return AuxKStep(loss: miss.squaredFrobeniusNorm / Double(c.a.rows), gradients: gradients)
    }
}
