// Learner code the project has never seen, for exercises 6.1 and 6.2 (Chapters/06-topk.md).

import SAEKit

enum Step6Unseen {
    // MARK: - 6.1 TopK

    /// correct: per row, the positive entries sorted by value (ties: lower index first), first k
    /// kept.
    // z: [B, h]  ->  [B, h]
    static func topKSorted(_ z: Matrix, _ k: Int) -> Matrix {
        var out = Matrix(rows: z.rows, cols: z.cols)
        for b in 0..<z.rows {
            let row = z.row(b)
            let ranked = row.indices.filter { row[$0] > 0 }
                .sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }
            for j in ranked.prefix(max(0, k)) { out[b, j] = row[j] }
        }
        return out
    }

    /// correct: k rounds of "take the largest positive entry not taken yet" (a strict > scan keeps
    /// the first of equal values).
    static func topKRepeatedArgmax(_ z: Matrix, _ k: Int) -> Matrix {
        var out = Matrix(rows: z.rows, cols: z.cols)
        for b in 0..<z.rows {
            var taken = [Bool](repeating: false, count: z.cols)
            for _ in 0..<min(max(k, 0), z.cols) {
                var best = -1
                for j in 0..<z.cols
                where !taken[j] && z[b, j] > 0 && (best < 0 || z[b, j] > z[b, best]) {
                    best = j
                }
                if best < 0 { break }
                taken[best] = true
                out[b, best] = z[b, best]
            }
        }
        return out
    }

    /// correct: the k-th largest positive value as a threshold; above it kept, at it the earliest
    /// ones until k are kept.
    static func topKThreshold(_ z: Matrix, _ k: Int) -> Matrix {
        var out = Matrix(rows: z.rows, cols: z.cols)
        guard k > 0 else { return out }
        for b in 0..<z.rows {
            let row = z.row(b)
            let positive = row.filter { $0 > 0 }.sorted(by: >)
            let threshold = positive.count <= k ? 0 : positive[k - 1]
            var left = k - row.filter { $0 > threshold }.count
            for j in row.indices where row[j] > 0 {
                if row[j] > threshold {
                    out[b, j] = row[j]
                } else if row[j] == threshold && left > 0 {
                    out[b, j] = row[j]
                    left -= 1
                }
            }
        }
        return out
    }

    /// wrong: keeps every entry ≥ the k-th largest (ties can keep more than k).
    static func topKAtLeastKth(_ z: Matrix, _ k: Int) -> Matrix {
        var out = Matrix(rows: z.rows, cols: z.cols)
        guard k > 0 else { return out }
        for b in 0..<z.rows {
            let row = z.row(b)
            let positive = row.filter { $0 > 0 }.sorted(by: >)
            let threshold = positive.count < k ? 0 : positive[k - 1]
            for j in row.indices where row[j] > 0 && row[j] >= threshold { out[b, j] = row[j] }
        }
        return out
    }

    /// wrong: no ReLU: a row with fewer than k positive entries keeps negative ones.
    static func topKNoReLU(_ z: Matrix, _ k: Int) -> Matrix {
        var out = Matrix(rows: z.rows, cols: z.cols)
        for b in 0..<z.rows {
            let row = z.row(b)
            let ranked = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }
            for j in ranked.prefix(max(0, k)) {
                out[b, j] = row[j]
            }
        }
        return out
    }

    /// wrong: ties ranked by the higher index first.
    static func topKHigherIndexFirst(_ z: Matrix, _ k: Int) -> Matrix {
        var out = Matrix(rows: z.rows, cols: z.cols)
        for b in 0..<z.rows {
            let row = z.row(b)
            let ranked = row.indices.filter { row[$0] > 0 }
                .sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 > $1 }
            for j in ranked.prefix(max(0, k)) { out[b, j] = row[j] }
        }
        return out
    }

    /// wrong: ranks by absolute value, then applies the ReLU.
    static func topKByMagnitude(_ z: Matrix, _ k: Int) -> Matrix {
        var out = Matrix(rows: z.rows, cols: z.cols)
        for b in 0..<z.rows {
            let row = z.row(b)
            let ranked = row.indices.sorted {
                abs(row[$0]) != abs(row[$1]) ? abs(row[$0]) > abs(row[$1]) : $0 < $1
            }
            for j in ranked.prefix(max(0, k)) { out[b, j] = max(0, row[j]) }
        }
        return out
    }

    /// wrong: keeps k − 1 (an off-by-one in the prefix).
    static func topKOneTooFew(_ z: Matrix, _ k: Int) -> Matrix { topKSorted(z, k - 1) }

    /// wrong: keeps only values strictly above the k-th largest, dropping the tied ones entirely.
    static func topKDropsTies(_ z: Matrix, _ k: Int) -> Matrix {
        var out = topKAtLeastKth(z, k)
        for b in 0..<z.rows {
            let kept = out.row(b).filter { $0 > 0 }
            guard kept.count > k, let smallest = kept.min() else { continue }
            for j in 0..<z.cols where out[b, j] == smallest { out[b, j] = 0 }
        }
        return out
    }

    /// wrong: the top k of the whole batch (k·B entries shared), BatchTopK instead of TopK.
    static func topKWholeBatch(_ z: Matrix, _ k: Int) -> Matrix { z.batchTopK(k * z.rows) }

    /// wrong (edge): a shortcut for k ≥ h that returns the pre-activations as they are (no ReLU).
    static func topKShortcutNoReLU(_ z: Matrix,
                                   _ k: Int) -> Matrix { k >= z.cols ? z : topKSorted(z, k) }

    /// wrong (edge): reads k = 0 as "no limit" and keeps every positive entry.
    static func topKZeroMeansAll(_ z: Matrix, _ k: Int) -> Matrix {
        k <= 0 ? z.relu : topKSorted(z, k)
    }

    // MARK: - 6.2 TopK backward

    /// A learner's forward and backward for a TopK SAE, with `topK` their 6.1.
    // a: [B, d]  ->  gradients
    static func topKBackward(_ a: Matrix, _ sae: SparseAutoencoder, topK: (Matrix, Int) -> Matrix,
                             kOffset: Int = 0, reluMask: Bool = false, factor: Double = 2,
                             decoderTermOnly: Bool = false) -> SAEGradients {
        let k = (sae.k ?? sae.latentCount) + kOffset
        let B = Double(a.rows)
        let x = a.addingToEachRow(sae.b_dec.map { -$0 })
        let z = x.matmul(sae.W_enc).addingToEachRow(sae.b_enc)
        let f = topK(z, k)
        let dRec = (factor / B) * (f.matmul(sae.W_dec).addingToEachRow(sae.b_dec) - a)
        let maskFrom = reluMask ? z : f
        let dz = dRec.matmulTransposed(sae.W_dec).zipped(with: maskFrom) { g, v in v > 0 ? g : 0 }
        let dx = dz.matmulTransposed(sae.W_enc)
        let db_dec =
            decoderTermOnly ? dRec.columnSums : zip(dRec.columnSums, dx.columnSums).map { $0 - $1 }
        return SAEGradients(W_enc: x.transposedMatmul(dz), b_enc: dz.columnSums,
                            W_dec: f.transposedMatmul(dRec), b_dec: db_dec)
    }

    /// correct: 3.4's chain rule with the mask from the kept codes (sorted TopK).
    static func topKGradientsMatrices(_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients {
        topKBackward(a, sae, topK: topKSorted)
    }

    /// correct: sample by sample, the kept latents found by repeated argmax.
    static func topKGradientsLoops(_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients {
        let (d, h, B) = (sae.inputDims, sae.latentCount, a.rows)
        let k = sae.k ?? h
        var g = SAEGradients(W_enc: Matrix(rows: d, cols: h), b_enc: Array(repeating: 0, count: h),
                             W_dec: Matrix(rows: h, cols: d), b_dec: Array(repeating: 0, count: d))
        for b in 0..<B {
            let x = (0..<d).map { a[b, $0] - sae.b_dec[$0] }
            let z = Matrix(rows: 1, cols: h) { _, j in
                sae.b_enc[j] + (0..<d).map { x[$0] * sae.W_enc[$0, j] }.reduce(0, +)
            }
            let f = topKRepeatedArgmax(z, k).values
            let dRec = (0..<d).map { c in
                let reconstruction =
                    sae.b_dec[c] + (0..<h).map { f[$0] * sae.W_dec[$0, c] }.reduce(0, +)
                return 2 * (reconstruction - a[b, c]) / Double(B)
            }
            for c in 0..<d { g.b_dec[c] += dRec[c] }
            for j in 0..<h where f[j] > 0 {
                let dz = (0..<d).map { dRec[$0] * sae.W_dec[j, $0] }.reduce(0, +)
                g.b_enc[j] += dz
                for c in 0..<d {
                    g.W_dec[j, c] += f[j] * dRec[c]
                    g.W_enc[c, j] += x[c] * dz
                    g.b_dec[c] -= dz * sae.W_enc[c, j]
                }
            }
        }
        return g
    }

    /// wrong: the ReLU's mask (z > 0): latents TopK dropped still get gradient.
    static func topKGradientsReLUMask(_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients {
        topKBackward(a, sae, topK: topKSorted, reluMask: true)
    }

    /// wrong: the forward pass with a plain ReLU (3.4 reused as is, with λ = 0).
    static func topKGradientsReLUForward(_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients {
        topKBackward(a, sae, topK: { z, _ in z.relu })
    }

    /// wrong: b_dec gets only the decoder term.
    static func topKGradientsDecoderTermOnly(
        _ a: Matrix, _ sae: SparseAutoencoder
    ) -> SAEGradients {
        topKBackward(a, sae, topK: topKSorted, decoderTermOnly: true)
    }

    /// wrong: forgets the 2.
    static func topKGradientsNoTwo(_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients {
        topKBackward(a, sae, topK: topKSorted, factor: 1)
    }

    /// wrong: keeps k + 1 latents.
    static func topKGradientsOneTooMany(_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients {
        topKBackward(a, sae, topK: topKSorted, kOffset: 1)
    }

    /// wrong: the forward TopK keeps ties (6.1's "≥ the k-th value").
    static func topKGradientsTiesKept(_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients {
        topKBackward(a, sae, topK: topKAtLeastKth)
    }
}
