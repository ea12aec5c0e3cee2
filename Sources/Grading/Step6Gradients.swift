// Grading exercises 6.2 (TopK backward) and 6.3 (AuxK) against SAEKit, with finite differences as
// an independent check of the gradients. Both use the learner's 6.1: given it, a wrong answer that
// is right for the codes that 6.1 returns is named as 6.1's.

import Foundation
import SAEKit

extension Step6Grader {
    struct TopKSAECase: Sendable {
        var a: Matrix
        var sae: SparseAutoencoder
        var dead: [Bool]
        var kAux: Int
    }

    /// How one case is drawn: its sizes, which latents are dead, and what it must show.
    struct SAECaseSpec: Sendable {
        var B, d, h, k, kAux: Int
        var dead: @Sendable (Int) -> Bool = { $0 % 3 != 0 }
        /// Added to every encoder bias (negative: pre-activations mostly below 0).
        var encoderShift = 0.0
        /// Some positive pre-activation is left out by TopK (it matters which latents were kept).
        var someLeftOut = true
        /// Some sample has no positive pre-activation at all.
        var silentSample = false
        /// Some dead latent is kept by AuxK.
        var auxKeepsOne = true
        var note = ""
    }

    static let saeCaseSpecs: [SAECaseSpec] = [
        SAECaseSpec(B: 5, d: 3, h: 7, k: 2, kAux: 2),
        SAECaseSpec(B: 4, d: 4, h: 6, k: 1, kAux: 2),
        SAECaseSpec(B: 6, d: 2, h: 8, k: 3, kAux: 1),
        SAECaseSpec(B: 1, d: 3, h: 4, k: 4, kAux: 2, someLeftOut: false,
                    note: "one sample; k = h, so TopK keeps every positive pre-activation"),
        SAECaseSpec(B: 5, d: 3, h: 6, k: 2, kAux: 2, encoderShift: -1, someLeftOut: false,
                    silentSample: true,
                    note: "a sample with no positive pre-activation keeps no latent"),
        SAECaseSpec(B: 4, d: 3, h: 6, k: 2, kAux: 2, dead: { _ in false }, auxKeepsOne: false,
                    note: "no dead latent: AuxK's loss is ‖e‖²/B and its gradients are 0"),
        SAECaseSpec(B: 4, d: 3, h: 5, k: 1, kAux: 3, dead: { _ in true },
                    note: "every latent dead"),
    ]

    /// Random TopK SAEs where finite differences are safe (no pre-activation near 0, the k-th and
    /// (k+1)-th positive entries of every row apart, for TopK and for AuxK), each showing what its
    /// spec asks for.
    static let saeCases: [GradingCase<TopKSAECase>] = saeCaseSpecs.enumerated().map { index, spec in
        var seed = UInt64(621 + index)
        while true {
            var random = SeededGenerator(seed: seed, stream: "grading")
            let sae = SparseAutoencoder(
                W_enc: Matrix(rows: spec.d, cols: spec.h) { _, _ in random.normal() * 0.7 },
                b_enc: (0..<spec.h).map { _ in random.normal() * 0.3 + spec.encoderShift },
                W_dec: Matrix(rows: spec.h, cols: spec.d) { _, _ in random.normal() * 0.7 },
                b_dec: (0..<spec.d).map { _ in random.normal() * 0.3 }, activation: .topK(spec.k))
            let a = Matrix(rows: spec.B, cols: spec.d) { _, _ in random.normal() }
            let dead = (0..<spec.h).map(spec.dead)
            let z = sae.forwardPass(a).preActivation
            let deadZ = z.mapColumns { j, value in dead[j] ? value : -1 }
            let silent = (0..<z.rows).contains { r in z.row(r).allSatisfy { $0 < 0 } }
            if separated(z, k: spec.k) && separated(deadZ, k: spec.kAux)
                && (!spec.someLeftOut || (z.relu - z.topK(spec.k)).maxAbs > 0)
                && (!spec.silentSample || silent)
                && (!spec.auxKeepsOne || deadZ.topK(spec.kAux).maxAbs > 0) {
                let deadList = dead.indices.filter { dead[$0] }
                let label = "B = \(spec.B), d = \(spec.d), h = \(spec.h), k = \(spec.k); dead "
                    + "latents \(deadList), k_aux = \(spec.kAux) (seed \(seed))"
                    + (spec.note.isEmpty ? "" : ": " + spec.note)
                let printedInput = printed("a", a) + printed("W_enc", sae.W_enc)
                    + [printed("b_enc", sae.b_enc)] + printed("W_dec", sae.W_dec)
                    + [printed("b_dec", sae.b_dec),
                       "k = \(spec.k), k_aux = \(spec.kAux), dead = \(dead)"]
                return GradingCase(label: label,
                                   input: TopKSAECase(a: a, sae: sae, dead: dead, kAux: spec.kAux),
                                   printedInput: printedInput)
            }
            seed += 1000
        }
    }

