// Grading exercises 1.1–1.4 against SAEKit's toy model, with the mistakes learners make most.

import SAEKit

/// The checks for step 1's exercises. Each takes the learner's function and returns a report.
public enum Step1Grader {
    // MARK: - 1.1 Forward

    /// Exercise 1.1: x' = ReLU(x·WᵀW + b).
    public static func gradeForward(_ forward: (_ x: Matrix, _ model: ToyModel) -> Matrix) -> GradeReport {
        let output = OutputPart<Matrix>(name: "x'") { expected, got in
            compareMatrix(expected: expected, got: got, tolerance: .arithmetic, meaning: "one row per sample, one column per feature")
        }
        func variant(_ mistake: KnownMistake, _ compute: @escaping (ToyCase) -> Matrix) -> MistakeVariant<ToyCase, Matrix> {
            MistakeVariant(mistake: mistake, compute: compute)
        }
        let check = ExerciseCheck<ToyCase, Matrix>(
            exercise: .toyModelForward, cases: Step1Cases.toy,
            reference: { $0.model.forward($0.x) },
            parts: [output],
            mistakes: [
                variant(Mistakes.forwardWithoutReLU) { $0.x.matmulTransposed($0.model.W).matmul($0.model.W).addingToEachRow($0.model.b) },
                variant(Mistakes.forwardWithoutBias) { $0.x.matmulTransposed($0.model.W).matmul($0.model.W).relu },
                variant(Mistakes.forwardBiasAfterReLU) { $0.x.matmulTransposed($0.model.W).matmul($0.model.W).relu.addingToEachRow($0.model.b) },
            ])
        return check.grade { forward($0.x, $0.model) }
    }

    // MARK: - 1.2 Loss

    /// Exercise 1.2: L = (1/B) Σ_b Σ_i I_i (x_bi − x'_bi)².
    public static func gradeLoss(_ loss: (_ x: Matrix, _ reconstruction: Matrix, _ importance: [Double]) -> Double) -> GradeReport {
        let value = OutputPart<Double>(name: "L") { compareScalar(expected: $0, got: $1, tolerance: .arithmetic) }
        func weighted(_ c: ToyCase, _ term: (Double, Double) -> Double, importance: Bool = true) -> Double {
            let reconstruction = c.model.forward(c.x)
            var total = 0.0
            for r in 0..<c.x.rows { for i in 0..<c.x.cols {
                total += (importance ? c.importance[i] : 1) * term(c.x[r, i], reconstruction[r, i])
            } }
            return total
        }
        let squared: (Double, Double) -> Double = { ($0 - $1) * ($0 - $1) }
        let check = ExerciseCheck<ToyCase, Double>(
            exercise: .importanceWeightedLoss, cases: Step1Cases.toy,
            reference: { ToyModel.loss($0.x, reconstruction: $0.model.forward($0.x), importance: $0.importance) },
            parts: [value],
            mistakes: [
                MistakeVariant(mistake: Mistakes.lossWithoutImportance) { weighted($0, squared, importance: false) / Double($0.x.rows) },
                MistakeVariant(mistake: Mistakes.lossMeanOverFeatures) { weighted($0, squared) / Double($0.x.cols) },
                MistakeVariant(mistake: Mistakes.lossMeanOverBoth) { weighted($0, squared) / Double($0.x.rows * $0.x.cols) },
                MistakeVariant(mistake: Mistakes.lossNoMean) { weighted($0, squared) },
                MistakeVariant(mistake: Mistakes.lossNotSquared) { weighted($0, { abs($0 - $1) }) / Double($0.x.rows) },
            ])
        return check.grade { loss($0.x, $0.model.forward($0.x), $0.importance) }
    }

    // MARK: - 1.3 Gradients

