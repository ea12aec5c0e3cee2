// Grading exercises 3.1–3.5 against SAEKit's SAE, with finite differences as an independent check
// of the backward pass.

import Foundation
import SAEKit

public enum Step3Grader {
    /// An SAE input: a batch, an SAE with random (non-zero) biases, and λ.
    struct SAECase: Sendable {
        var a: Matrix
        var sae: SparseAutoencoder
        var l1Coefficient: Double
    }

    /// Batch, input and latent sizes all different; every pre-activation at least 1e-3 from the ReLU's kink;
    /// some latents off in every case (so the ReLU mask matters).
    static let cases: [GradingCase<SAECase>] = [(4, 3, 5), (3, 5, 7), (1, 4, 6), (6, 2, 3)].enumerated().map { index, size in
        var seed = UInt64(301 + index)
        while true {
            var random = SeededGenerator(seed: seed, stream: "grading")
            let (B, d, h) = size
            let a = Matrix(rows: B, cols: d) { _, _ in random.normal() }
            let sae = SparseAutoencoder(W_enc: Matrix(rows: d, cols: h) { _, _ in random.normal() * 0.7 },
                                        b_enc: (0..<h).map { _ in random.normal() * 0.3 },
                                        W_dec: Matrix(rows: h, cols: d) { _, _ in random.normal() * 0.7 },
                                        b_dec: (0..<d).map { _ in random.normal() * 0.3 })
            let z = sae.forwardPass(a).preActivation.values
            if z.allSatisfy({ abs($0) > 1e-3 }) && z.contains(where: { $0 < 0 }) && z.contains(where: { $0 > 0 }) {
                let input = SAECase(a: a, sae: sae, l1Coefficient: 0.3)
                return GradingCase(label: "B = \(B) samples, d = \(d), h = \(h) latents, λ = 0.3 (seed \(seed))", input: input,
                                   printedInput: printed("a", a) + printed("W_enc", sae.W_enc) + [printed("b_enc", sae.b_enc)]
                                       + printed("W_dec", sae.W_dec) + [printed("b_dec", sae.b_dec)])
            }
            seed += 1000
        }
    }

    static func matrixPart(_ name: String, meaning: String, tolerance: Tolerance = .arithmetic) -> OutputPart<Matrix> {
        OutputPart(name: name) { compareMatrix(expected: $0, got: $1, tolerance: tolerance, meaning: meaning) }
    }

    // MARK: - 3.1 and 3.2

