// Step 5's analyses: the Hungarian matching against brute force, monosemanticity, class purity, and
// the causal checks on a hand-made toy model.

@testable import SAEKit
import Testing

@Suite("Analysis")
struct AnalysisTests {
    static func bruteForce(_ scores: Matrix) -> Double {
        if scores.rows > scores.cols { return bruteForce(scores.transposed) }
        var best = -Double.infinity, used = [Bool](repeating: false, count: scores.cols)
        func go(_ row: Int, _ total: Double) {
            if row == scores.rows { best = max(best, total); return }
            for c in 0..<scores.cols where !used[c] {
                used[c] = true; go(row + 1, total + scores[row, c]); used[c] = false
            }
        }
        go(0, 0)
        return best
    }

    @Test func hungarianEqualsBruteForceOnEveryShapeUpTo8x8() {
        var random = SeededGenerator(seed: 11, stream: "matching")
        for rows in 1...8 {
            for cols in 1...8 {
                for _ in 0..<2 {
                    // some ties
                    let scores = Matrix(rows: rows, cols: cols) { _, _ in
                        random.bernoulli(0.2) ? 0.5 : random.uniform(-1, 1)
                    }
                    let matching = optimalMatching(scores)
                    let columns = matching.compactMap { $0 }
                    #expect(
                        matching.count == rows && columns.count == min(rows, cols)
                            && Set(columns).count == columns.count, "[\(rows), \(cols)]")
                    #expect(
                        abs(matchingScore(scores, matching) - Self.bruteForce(scores)) < 1e-9,
                        "[\(rows), \(cols)]")
                }
            }
        }
    }

    @Test func greedyIsNotOptimalOnTheClassicTrap() {
        let scores = Matrix([[0.9, 0.8], [0.85, 0.1]])
        #expect(matchingScore(scores, greedyMatching(scores)) == 1.0)
        #expect(abs(matchingScore(scores, optimalMatching(scores)) - 1.65) < 1e-12)
    }

    @Test func isolatedResponsesAndSelectivityKnownAnswers() {
        let codes = Matrix([[1, 0], [1, 1], [0, 2], [0, 0]])
        let activations = Matrix([[3, 1], [10, 10], [0, 5], [7, 7]])
        // Feature 0 alone only in row 0; feature 1 alone only in row 2.
        #expect(isolatedResponses(activations, codes: codes) == Matrix([[3, 0], [1, 5]]))
        let selectivity = Selectivity(responses: Matrix([[3, 0], [1, -3]]))
        #expect(selectivity.values == [1, 0.75] && selectivity.topFeature == [0, 1])
        #expect(
            classPurity(Matrix([[1, 0], [3, 0], [0, 0]]), labels: [0, 1, 1], classes: 2) == [
                0.75, nil
            ])
    }

    @Test func mmcsBothWaysKnownAnswer() {
        let cosines = Matrix([[1, 0.2], [0.1, 0.6], [0.3, 0.3]])
        let mmcs = MeanMaxCosine(cosines: cosines)
        #expect(
            abs(mmcs.trueToLearned - 0.8) < 1e-12
                && abs(mmcs.learnedToTrue - (1 + 0.6 + 0.3) / 3) < 1e-12)
    }

    @Test func ablationAndSteeringOnAHandMadeModel() {
        // Two features in two dims (identity embedding), an SAE that is exactly the identity:
        // ablating latent 0 removes output 0 entirely and leaves output 1; steering latent 1 raises
        // output 1 linearly.
        let readout = ToyModel(W: Matrix.identity(2), b: [0, 0])
        let sae = SparseAutoencoder(
            W_enc: Matrix.identity(2), b_enc: [0, 0], W_dec: Matrix.identity(2), b_dec: [0, 0])
        let hidden = Matrix([[1, 0.5], [2, 1]])
        #expect(
            ablationEffect(
                hidden: hidden, sae: sae, readout: readout, feature: 0, latent: 0, control: 1)
                == AblationEffect(drop: 1, controlDrop: 0))
        #expect(
            steeringOutputs(sae: sae, readout: readout, latent: 1, alphas: [0, 1, 2])
                == Matrix([[0, 0], [0, 1], [0, 2]]))
    }
}
