// TopK and AuxK: the backward passes against finite differences, what AuxK may and may not touch,
// shrinkage and fidelity with known answers, and a TopK SAE trained on a known dictionary.

@testable import SAEKit
import Foundation
import Testing

@Suite("TopK sparse autoencoder")
struct TopKTests {
    /// A random SAE with k set, and a batch whose pre-activations have no ties and sit away from 0.
    static func randomTopK(d: Int, h: Int, k: Int, seed: UInt64) -> (SparseAutoencoder, Matrix) {
        var (sae, a) = SAETests.randomSAE(d: d, h: h, seed: seed)
        sae.k = k
        return (sae, a)
    }

    /// The k-th and (k+1)-th largest positive pre-activation of every row are apart: finite
    /// differences stay on one side.
    static func wellSeparated(_ z: Matrix, k: Int) -> Bool {
        (0..<z.rows).allSatisfy { r in
            let positive = z.row(r).filter { $0 > 0 }.sorted(by: >)
            return z.row(r).allSatisfy { abs($0) > 1e-3 }
                && (k >= positive.count || positive[k - 1] - positive[k] > 1e-3)
        }
    }

    @Test(arguments: [(3, 6, 2, 11 as UInt64), (5, 9, 3, 12), (4, 8, 1, 13)])
    func topKGradientsMatchFiniteDifferences(d: Int, h: Int, k: Int, seed: UInt64) {
        let (sae, a) = Self.randomTopK(d: d, h: h, k: k, seed: seed)
        #expect(Self.wellSeparated(sae.forwardPass(a).preActivation, k: k))
        for row in GradientCheck.run(sae, batch: a, l1Coefficient: 0, step: 1e-6) {
            #expect(row.relativeError < 1e-7, "\(row.parameter): \(row.relativeError)")
        }
    }

    @Test func topKGradientIsZeroForLatentsNeverKept() {
        let (sae, a) = Self.randomTopK(d: 4, h: 8, k: 1, seed: 14)
        let codes = sae.forwardPass(a).codes
        let gradients = sae.trainingStep(a, l1Coefficient: 0).gradients
        for j in 0..<8 where !codes.firingLatents[j] {
            #expect(gradients.b_enc[j] == 0 && gradients.W_dec.row(j).allSatisfy { $0 == 0 })
        }
        #expect(codes.firingLatents.contains(false), "the test needs a latent that is never kept")
    }