    /// Every entry at least 1e-3 from 0, and the k-th and (k+1)-th positive entries of each row
    /// 1e-3 apart.
    static func separated(_ z: Matrix, k: Int) -> Bool {
        (0..<z.rows).allSatisfy { r in
            let positive = z.row(r).filter { $0 > 0 }.sorted(by: >)
            return z.row(r).allSatisfy { abs($0) > 1e-3 }
                && (positive.count <= k || positive[k - 1] - positive[k] > 1e-3)
        }
    }

    static func gradientParts<Output>(_ gradients: @escaping (Output) -> SAEGradients)
        -> [OutputPart<Output>] {
        let tolerance = Tolerance(relative: 1e-7, absolute: 1e-10)
        func matrix(_ name: String, _ meaning: String, _ part: @escaping (SAEGradients) -> Matrix)
            -> OutputPart<Output> {
            OutputPart(name: name) {
                compareMatrix(expected: part(gradients($0)), got: part(gradients($1)),
                              tolerance: tolerance, meaning: meaning)
            }
        }
        func vector(_ name: String, _ meaning: String, _ part: @escaping (SAEGradients) -> [Double])
            -> OutputPart<Output> {
            OutputPart(name: name) {
                compareVector(expected: part(gradients($0)), got: part(gradients($1)),
                              tolerance: tolerance, meaning: meaning)
            }
        }
        return [matrix("∂W_enc", "[d, h] like W_enc", \.W_enc), vector("∂b_enc", "[h]", \.b_enc),
                matrix("∂W_dec", "[h, d] like W_dec", \.W_dec), vector("∂b_dec", "[d]", \.b_dec)]
    }

    /// Finite differences of `loss` against the learner's gradients, as lines for a failing case.
    static func finiteDifferenceNote(_ sae: SparseAutoencoder, _ got: SAEGradients, of what: String,
                                     loss: @escaping (SparseAutoencoder) -> Double) -> [String] {
        guard got.W_enc.shape == sae.W_enc.shape, got.W_dec.shape == sae.W_dec.shape,
              got.b_enc.count == sae.b_enc.count, got.b_dec.count == sae.b_dec.count else {
            return ["independent check: your gradients' shapes differ from the parameters', so "
                    + "finite differences were not compared"]
        }
        let rows = GradientCheck.run(sae, analytic: got, step: 1e-6, loss: loss)
        return ["independent check, central finite differences (ε = 1e-6) of \(what), relative "
                + "error per parameter:"]
            + rows.map {
                "  \($0.parameter): \(shortNumber($0.relativeError))"
                    + ($0.relativeError < 1e-6 ? " (agrees)" : " (disagrees)")
            }
    }

    // MARK: - 6.2