    /// Exercise 3.1: f = ReLU((a − b_dec)·W_enc + b_enc).
    public static func gradeEncode(_ encode: (_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix) -> GradeReport {
        let pre = { (c: SAECase, shift: Double) in c.a.addingToEachRow(c.sae.b_dec.map { shift * $0 }).matmul(c.sae.W_enc) }
        let check = ExerciseCheck<SAECase, Matrix>(
            exercise: .saeEncode, cases: cases, reference: { $0.sae.encode($0.a) },
            parts: [matrixPart("f", meaning: "[samples, latents]")],
            mistakes: [
                MistakeVariant(mistake: Mistakes.encodeWithoutCentring) { pre($0, 0).addingToEachRow($0.sae.b_enc).relu },
                MistakeVariant(mistake: Mistakes.encodeAddsDecoderBias) { pre($0, 1).addingToEachRow($0.sae.b_enc).relu },
                MistakeVariant(mistake: Mistakes.encodeWithoutReLU) { pre($0, -1).addingToEachRow($0.sae.b_enc) },
                MistakeVariant(mistake: Mistakes.encodeWithoutBias) { pre($0, -1).relu },
            ])
        return check.grade { encode($0.a, $0.sae) }
    }

    /// Exercise 3.2: â = f·W_dec + b_dec (graded on the codes SAEKit's encoder gives).
    public static func gradeDecode(_ decode: (_ f: Matrix, _ sae: SparseAutoencoder) -> Matrix) -> GradeReport {
        let codes = { (c: SAECase) in c.sae.encode(c.a) }
        let check = ExerciseCheck<SAECase, Matrix>(
            exercise: .saeDecode, cases: cases, reference: { $0.sae.decode(codes($0)) },
            parts: [matrixPart("â", meaning: "[samples, d]")],
            mistakes: [
                MistakeVariant(mistake: Mistakes.decodeWithoutBias) { codes($0).matmul($0.sae.W_dec) },
                MistakeVariant(mistake: Mistakes.decodeWithReLU) { $0.sae.decode(codes($0)).relu },
            ])
        return check.grade { decode(codes($0), $0.sae) }
    }

    // MARK: - 3.3

    /// Exercise 3.3: reconstruction, L1 and L0, each averaged over the batch, and the total.
    public static func gradeLossTerms(_ terms: (_ a: Matrix, _ reconstruction: Matrix, _ codes: Matrix, _ l1Coefficient: Double) -> SAELossTerms)
        -> GradeReport {
        func inputs(_ c: SAECase) -> (Matrix, Matrix, Matrix) {
            let pass = c.sae.forwardPass(c.a)
            return (c.a, pass.reconstruction, pass.codes)
        }
        func reference(_ c: SAECase) -> SAELossTerms {
            let (a, reconstruction, codes) = inputs(c)
            return SAELossTerms(a, reconstruction: reconstruction, codes: codes, l1Coefficient: c.l1Coefficient)
        }
        func variant(_ mistake: KnownMistake, _ change: @escaping (inout SAELossTerms, SAECase) -> Void) -> MistakeVariant<SAECase, SAELossTerms> {
            MistakeVariant(mistake: mistake) { c in
                var terms = reference(c)
                change(&terms, c)
                return terms
            }
        }
        func part(_ name: String, _ value: @escaping (SAELossTerms) -> Double) -> OutputPart<SAELossTerms> {
            OutputPart(name: name) { compareScalar(expected: value($0), got: value($1), tolerance: .arithmetic) }
        }
        let check = ExerciseCheck<SAECase, SAELossTerms>(
            exercise: .saeLossTerms, cases: cases, reference: reference,
            parts: [part("reconstruction") { $0.reconstruction }, part("l1") { $0.l1 }, part("l0") { $0.l0 }, part("total") { $0.total }],
            mistakes: [
                variant(Mistakes.reconstructionMeanOverDims) { terms, c in
                    terms.reconstruction /= Double(c.a.cols)
                    terms.total = terms.reconstruction + c.l1Coefficient * terms.l1
                },
                variant(Mistakes.l0CountsZeros) { terms, c in terms.l0 = Double(c.sae.latentCount) },
                variant(Mistakes.l0AsFraction) { terms, c in terms.l0 /= Double(c.sae.latentCount) },
                variant(Mistakes.l1WithoutBatchMean) { terms, c in
                    terms.l1 *= Double(c.a.rows)
                    terms.total = terms.reconstruction + c.l1Coefficient * terms.l1
                },
                variant(Mistakes.totalWithoutCoefficient) { terms, _ in terms.total = terms.reconstruction + terms.l1 },
            ])
        return check.grade { c in
            let (a, reconstruction, codes) = inputs(c)
            return terms(a, reconstruction, codes, c.l1Coefficient)
        }
    }

    // MARK: - 3.4

    /// Exercise 3.4: the gradients of all four parameters.
    public static func gradeGradients(_ gradients: (_ a: Matrix, _ sae: SparseAutoencoder, _ l1Coefficient: Double) -> SAEGradients)
        -> GradeReport {
        let tolerance = Tolerance(relative: 1e-7, absolute: 1e-10)
        let parts = [
            OutputPart<SAEGradients>(name: "∂L/∂W_enc") { compareMatrix(expected: $0.W_enc, got: $1.W_enc, tolerance: tolerance, meaning: "[d, h] like W_enc") },
            OutputPart<SAEGradients>(name: "∂L/∂b_enc") { compareVector(expected: $0.b_enc, got: $1.b_enc, tolerance: tolerance, meaning: "[h]") },
            OutputPart<SAEGradients>(name: "∂L/∂W_dec") { compareMatrix(expected: $0.W_dec, got: $1.W_dec, tolerance: tolerance, meaning: "[h, d] like W_dec") },
            OutputPart<SAEGradients>(name: "∂L/∂b_dec") { compareVector(expected: $0.b_dec, got: $1.b_dec, tolerance: tolerance, meaning: "[d]") },
        ]
        let check = ExerciseCheck<SAECase, SAEGradients>(
            exercise: .saeBackward, cases: cases,
            reference: { $0.sae.lossAndGradients($0.a, l1Coefficient: $0.l1Coefficient).gradients },
            parts: parts,
            mistakes: MistakenSAEGradients.allCases.map { variant in
                MistakeVariant(mistake: variant.mistake) { MistakenSAEGradients.compute(variant, $0.a, $0.sae, $0.l1Coefficient) }
            },
            notes: { c, got in finiteDifferenceNote(c, got) })
        return check.grade { gradients($0.a, $0.sae, $0.l1Coefficient) }
    }

    static func finiteDifferenceNote(_ c: SAECase, _ got: SAEGradients) -> [String] {
        guard got.W_enc.shape == c.sae.W_enc.shape, got.W_dec.shape == c.sae.W_dec.shape,
              got.b_enc.count == c.sae.b_enc.count, got.b_dec.count == c.sae.b_dec.count else {
            return ["independent check: your gradients' shapes differ from the parameters', so finite differences were not compared"]
        }
        let rows = GradientCheck.run(c.sae, batch: c.a, l1Coefficient: c.l1Coefficient, step: 1e-6, analytic: got)
        return ["independent check, central finite differences of the loss (ε = 1e-6), relative error per parameter:"]
            + rows.map { "  \($0.parameter): \(shortNumber($0.relativeError))" + ($0.relativeError < 1e-6 ? " (agrees)" : " (disagrees)") }
    }

    // MARK: - 3.5

    /// A function to differentiate numerically, and where.
    struct DifferenceCase: Sendable {
        var point: [Double]
        var step: Double
        var function: @Sendable ([Double]) -> Double
    }

    static let differenceCases: [GradingCase<DifferenceCase>] = {
        let cubic: @Sendable ([Double]) -> Double = { θ in θ.reduce(0) { $0 + $1 * $1 * $1 } + θ[0] * θ[1] }
        let wave: @Sendable ([Double]) -> Double = { θ in sin(θ[0]) * exp(θ[1]) + θ[2] * θ[2] }
        let saeCase = cases[0].input
        let saeLoss: @Sendable ([Double]) -> Double = { values in
            var sae = saeCase.sae
            sae.W_dec.values = values
            let pass = sae.forwardPass(saeCase.a)
            return SAELossTerms(saeCase.a, reconstruction: pass.reconstruction, codes: pass.codes, l1Coefficient: saeCase.l1Coefficient).total
        }
        return [
            GradingCase(label: "f(θ) = Σθ_i³ + θ₀θ₁ at (0.5, −1.2, 2), ε = 1e-4",
                        input: DifferenceCase(point: [0.5, -1.2, 2], step: 1e-4, function: cubic), printedInput: []),
            GradingCase(label: "f(θ) = sin(θ₀)·exp(θ₁) + θ₂² at (0.3, 0.7, −1.1), ε = 1e-3",
                        input: DifferenceCase(point: [0.3, 0.7, -1.1], step: 1e-3, function: wave), printedInput: []),
            GradingCase(label: "the SAE loss of case 1 as a function of W_dec, ε = 1e-5",
                        input: DifferenceCase(point: saeCase.sae.W_dec.values, step: 1e-5, function: saeLoss), printedInput: []),
        ]
    }()

    /// Exercise 3.5: central differences, compared with SAEKit's at the same ε.
    public static func gradeFiniteDifferences(_ gradient: (_ point: [Double], _ step: Double, _ function: ([Double]) -> Double) -> [Double])
        -> GradeReport {
        let check = ExerciseCheck<DifferenceCase, [Double]>(
            exercise: .finiteDifferences, cases: differenceCases,
            reference: { centralDifferences(at: $0.point, step: $0.step, of: $0.function) },
            parts: [OutputPart(name: "gradient") { compareVector(expected: $0, got: $1, tolerance: Tolerance(relative: 1e-8, absolute: 1e-10),
                                                                 meaning: "one entry per coordinate") }],
            mistakes: [
                MistakeVariant(mistake: Mistakes.forwardDifferences) { c in
                    let base = c.function(c.point)
                    return c.point.indices.map { i in var p = c.point; p[i] += c.step; return (c.function(p) - base) / c.step }
                },
                MistakeVariant(mistake: Mistakes.centralWithoutHalf) { c in centralDifferences(at: c.point, step: c.step, of: c.function).map { 2 * $0 } },
                MistakeVariant(mistake: Mistakes.perturbationNotRestored) { c in
                    var probe = c.point
                    return c.point.indices.map { i in
                        probe[i] += c.step
                        let above = c.function(probe)
                        probe[i] -= 2 * c.step
                        return (above - c.function(probe)) / (2 * c.step)
                    }
                },
            ])
        return check.grade { gradient($0.point, $0.step, $0.function) }
    }
}

// MARK: - Reproducing the backward-pass mistakes

enum MistakenSAEGradients: CaseIterable {
    case bDecMissingEncoderTerm, bDecMissingDecoderTerm, reluMaskMissing, l1NotMasked, missingTwo, l1NotBatchAveraged