    @Test(arguments: [(3, 7, 2, 2, 21 as UInt64), (5, 10, 2, 3, 22), (4, 9, 1, 1, 23)])
    func auxKGradientsMatchFiniteDifferencesWithTheResidualHeldFixed(
        d: Int, h: Int, k: Int, kAux: Int, seed: UInt64
    ) {
        let (sae, a) = Self.randomTopK(d: d, h: h, k: k, seed: seed)
        let dead = (0..<h).map { $0 % 2 == 1 }
        let residual = a - sae.forwardPass(a).reconstruction
        let deadPre = sae.forwardPass(a).preActivation.mapColumns { j, z in dead[j] ? z : 0 }
        #expect(Self.wellSeparated(deadPre.mapColumns { j, z in dead[j] ? z : -1 }, k: kAux))
        let step = sae.auxKStep(a, dead: dead, kAux: kAux)
        let rows = GradientCheck.run(sae, analytic: step.gradients, step: 1e-6) { candidate in
            let pass = candidate.forwardPass(a)
            let codes = pass.preActivation.mapColumns { j, z in dead[j] ? z : 0 }.topK(kAux)
            return (codes.matmul(candidate.W_dec) - residual).squaredFrobeniusNorm / Double(a.rows)
        }
        for row in rows where row.parameter != "b_dec" {
            #expect(row.relativeError < 1e-7, "\(row.parameter): \(row.relativeError)")
        }
        #expect(
            abs(
                step.loss - (deadPre.topK(kAux).matmul(sae.W_dec) - residual).squaredFrobeniusNorm
                    / Double(a.rows)) < 1e-12)
    }

    @Test func auxKTouchesOnlyTheDeadLatents() {
        let (sae, a) = Self.randomTopK(d: 5, h: 10, k: 2, seed: 24)
        let dead = (0..<10).map { $0 >= 6 }
        let gradients = sae.auxKStep(a, dead: dead, kAux: 2).gradients
        for j in 0..<6 {
            #expect(
                gradients.b_enc[j] == 0 && gradients.W_dec.row(j).allSatisfy { $0 == 0 }
                    && gradients.W_enc.column(j).allSatisfy { $0 == 0 })
        }
        #expect(gradients.b_dec.allSatisfy { $0 == 0 })
        #expect((6..<10).contains { gradients.b_enc[$0] != 0 }, "some dead latent learns")
        #expect(
            sae.auxKStep(a, dead: Array(repeating: false, count: 10), kAux: 2).loss
                == (a - sae.forwardPass(a).reconstruction).squaredFrobeniusNorm / 7,
            "no dead latent: ê = 0 and L_aux is the residual's size")
    }

    @Test func shrinkageRatioKnownAnswer() {
        // Feature 0 on in samples 0, 1, 2 with c = 1, 2, 4; latent 1 reads 0.5, 1, 0 (silent on the
        // third) and 3 where the feature is off.
        let codes = Matrix([[0, 0.5], [0, 1], [0, 0], [0, 3]]), truth = Matrix([[1], [2], [4], [0]])
        #expect(
            shrinkageRatios(
                latentCodes: codes, trueMagnitudes: truth, pairs: [(feature: 0, latent: 1)]) == [
                    0.5
                ])
        #expect(
            shrinkageRatios(
                latentCodes: codes, trueMagnitudes: truth, pairs: [(feature: 0, latent: 0)])[0]
                .isNaN, "never fires: undefined")
    }

    @Test func reconstructionBiasIsTheBestRescaling() {
        var random = SeededGenerator(seed: 25)
        let a = Matrix(rows: 50, cols: 3) { _, _ in random.normal() }
        #expect(abs(relativeReconstructionBias(a, reconstruction: 0.7 * a) - 0.7) < 1e-12)
        let noisy = 0.8 * a + Matrix(rows: 50, cols: 3) { _, _ in random.normal() * 0.1 }
        let γ = relativeReconstructionBias(a, reconstruction: noisy)
        let error = { (g: Double) in ((1 / g) * noisy - a).squaredFrobeniusNorm }
        #expect(error(γ) < error(γ * 1.01) && error(γ) < error(γ * 0.99), "γ minimises E‖â/γ − a‖²")
    }

    @Test func fidelityCentresTheData() {
        // Data with a large mean: predicting the mean explains nothing (NMSE 1), though it is close
        // in raw terms.
        let a = Matrix([[10, 1], [10, -1], [12, 1], [8, -1]])
        let mean = Matrix([[10, 0], [10, 0], [10, 0], [10, 0]])
        #expect(
            reconstructionFidelity(a, reconstruction: mean)
                == ReconstructionFidelity(normalisedMSE: 1, explainedVariance: 0))
        #expect(
            reconstructionFidelity(a, reconstruction: a)
                == ReconstructionFidelity(normalisedMSE: 0, explainedVariance: 1))
        let sae = SAETests.randomSAE(d: 2, h: 3, seed: 26).0
        let metrics = ReconstructionMetrics(sae, on: a)
        #expect(
            abs(
                reconstructionFidelity(a, reconstruction: sae.forwardPass(a).reconstruction)
                    .normalisedMSE - metrics.normalisedMSE) < 1e-12)
    }

    @Test func errorShareSplitsTheSquaredErrorBySample() {
        // errors 4, 1, 0
        let a = Matrix([[2, 0], [0, 0], [1, 1]]), reconstruction = Matrix([[0, 0], [0, 1], [1, 1]])
        #expect(
            squaredErrorShare(a, reconstruction: reconstruction, selected: [true, false, false])
                == 0.8)
        #expect(
            squaredErrorShare(a, reconstruction: reconstruction, selected: [false, true, true])
                == 0.2)
        #expect(
            squaredErrorShare(a, reconstruction: a, selected: [true, true, true]) == 0,
            "no error: no share")
    }
}

