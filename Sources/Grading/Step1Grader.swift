// Grading exercises 1.1–1.4 against SAEKit's toy model, with the mistakes learners make most, on
// the cases of Step1Cases.swift and at the size `swift run step1 --mine` uses (Step1Scale.swift).

import SAEKit

/// The checks for step 1's exercises. Each takes the learner's function and returns a report.
public enum Step1Grader {
    // MARK: - 1.1 Forward

    /// Exercise 1.1: x' = ReLU(x·WᵀW + b).
    public static func gradeForward(
        _ forward: (_ x: Matrix, _ model: ToyModel) -> Matrix
    ) -> GradeReport {
        let output = OutputPart<Matrix>(name: "x'") { expected, got in
            compareMatrix(expected: expected, got: got, tolerance: .arithmetic,
                          meaning: "one row per sample, one column per feature")
        }
        func variant(_ mistake: KnownMistake,
                     _ compute: @escaping (ToyCase) -> Matrix) -> MistakeVariant<ToyCase, Matrix> {
            MistakeVariant(mistake: mistake, compute: compute)
        }
        // x: [B, n]  W: [m, n]  ->  x·Wᵀ·W: [B, n]
        func readBack(_ c: ToyCase) -> Matrix { c.x.matmulTransposed(c.model.W).matmul(c.model.W) }
        let check = ExerciseCheck<ToyCase, Matrix>(
            exercise: .toyModelForward,
            cases: Step1Cases.forward.map { c in          // the forward pass takes no importance
                var c = c
                c.printedInput.removeAll { $0.hasPrefix("importance") }
                return c
            },
            reference: { $0.model.forward($0.x) },
            parts: [output],
            mistakes: [
                variant(Mistakes.forwardWithoutReLU) { readBack($0).addingToEachRow($0.model.b) },
                variant(Mistakes.forwardWithoutBias) { readBack($0).relu },
                variant(Mistakes.forwardBiasAfterReLU) {
                    readBack($0).relu.addingToEachRow($0.model.b)
                },
                variant(Mistakes.forwardWWTransposed) { c in
                    // x·W: [B, n]·[m, n] fits only when m = n.
                    guard c.model.W.rows == c.model.W.cols else { return Matrix(rows: 0, cols: 1) }
                    return c.x.matmul(c.model.W).matmulTransposed(c.model.W)
                        .addingToEachRow(c.model.b).relu
                },
                variant(Mistakes.forwardReLUOnHidden) { c in
                    c.x.matmulTransposed(c.model.W).relu.matmul(c.model.W)
                        .addingToEachRow(c.model.b).relu
                },
            ],
            scale: Step1Scale.forward)
        return check.grade { forward($0.x, $0.model) }
    }

    // MARK: - 1.2 Loss

    /// Exercise 1.2: L = (1/B) Σ_b Σ_i I_i (x_bi − x'_bi)².
    public static func gradeLoss(
        _ loss: (_ x: Matrix, _ reconstruction: Matrix, _ importance: [Double]) -> Double
    ) -> GradeReport {
        // No absolute slack: a loss of 1e-16 must not pass as 0.
        let value = OutputPart<Double>(name: "L") {
            compareScalar(expected: $0, got: $1,
                          tolerance: Tolerance(relative: 1e-9, absolute: 1e-300))
        }
        /// Σ_b Σ_i w_i · term(x_bi, x'_bi), with w = I (or 1).
        func weighted(_ c: LossCase, importance: Bool = true,
                      _ term: (Double, Double) -> Double) -> Double {
            var total = 0.0
            for r in 0..<c.x.rows {
                for i in 0..<c.x.cols {
                    let weight = importance ? c.importance[i] : 1
                    total += weight * term(c.x[r, i], c.reconstruction[r, i])
                }
            }
            return total
        }
        let squared: (Double, Double) -> Double = { ($0 - $1) * ($0 - $1) }
        func variant(_ mistake: KnownMistake, _ compute: @escaping (LossCase) -> Double)
            -> MistakeVariant<LossCase, Double> {
            MistakeVariant(mistake: mistake, compute: compute)
        }
        let check = ExerciseCheck<LossCase, Double>(
            exercise: .importanceWeightedLoss, cases: Step1Cases.loss,
            reference: {
                ToyModel.loss($0.x, reconstruction: $0.reconstruction, importance: $0.importance)
            },
            parts: [value],
            mistakes: [
                variant(Mistakes.lossWithoutImportance) {
                    weighted($0, importance: false, squared) / Double($0.x.rows)
                },
                variant(Mistakes.lossMeanOverFeatures) {
                    weighted($0, squared) / Double($0.x.cols)
                },
                variant(Mistakes.lossMeanOverBoth) {
                    weighted($0, squared) / Double($0.x.rows * $0.x.cols)
                },
                variant(Mistakes.lossNoMean) { weighted($0, squared) },
                variant(Mistakes.lossNotSquared) {
                    weighted($0) { abs($0 - $1) } / Double($0.x.rows)
                },
                variant(Mistakes.lossImportanceInsideSquare) { c in
                    var total = 0.0
                    for r in 0..<c.x.rows {
                        for i in 0..<c.x.cols {
                            let error = c.importance[i] * (c.x[r, i] - c.reconstruction[r, i])
                            total += error * error
                        }
                    }
                    return total / Double(c.x.rows)
                },
                variant(Mistakes.lossWeightedAverage) {
                    weighted($0, squared) / (Double($0.x.rows) * $0.importance.reduce(0, +))
                },
                variant(Mistakes.lossHalved) { weighted($0, squared) / Double(2 * $0.x.rows) },
            ],
            scale: Step1Scale.loss)
        return check.grade { loss($0.x, $0.reconstruction, $0.importance) }
    }