    /// Exercise 1.3: ∂L/∂W (both uses of W) and ∂L/∂b.
    public static func gradeGradients(_ gradients: (_ x: Matrix, _ model: ToyModel, _ importance: [Double]) -> ToyModelGradients) -> GradeReport {
        let gradientTolerance = Tolerance(relative: 1e-7, absolute: 1e-10)
        let parts = [
            OutputPart<ToyModelGradients>(name: "∂L/∂W") {
                compareMatrix(expected: $0.W, got: $1.W, tolerance: gradientTolerance, meaning: "same shape as W: [hidden, features]")
            },
            OutputPart<ToyModelGradients>(name: "∂L/∂b") {
                compareVector(expected: $0.b, got: $1.b, tolerance: gradientTolerance, meaning: "one entry per feature")
            },
        ]
        let check = ExerciseCheck<ToyCase, ToyModelGradients>(
            exercise: .toyModelGradients, cases: Step1Cases.toy,
            reference: { $0.model.gradients($0.x, importance: $0.importance) },
            parts: parts,
            mistakes: MistakenGradients.all.map { variant in
                MistakeVariant(mistake: variant.mistake) { MistakenGradients.compute(variant, $0) }
            },
            notes: { toyCase, got in finiteDifferenceNote(toyCase, got) })
        return check.grade { gradients($0.x, $0.model, $0.importance) }
    }

    /// Compares the learner's gradient with central finite differences of the loss: an independent check.
    static func finiteDifferenceNote(_ c: ToyCase, _ got: ToyModelGradients) -> [String] {
        let numeric = numericGradients(c)
        var lines = ["independent check, central finite differences of the loss (ε = 1e-6):"]
        for (name, analytic, fd) in [("∂L/∂W", got.W.values, numeric.W.values), ("∂L/∂b", got.b, numeric.b)] {
            guard analytic.count == fd.count else { lines.append("  \(name): your shape differs, not compared"); continue }
            let error = zip(analytic, fd).map { abs($0 - $1) }.max() ?? 0
            lines.append("  \(name): max |yours − finite difference| = \(shortNumber(error))" + (error < 1e-6 ? " (agrees)" : " (disagrees)"))
        }
        return lines
    }

    /// ∂L/∂W and ∂L/∂b by central differences of SAEKit's loss.
    static func numericGradients(_ c: ToyCase) -> ToyModelGradients {
        let loss = { (model: ToyModel) in ToyModel.loss(c.x, reconstruction: model.forward(c.x), importance: c.importance) }
        let dW = centralDifferences(at: c.model.W.values) { values in
            loss(ToyModel(W: Matrix(rows: c.model.W.rows, cols: c.model.W.cols, values: values), b: c.model.b))
        }
        let db = centralDifferences(at: c.model.b) { loss(ToyModel(W: c.model.W, b: $0)) }
        return ToyModelGradients(W: Matrix(rows: c.model.W.rows, cols: c.model.W.cols, values: dW), b: db)
    }

    // MARK: - 1.4 Metrics

    /// Exercise 1.4: feature norms, interference, feature dimensionality, dimensions per feature.
    public static func gradeMetrics(_ metrics: (_ W: Matrix) -> SuperpositionMetrics) -> GradeReport {
        let perFeature = "one entry per feature (column of W)"
        let parts = [
            OutputPart<SuperpositionMetrics>(name: "featureNorms") {
                compareVector(expected: $0.featureNorms, got: $1.featureNorms, tolerance: .arithmetic, meaning: perFeature)
            },
            OutputPart<SuperpositionMetrics>(name: "interference") {
                compareVector(expected: $0.interference, got: $1.interference, tolerance: .arithmetic, meaning: perFeature)
            },
            OutputPart<SuperpositionMetrics>(name: "featureDimensionality") {
                compareVector(expected: $0.featureDimensionality, got: $1.featureDimensionality, tolerance: .arithmetic, meaning: perFeature)
            },
            OutputPart<SuperpositionMetrics>(name: "dimensionsPerFeature") {
                compareScalar(expected: $0.dimensionsPerFeature, got: $1.dimensionsPerFeature, tolerance: .arithmetic)
            },
        ]
        let check = ExerciseCheck<Matrix, SuperpositionMetrics>(
            exercise: .superpositionMetrics, cases: Step1Cases.embeddings,
            reference: { SuperpositionMetrics(W: $0) },
            parts: parts,
            mistakes: MistakenMetrics.all.map { variant in
                MistakeVariant(mistake: variant.mistake) { MistakenMetrics.compute(variant, $0) }
            })
        return check.grade(metrics)
    }
}