    /// Exercise 6.2: the TopK SAE's gradients.
    /// - Parameter topK: the learner's 6.1, which their 6.2 uses (nil: not known).
    public static func gradeGradients(
        topK: ((_ z: Matrix, _ k: Int) -> Matrix)? = nil,
        _ gradients: (_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients) -> GradeReport {
        var mistakes = MistakenTopKGradients.allCases.map { variant in
            MistakeVariant<TopKSAECase, SAEGradients>(mistake: variant.mistake) {
                variant.compute($0.a, $0.sae)
            }
        }
        if let topK {
            mistakes.insert(MistakeVariant(mistake: Mistakes.usesWrongTopK) { c in
                var pass = c.sae.forwardPass(c.a)
                let codes = topK(pass.preActivation, c.sae.k ?? c.sae.latentCount)
                guard codes.shape == pass.codes.shape else {                  // explains nothing
                    return c.sae.trainingStep(c.a, l1Coefficient: 0).gradients
                }
                pass.codes = codes
                pass.reconstruction = pass.codes.matmul(c.sae.W_dec).addingToEachRow(c.sae.b_dec)
                let dReconstruction = (2 / Double(c.a.rows)) * (pass.reconstruction - c.a)
                return c.sae.backward(pass, dReconstruction: dReconstruction, l1Coefficient: 0)
            }, at: 0)
        }
        let check = ExerciseCheck<TopKSAECase, SAEGradients>(
            exercise: .topKBackward, cases: saeCases,
            reference: { $0.sae.trainingStep($0.a, l1Coefficient: 0).gradients },
            parts: gradientParts { $0 }, mistakes: mistakes,
            notes: { c, got in
                finiteDifferenceNote(c.sae, got, of: "the loss") { candidate in
                    let error = candidate.forwardPass(c.a).reconstruction - c.a
                    return error.squaredFrobeniusNorm / Double(c.a.rows)
                }
            },
            scale: Step6Scale.gradients)
        return check.grade { gradients($0.a, $0.sae) }
    }

    // MARK: - 6.3

    /// Exercise 6.3: the AuxK loss and its gradients, with the residual held fixed.
    /// - Parameter topK: the learner's 6.1, which their 6.3 uses (nil: not known).
    public static func gradeAuxK(
        topK: ((_ z: Matrix, _ k: Int) -> Matrix)? = nil,
        _ auxK: (_ a: Matrix, _ sae: SparseAutoencoder, _ dead: [Bool], _ kAux: Int) -> AuxKStep)
        -> GradeReport {
        var parts = [OutputPart<AuxKStep>(name: "loss") {
            compareScalar(expected: $0.loss, got: $1.loss, tolerance: .arithmetic)
        }]
        parts += gradientParts { $0.gradients }
        var mistakes = MistakenAuxK.allCases.map { variant in
            MistakeVariant<TopKSAECase, AuxKStep>(mistake: variant.mistake) { variant.compute($0) }
        }
        if let topK {
            mistakes.insert(MistakeVariant(mistake: Mistakes.usesWrongTopK) { c in
                MistakenAuxK.auxK(c, topK: topK)
            }, at: 0)
        }
        let check = ExerciseCheck<TopKSAECase, AuxKStep>(
            exercise: .auxKLoss, cases: saeCases,
            reference: { $0.sae.auxKStep($0.a, dead: $0.dead, kAux: $0.kAux) },
            parts: parts, mistakes: mistakes,
            notes: { c, got in
                // The chapter's AuxK holds e = a − â fixed, and b_dec with it (in the pre-centring
                // too): its b_dec gradient is 0, and so is this finite difference's.
                let residual = c.a - c.sae.forwardPass(c.a).reconstruction
                let centred = c.a.addingToEachRow(c.sae.b_dec.map { -$0 })
                let what = "the AuxK loss with e and b_dec held fixed"
                return finiteDifferenceNote(c.sae, got.gradients, of: what) { candidate in
                    let z = centred.matmul(candidate.W_enc).addingToEachRow(candidate.b_enc)
                    let codes = z.mapColumns { j, value in c.dead[j] ? value : 0 }.topK(c.kAux)
                    let miss = codes.matmul(candidate.W_dec) - residual
                    return miss.squaredFrobeniusNorm / Double(c.a.rows)
                }
            },
            scale: Step6Scale.auxK)
        return check.grade { auxK($0.a, $0.sae, $0.dead, $0.kAux) }
    }
}
