// Grading exercises 3.1–3.4 against SAEKit's SAE, with finite differences as an independent check
// of the backward pass. Exercise 3.5 is graded in Step3FiniteDifferences.swift.

import Foundation
import SAEKit

public enum Step3Grader {
    /// The SAE cases of 3.1–3.4 (random, then edges).
    static var cases: [GradingCase<SAECase>] { Step3Cases.all }

    static func matrixPart(_ name: String, meaning: String,
                           tolerance: Tolerance = .arithmetic) -> OutputPart<Matrix> {
        OutputPart(name: name) {
            compareMatrix(expected: $0, got: $1, tolerance: tolerance, meaning: meaning)
        }
    }

    // MARK: - 3.1 and 3.2

    /// Exercise 3.1's check: f = ReLU((a − b_dec)·W_enc + b_enc).
    static var encodeCheck: ExerciseCheck<SAECase, Matrix> {
        ExerciseCheck(exercise: .saeEncode, cases: cases, reference: { $0.sae.encode($0.a) },
                      parts: [matrixPart("f", meaning: "[samples, latents]")],
                      mistakes: MistakenSAEForward.encodeVariants(),
                      scale: Step3Cases.trainingScale(Step3Cases.trainingBatch))
    }

    /// Exercise 3.1: f = ReLU((a − b_dec)·W_enc + b_enc).
    public static func gradeEncode(_ encode: (_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix)
        -> GradeReport {
        encodeCheck.grade { encode($0.a, $0.sae) }
    }

    /// Exercise 3.2's check: â = f·W_dec + b_dec, on the codes SAEKit's encoder gives.
    static var decodeCheck: ExerciseCheck<SAECase, Matrix> {
        ExerciseCheck(exercise: .saeDecode, cases: cases,
                      reference: { $0.sae.decode($0.sae.encode($0.a)) },
                      parts: [matrixPart("â", meaning: "[samples, d]")],
                      mistakes: MistakenSAEForward.decodeVariants(),
                      scale: Step3Cases.trainingScale(Step3Cases.trainingBatch))
    }

    /// Exercise 3.2: â = f·W_dec + b_dec (graded on the codes SAEKit's encoder gives).
    public static func gradeDecode(_ decode: (_ f: Matrix, _ sae: SparseAutoencoder) -> Matrix)
        -> GradeReport {
        decodeCheck.grade { decode($0.sae.encode($0.a), $0.sae) }
    }

    // MARK: - 3.3

    /// Exercise 3.3's check: reconstruction, L1 and L0 averaged over the batch, and the total.
    static var lossTermsCheck: ExerciseCheck<SAELossCase, SAELossTerms> {
        func part(_ name: String, _ value: @escaping (SAELossTerms) -> Double)
            -> OutputPart<SAELossTerms> {
            OutputPart(name: name) {
                compareScalar(expected: value($0), got: value($1), tolerance: .arithmetic)
            }
        }
        return ExerciseCheck(
            exercise: .saeLossTerms, cases: Step3Cases.loss, reference: MistakenLossTerms.reference,
            parts: [part("reconstruction") { $0.reconstruction }, part("l1") { $0.l1 },
                    part("l0") { $0.l0 }, part("total") { $0.total }],
            mistakes: MistakenLossTerms.variants(),
            scale: Step3Cases.trainingScale(SAELossCase(Step3Cases.trainingBatch)))
    }

    /// Exercise 3.3: reconstruction, L1 and L0, each averaged over the batch, and the total.
    public static func gradeLossTerms(
        _ terms: (_ a: Matrix, _ reconstruction: Matrix, _ codes: Matrix,
                  _ l1Coefficient: Double) -> SAELossTerms
    ) -> GradeReport {
        lossTermsCheck.grade { terms($0.a, $0.reconstruction, $0.codes, $0.l1Coefficient) }
    }

    // MARK: - 3.4

    /// Exercise 3.4's check: the gradients of all four parameters.
    static var gradientsCheck: ExerciseCheck<SAECase, SAEGradients> {
        let tolerance = Tolerance(relative: 1e-7, absolute: 1e-10)
        func matrix(_ name: String, _ meaning: String, _ value: @escaping (SAEGradients) -> Matrix)
            -> OutputPart<SAEGradients> {
            OutputPart(name: name) {
                compareMatrix(expected: value($0), got: value($1), tolerance: tolerance,
                              meaning: meaning)
            }
        }
        func vector(_ name: String, _ meaning: String,
                    _ value: @escaping (SAEGradients) -> [Double]) -> OutputPart<SAEGradients> {
            OutputPart(name: name) {
                compareVector(expected: value($0), got: value($1), tolerance: tolerance,
                              meaning: meaning)
            }
        }
        return ExerciseCheck(
            exercise: .saeBackward, cases: cases,
            reference: { $0.sae.lossAndGradients($0.a, l1Coefficient: $0.l1Coefficient).gradients },
            parts: [matrix("∂L/∂W_enc", "[d, h] like W_enc") { $0.W_enc },
                    vector("∂L/∂b_enc", "[h]") { $0.b_enc },
                    matrix("∂L/∂W_dec", "[h, d] like W_dec") { $0.W_dec },
                    vector("∂L/∂b_dec", "[d]") { $0.b_dec }],
            mistakes: MistakenSAEGradients.allCases.map { variant in
                MistakeVariant(mistake: variant.mistake) {
                    MistakenSAEGradients.compute(variant, $0)
                }
            },
            notes: finiteDifferenceNote,
            scale: Step3Cases.trainingScale(Step3Cases.trainingBatch))
    }

    /// Exercise 3.4: the gradients of all four parameters.
    public static func gradeGradients(_ gradients: (_ a: Matrix, _ sae: SparseAutoencoder,
                                                    _ l1Coefficient: Double) -> SAEGradients)
        -> GradeReport {
        gradientsCheck.grade { gradients($0.a, $0.sae, $0.l1Coefficient) }
    }

    /// Central finite differences of the loss per parameter, against the learner's gradients: an
    /// independent check (not at the ReLU's kink, where they do not apply, nor at the step's size).
    static func finiteDifferenceNote(_ c: SAECase, _ got: SAEGradients) -> [String] {
        guard c.a.rows <= 16 else { return [] }
        guard got.W_enc.shape == c.sae.W_enc.shape, got.W_dec.shape == c.sae.W_dec.shape,
              got.b_enc.count == c.sae.b_enc.count, got.b_dec.count == c.sae.b_dec.count else {
            return ["independent check: your gradients' shapes differ from the parameters', "
                    + "so finite differences were not compared"]
        }
        if c.sae.forwardPass(c.a).preActivation.values.contains(where: { abs($0) < 1e-4 }) {
            return ["independent check not shown: a pre-activation of this case is at the ReLU's "
                    + "kink (z = 0), where finite differences do not apply"]
        }
        let rows = GradientCheck.run(c.sae, batch: c.a, l1Coefficient: c.l1Coefficient, step: 1e-6,
                                     analytic: got)
        return ["independent check, central finite differences of the loss (ε = 1e-6), "
                + "relative error per parameter:"]
            + rows.map { row in
                "  \(row.parameter): \(shortNumber(row.relativeError))"
                    + (row.relativeError < 1e-6 ? " (agrees)" : " (disagrees)")
            }
    }
}
