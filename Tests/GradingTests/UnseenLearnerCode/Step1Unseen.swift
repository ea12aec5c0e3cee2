// Learner code the project has never seen, for exercises 1.1–1.3 (1.4 is in
// Step1UnseenMetrics.swift): each variant is written the way a
// learner would write the exercise body after reading Chapters/01-superposition.md, some right
// (in different ways), some wrong (in the ways that chapter invites).

import SAEKit

enum Step1Unseen {
    // MARK: - 1.1 forward

    /// correct: whole-matrix operations, h = x·Wᵀ then h·W + b, ReLU.
    // x: [B, n]  W: [m, n]  b: [n]  ->  [B, n]
    static func forwardMatrices(_ x: Matrix, _ model: ToyModel) -> Matrix {
        x.matmulTransposed(model.W).matmul(model.W).addingToEachRow(model.b).relu
    }

    /// correct: three nested loops, hidden vector per sample, then the read-out.
    // x: [B, n]  W: [m, n]  b: [n]  ->  [B, n]
    static func forwardLoops(_ x: Matrix, _ model: ToyModel) -> Matrix {
        let (m, n) = (model.W.rows, model.W.cols)
        var out = Matrix(rows: x.rows, cols: n)
        for r in 0..<x.rows {
            var h = [Double](repeating: 0, count: m)
            for k in 0..<m { for j in 0..<n { h[k] += model.W[k, j] * x[r, j] } }
            for i in 0..<n {
                var z = model.b[i]
                for k in 0..<m { z += h[k] * model.W[k, i] }
                out[r, i] = z > 0 ? z : 0
            }
        }
        return out
    }

    /// correct: the Gram matrix WᵀW first ([n, n]), then x·(WᵀW).
    // x: [B, n]  W: [m, n]  b: [n]  ->  [B, n]
    static func forwardGram(_ x: Matrix, _ model: ToyModel) -> Matrix {
        let gram = model.W.transposedMatmul(model.W)
        return x.matmul(gram).addingToEachRow(model.b).map { max(0, $0) }
    }

    /// wrong: forgets the ReLU.
    static func forwardNoReLU(_ x: Matrix, _ model: ToyModel) -> Matrix {
        x.matmulTransposed(model.W).matmul(model.W).addingToEachRow(model.b)
    }

    /// wrong: adds the bias after the ReLU.
    static func forwardBiasAfterReLU(_ x: Matrix, _ model: ToyModel) -> Matrix {
        x.matmulTransposed(model.W).matmul(model.W).relu.addingToEachRow(model.b)
    }

    /// wrong: a ReLU on the hidden layer too (the hidden layer is linear).
    static func forwardReLUOnHidden(_ x: Matrix, _ model: ToyModel) -> Matrix {
        x.matmulTransposed(model.W).relu.matmul(model.W).addingToEachRow(model.b).relu
    }

    /// wrong: subtracts the bias.
    static func forwardBiasSubtracted(_ x: Matrix, _ model: ToyModel) -> Matrix {
        x.matmulTransposed(model.W).matmul(model.W).addingToEachRow(model.b.map { -$0 }).relu
    }

    /// wrong: the hidden loop stops one dimension early (0..<m-1).
    static func forwardOffByOneHidden(_ x: Matrix, _ model: ToyModel) -> Matrix {
        let (m, n) = (model.W.rows, model.W.cols)
        var out = Matrix(rows: x.rows, cols: n)
        for r in 0..<x.rows {
            for i in 0..<n {
                var z = model.b[i]
                for k in 0..<max(0, m - 1) {
                    var h = 0.0
                    for j in 0..<n { h += model.W[k, j] * x[r, j] }
                    z += h * model.W[k, i]
                }
                out[r, i] = max(0, z)
            }
        }
        return out
    }

    // MARK: - 1.2 loss

    /// correct: two loops, then divide by B.
    static func lossLoops(_ x: Matrix, _ reconstruction: Matrix, _ importance: [Double]) -> Double {
        var total = 0.0
        for r in 0..<x.rows {
            for i in 0..<x.cols {
                let e = x[r, i] - reconstruction[r, i]
                total += importance[i] * e * e
            }
        }
        return total / Double(x.rows)
    }

    /// correct: whole-matrix: squared error, columns scaled by I, summed, over B.
    static func lossMatrices(
        _ x: Matrix, _ reconstruction: Matrix, _ importance: [Double]
    ) -> Double {
        (x - reconstruction).map { $0 * $0 }.scalingColumns(by: importance).sum / Double(x.rows)
    }