    // MARK: - 1.3 Gradients

    /// Exercise 1.3: ∂L/∂W (both uses of W) and ∂L/∂b.
    public static func gradeGradients(
        _ gradients: (_ x: Matrix, _ model: ToyModel, _ importance: [Double]) -> ToyModelGradients
    ) -> GradeReport {
        let gradientTolerance = Tolerance(relative: 1e-7, absolute: 1e-10)
        let parts = [
            OutputPart<ToyModelGradients>(name: "∂L/∂W") {
                compareMatrix(expected: $0.W, got: $1.W, tolerance: gradientTolerance,
                              meaning: "same shape as W: [hidden, features]")
            },
            OutputPart<ToyModelGradients>(name: "∂L/∂b") {
                compareVector(expected: $0.b, got: $1.b, tolerance: gradientTolerance,
                              meaning: "one entry per feature")
            },
        ]
        let check = ExerciseCheck<ToyCase, ToyModelGradients>(
            exercise: .toyModelGradients, cases: Step1Cases.gradients,
            reference: { $0.model.gradients($0.x, importance: $0.importance) },
            parts: parts,
            mistakes: MistakenGradients.all.map { variant in
                MistakeVariant(mistake: variant.mistake) { MistakenGradients.compute(variant, $0) }
            },
            notes: { toyCase, got in finiteDifferenceNote(toyCase, got) },
            scale: Step1Scale.gradients)
        return check.grade { gradients($0.x, $0.model, $0.importance) }
    }

    /// Compares the learner's gradient with central finite differences of the loss: an
    /// independent check.
    static func finiteDifferenceNote(_ c: ToyCase, _ got: ToyModelGradients) -> [String] {
        let numeric = numericGradients(c)
        var lines = ["independent check, central finite differences of the loss (ε = 1e-6):"]
        let pairs = [("∂L/∂W", got.W.values, numeric.W.values), ("∂L/∂b", got.b, numeric.b)]
        for (name, analytic, fd) in pairs {
            guard analytic.count == fd.count else {
                lines.append("  \(name): your shape differs, not compared")
                continue
            }
            let error = zip(analytic, fd).map { abs($0 - $1) }.max() ?? 0
            lines.append("  \(name): max |yours − finite difference| = \(shortNumber(error))"
                         + (error < 1e-6 ? " (agrees)" : " (disagrees)"))
        }
        return lines
    }

    /// ∂L/∂W and ∂L/∂b by central differences of SAEKit's loss.
    static func numericGradients(_ c: ToyCase) -> ToyModelGradients {
        let (m, n) = (c.model.W.rows, c.model.W.cols)
        let loss = { (model: ToyModel) in
            ToyModel.loss(c.x, reconstruction: model.forward(c.x), importance: c.importance)
        }
        let dW = centralDifferences(at: c.model.W.values) { values in
            loss(ToyModel(W: Matrix(rows: m, cols: n, values: values), b: c.model.b))
        }
        let db = centralDifferences(at: c.model.b) { loss(ToyModel(W: c.model.W, b: $0)) }
        return ToyModelGradients(W: Matrix(rows: m, cols: n, values: dW), b: db)
    }

    // MARK: - 1.4 Metrics

    /// Exercise 1.4: feature norms, interference, feature dimensionality, dimensions per feature.
    public static func gradeMetrics(
        _ metrics: (_ W: Matrix) -> SuperpositionMetrics
    ) -> GradeReport {
        func perFeature(_ name: String,
                        _ value: @escaping (SuperpositionMetrics) -> [Double])
            -> OutputPart<SuperpositionMetrics> {
            OutputPart(name: name) {
                compareVector(expected: value($0), got: value($1), tolerance: .arithmetic,
                              meaning: "one entry per feature (column of W)")
            }
        }
        let parts = [
            perFeature("featureNorms") { $0.featureNorms },
            perFeature("interference") { $0.interference },
            perFeature("featureDimensionality") { $0.featureDimensionality },
            OutputPart<SuperpositionMetrics>(name: "dimensionsPerFeature") {
                compareScalar(expected: $0.dimensionsPerFeature, got: $1.dimensionsPerFeature,
                              tolerance: .arithmetic)
            },
        ]
        let check = ExerciseCheck<Matrix, SuperpositionMetrics>(
            exercise: .superpositionMetrics, cases: Step1Cases.embeddings,
            reference: { SuperpositionMetrics(W: $0) },
            parts: parts,
            mistakes: MistakenMetrics.all.map { variant in
                MistakeVariant(mistake: variant.mistake) { MistakenMetrics.compute(variant, $0) }
            },
            scale: Step1Scale.metrics)
        return check.grade(metrics)
    }
}