    var mistake: KnownMistake {
        switch self {
        case .bDecMissingEncoderTerm: Mistakes.bDecMissingEncoderTerm
        case .bDecMissingDecoderTerm: Mistakes.bDecMissingDecoderTerm
        case .reluMaskMissing: Mistakes.reluMaskMissing
        case .l1NotMasked: Mistakes.l1GradientNotMasked
        case .missingTwo: Mistakes.reconstructionGradientMissingTwo
        case .l1NotBatchAveraged: Mistakes.l1GradientNotBatchAveraged
        }
    }

    // a: [B, d]
    static func compute(_ variant: MistakenSAEGradients, _ a: Matrix, _ sae: SparseAutoencoder, _ λ: Double) -> SAEGradients {
        let pass = sae.forwardPass(a)
        let batch = Double(a.rows)
        let dReconstruction = ((variant == .missingTwo ? 1 : 2) / batch) * (pass.reconstruction - a)
        let l1 = variant == .l1NotBatchAveraged ? λ : λ / batch
        let fromReconstruction = dReconstruction.matmulTransposed(sae.W_dec)
        let dPre: Matrix = switch variant {
        case .reluMaskMissing: fromReconstruction.map { $0 + l1 }
        case .l1NotMasked: fromReconstruction.zipped(with: pass.preActivation) { g, z in z > 0 ? g : 0 }.map { $0 + l1 }
        default: fromReconstruction.map { $0 + l1 }.zipped(with: pass.preActivation) { g, z in z > 0 ? g : 0 }
        }
        let decoderTerm = dReconstruction.columnSums, encoderTerm = dPre.matmulTransposed(sae.W_enc).columnSums
        let b_dec: [Double] = switch variant {
        case .bDecMissingEncoderTerm: decoderTerm
        case .bDecMissingDecoderTerm: encoderTerm.map { -$0 }
        default: zip(decoderTerm, encoderTerm).map { $0 - $1 }
        }
        return SAEGradients(W_enc: pass.centred.transposedMatmul(dPre), b_enc: dPre.columnSums,
                            W_dec: pass.codes.transposedMatmul(dReconstruction), b_dec: b_dec)
    }
}