    /// correct: per-feature column sums of squared error, then the importance-weighted sum.
    static func lossColumnSums(_ x: Matrix, _ reconstruction: Matrix,
                               _ importance: [Double]) -> Double {
        let perFeature = (reconstruction - x).hadamard(reconstruction - x).columnSums
        return zip(importance, perFeature).map { $0 * $1 }.reduce(0, +) / Double(x.rows)
    }

    /// wrong: divides by B·n (the paper's mean over features too).
    static func lossMeanOverEverything(_ x: Matrix, _ reconstruction: Matrix,
                                       _ importance: [Double]) -> Double {
        lossLoops(x, reconstruction, importance) / Double(x.cols)
    }

    /// wrong: forgets the importance weights.
    static func lossUnweighted(_ x: Matrix, _ reconstruction: Matrix,
                               _ importance: [Double]) -> Double {
        (x - reconstruction).squaredFrobeniusNorm / Double(x.rows)
    }

    /// wrong: integer division, `1 / B` is 0 for B > 1.
    static func lossIntegerDivision(_ x: Matrix, _ reconstruction: Matrix,
                                    _ importance: [Double]) -> Double {
        var total = 0.0
        for r in 0..<x.rows {
            for i in 0..<x.cols { total += importance[i] * pow2(x[r, i] - reconstruction[r, i]) }
        }
        return Double(1 / x.rows) * total
    }

    /// wrong: sums over the batch instead of averaging.
    static func lossSummedOverBatch(_ x: Matrix, _ reconstruction: Matrix,
                                    _ importance: [Double]) -> Double {
        lossLoops(x, reconstruction, importance) * Double(x.rows)
    }

    /// wrong: weights the error before squaring, so the importance ends up squared.
    static func lossImportanceSquared(_ x: Matrix, _ reconstruction: Matrix,
                                      _ importance: [Double]) -> Double {
        (x - reconstruction).scalingColumns(by: importance).squaredFrobeniusNorm / Double(x.rows)
    }

    /// wrong: absolute error instead of squared.
    static func lossAbsolute(
        _ x: Matrix, _ reconstruction: Matrix, _ importance: [Double]
    ) -> Double {
        (x - reconstruction).map(abs).scalingColumns(by: importance).sum / Double(x.rows)
    }

    /// wrong: the "sample" mean, divided by B − 1 (infinite for a batch of one).
    static func lossOverBMinusOne(_ x: Matrix, _ reconstruction: Matrix,
                                  _ importance: [Double]) -> Double {
        lossLoops(x, reconstruction, importance) * Double(x.rows) / Double(x.rows - 1)
    }

    // MARK: - 1.3 gradients

    /// The forward intermediates a learner keeps: h [B, m], z [B, n], ∂L/∂z [B, n].
    private static func backwardStart(_ x: Matrix, _ model: ToyModel, _ importance: [Double],
                                      factor: Double = 2, mask: Bool = true, sign: Double = 1)
        -> (h: Matrix, dz: Matrix) {
        let h = x.matmulTransposed(model.W)
        let z = h.matmul(model.W).addingToEachRow(model.b)
        let r = sign * (z.relu - x)
        let dOut = (factor / Double(x.rows)) * r.scalingColumns(by: importance)
        let dz = mask ? dOut.zipped(with: z) { g, zz in zz > 0 ? g : 0 } : dOut
        return (h, dz)
    }

    /// correct: the chapter's table with matrix operations.
    static func gradientsMatrices(_ x: Matrix, _ model: ToyModel,
                                  _ importance: [Double]) -> ToyModelGradients {
        let (h, dz) = backwardStart(x, model, importance)
        let decoding = h.transposedMatmul(dz)                       // [m, n]
        let dh = dz.matmulTransposed(model.W)                       // [B, m]
        let encoding = dh.transposedMatmul(x)                       // [m, n]
        return ToyModelGradients(W: decoding + encoding, b: dz.columnSums)
    }

    /// correct: both paths folded into one product, ∂L/∂W = W·(xᵀ·dz + dzᵀ·x).
    static func gradientsSymmetric(_ x: Matrix, _ model: ToyModel,
                                   _ importance: [Double]) -> ToyModelGradients {
        let (_, dz) = backwardStart(x, model, importance)
        let inner = x.transposedMatmul(dz) + dz.transposedMatmul(x)         // [n, n]
        return ToyModelGradients(W: model.W.matmul(inner), b: dz.columnSums)
    }