@Suite("BatchTopK and JumpReLU")
struct BatchTopKTests {
    @Test func batchTopKKeepsTheLargestEntriesOfTheWholeBatch() {
        let z = Matrix([[0.5, 2, -1], [3, 0.1, 2], [-1, -2, 0.2]])
        #expect(
            z.batchTopK(3) == Matrix([[0, 2, 0], [3, 0, 2], [0, 0, 0]]),
            "a sample may keep several, another none")
        #expect(
            Matrix([[1, 1], [1, 1]]).batchTopK(3) == Matrix([[1, 1], [1, 0]]),
            "ties: the earlier entry first")
        #expect(z.batchTopK(100) == z.relu)
        #expect(z.batchTopK(0) == Matrix(rows: 3, cols: 3))
    }

    // The radix select (KthLargest.swift) against sorting: sets past its 32-value cut-off and below
    // it; values sharing an exponent (only the mantissa's digits tell them apart), differing only
    // in the last bits, with many exact ties, zeros, subnormals and infinity; k at both ends and
    // between.
    @Test(arguments: [1 as UInt64, 2, 3, 4, 5, 6])
    func kthLargestMatchesSorting(seed: UInt64) {
        var random = SeededGenerator(seed: seed, stream: "kth-largest")
        let draws: [(inout SeededGenerator) -> Double] = [
            { 1 + $0.uniform() },  // one exponent
            // the last bits only
            { Double(bitPattern: 0x3FF0_0000_0000_0000 | UInt64($0.integer(in: 0...300))) },
            { ($0.normal() * 3).rounded() / 4 + 2 },  // exact ties
            {
                $0.bernoulli(0.1)
                    ? 0
                    : $0.bernoulli(0.05)
                        ? .infinity
                        : $0.bernoulli(0.1)
                            ? .leastNonzeroMagnitude * Double($0.integer(in: 1...9))
                            : exp($0.normal() * 20)
            }
        ]
        for draw in draws {
            for count in [1, 2, 31, 33, 500, 4097] {
                let values = (0..<count).map { _ in draw(&random) }.map { max($0, 0) }
                let sorted = values.sorted(by: >)
                for k in Set([1, count, (count + 1) / 2, random.integer(in: 1...count)]) {
                    var scratch = values
                    #expect(kthLargest(&scratch, k) == sorted[k - 1], "k = \(k) of \(count)")
                }
            }
        }
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func batchTopKMatchesSortingOnRandomBatches(seed: UInt64) {
        var random = SeededGenerator(seed: seed, stream: "batch-topk")
        // many ties
        let z = Matrix(rows: 9, cols: 7) { _, _ in (random.normal() * 4).rounded() / 4 }
        let count = random.integer(in: 1...40)
        let order = z.values.indices.filter { z.values[$0] > 0 }.sorted {
            (z.values[$0], -$0) > (z.values[$1], -$1)
        }.prefix(count)
        var expected = Matrix(rows: 9, cols: 7)
        for index in order { expected.values[index] = z.values[index] }
        #expect(z.batchTopK(count) == expected)
    }

    @Test func batchTopKGradientsMatchFiniteDifferences() {
        var (sae, a) = SAETests.randomSAE(d: 4, h: 6, seed: 31)
        sae.activation = .batchTopK(2)
        let positive = sae.forwardPass(a).preActivation.values.filter { $0 > 0 }.sorted(by: >)
        #expect(
            positive.count > 14 && positive[13] - positive[14] > 1e-3
                && positive.allSatisfy { $0 > 1e-3 }, "7 samples × k 2 = 14 kept, well separated")
        for row in GradientCheck.run(sae, batch: a, l1Coefficient: 0, step: 1e-6) {
            #expect(row.relativeError < 1e-7, "\(row.parameter): \(row.relativeError)")
        }
    }

    @Test func jumpReLUKeepsEntriesAboveEachThreshold() {
        let z = Matrix([[0.5, 2, -1], [3, 0.1, 2]])
        #expect(SAEActivation.jumpReLU([1, 1, 0]).apply(z) == Matrix([[0, 2, 0], [3, 0, 2]]))
        #expect(
            SAEActivation.jumpReLU([-1, -1, -1]).apply(z) == z.relu,
            "a negative threshold is still a ReLU")
    }

    @Test func trainedBatchTopKEndsAsAJumpReLUWithItsThreshold() {
        let dictionary = KnownDictionary(
            DictionaryConfig(features: 6, dims: 4, activity: .independent(probability: 0.2)),
            seed: 1)
        let data = ActivationDataset.collect(from: dictionary, samples: 2000, seed: 1)
        var config = SAETrainingConfig(latents: 8, l1Coefficient: 0).withActivation(
            .batchTopK(1.2), auxK: 2, auxKCoefficient: 1.0 / 32)
        config.steps = 300
        config.batchSize = 64
        let trained = trainSAE(on: data.activations, config: config, seed: 2)
        guard case let .jumpReLU(thresholds) = trained.autoencoder.activation else {
            Issue.record("not a JumpReLU"); return
        }
        #expect(thresholds.count == 8 && Set(thresholds).count == 1 && thresholds[0] > 0)
        let l0 = ReconstructionMetrics(trained.autoencoder, on: data.activations).l0
        #expect(abs(l0 - 1.2) < 0.3, "the threshold keeps about k per sample on average: L0 \(l0)")
    }
}