    /// correct: sample by sample with loops, accumulating into ∂W and ∂b.
    static func gradientsLoops(_ x: Matrix, _ model: ToyModel,
                               _ importance: [Double]) -> ToyModelGradients {
        let (m, n, B) = (model.W.rows, model.W.cols, x.rows)
        var dW = Matrix(rows: m, cols: n), db = [Double](repeating: 0, count: n)
        for r in 0..<B {
            var h = [Double](repeating: 0, count: m)
            for k in 0..<m { for j in 0..<n { h[k] += model.W[k, j] * x[r, j] } }
            var dz = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var z = model.b[i]
                for k in 0..<m { z += h[k] * model.W[k, i] }
                if z > 0 { dz[i] = 2 * importance[i] * (z - x[r, i]) / Double(B) }
                db[i] += dz[i]
            }
            for k in 0..<m {
                var dh = 0.0
                for i in 0..<n { dh += dz[i] * model.W[k, i] }
                for i in 0..<n { dW[k, i] += h[k] * dz[i] + dh * x[r, i] }
            }
        }
        return ToyModelGradients(W: dW, b: db)
    }

    /// wrong: only the decoding path hᵀ·∂L/∂z.
    static func gradientsDecoderOnly(_ x: Matrix, _ model: ToyModel,
                                     _ importance: [Double]) -> ToyModelGradients {
        let (h, dz) = backwardStart(x, model, importance)
        return ToyModelGradients(W: h.transposedMatmul(dz), b: dz.columnSums)
    }

    /// wrong: only the encoding path (∂L/∂h)ᵀ·x.
    static func gradientsEncoderOnly(_ x: Matrix, _ model: ToyModel,
                                     _ importance: [Double]) -> ToyModelGradients {
        let (_, dz) = backwardStart(x, model, importance)
        return ToyModelGradients(
            W: dz.matmulTransposed(model.W).transposedMatmul(x), b: dz.columnSums)
    }

    /// wrong: forgets the 2 of the square's derivative.
    static func gradientsNoTwo(_ x: Matrix, _ model: ToyModel,
                               _ importance: [Double]) -> ToyModelGradients {
        let (h, dz) = backwardStart(x, model, importance, factor: 1)
        return ToyModelGradients(
            W: h.transposedMatmul(dz) + dz.matmulTransposed(model.W).transposedMatmul(x),
            b: dz.columnSums)
    }

    /// wrong: no ReLU mask on ∂L/∂z.
    static func gradientsNoMask(_ x: Matrix, _ model: ToyModel,
                                _ importance: [Double]) -> ToyModelGradients {
        let (h, dz) = backwardStart(x, model, importance, mask: false)
        return ToyModelGradients(
            W: h.transposedMatmul(dz) + dz.matmulTransposed(model.W).transposedMatmul(x),
            b: dz.columnSums)
    }

    /// wrong: r = x − x' (the sign of the error flipped).
    static func gradientsSignFlipped(_ x: Matrix, _ model: ToyModel,
                                     _ importance: [Double]) -> ToyModelGradients {
        let (h, dz) = backwardStart(x, model, importance, sign: -1)
        return ToyModelGradients(
            W: h.transposedMatmul(dz) + dz.matmulTransposed(model.W).transposedMatmul(x),
            b: dz.columnSums)
    }

    /// wrong: ∂L/∂b averaged over the batch (divides by B a second time).
    static func gradientsBiasAveraged(_ x: Matrix, _ model: ToyModel,
                                      _ importance: [Double]) -> ToyModelGradients {
        var g = gradientsMatrices(x, model, importance)
        g.b = g.b.map { $0 / Double(x.rows) }
        return g
    }

    /// wrong: the mask taken from h·W before the bias is added.
    static func gradientsMaskBeforeBias(_ x: Matrix, _ model: ToyModel,
                                        _ importance: [Double]) -> ToyModelGradients {
        let h = x.matmulTransposed(model.W)
        let hw = h.matmul(model.W)
        let out = hw.addingToEachRow(model.b).relu
        let dOut = (2 / Double(x.rows)) * (out - x).scalingColumns(by: importance)
        let dz = dOut.zipped(with: hw) { g, v in v > 0 ? g : 0 }
        return ToyModelGradients(
            W: h.transposedMatmul(dz) + dz.matmulTransposed(model.W).transposedMatmul(x),
            b: dz.columnSums)
    }

    /// wrong: the importance left out of the gradient (it is in the loss).
    static func gradientsNoImportance(_ x: Matrix, _ model: ToyModel,
                                      _ importance: [Double]) -> ToyModelGradients {
        gradientsMatrices(x, model, Array(repeating: 1, count: importance.count))
    }
}

/// x², as a learner would write a helper.
func pow2(_ x: Double) -> Double { x * x }
