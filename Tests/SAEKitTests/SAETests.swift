// The SAE engine: forward and loss by hand, gradients against finite differences, the trainer's
// invariants, resampling, metrics with known answers, and SAELens folders.

@testable import SAEKit
import Foundation
import Testing

@Suite("Sparse autoencoder")
struct SAETests {
    static func randomSAE(d: Int, h: Int, seed: UInt64) -> (SparseAutoencoder, Matrix) {
        var random = SeededGenerator(seed: seed, stream: "sae-tests")
        let sae = SparseAutoencoder(
            W_enc: Matrix(rows: d, cols: h) { _, _ in random.normal() * 0.6 },
            b_enc: (0..<h).map { _ in random.normal() * 0.2 },
            W_dec: Matrix(rows: h, cols: d) { _, _ in random.normal() * 0.6 },
            b_dec: (0..<d).map { _ in random.normal() * 0.2 })
        return (sae, Matrix(rows: 7, cols: d) { _, _ in random.normal() })
    }

    @Test func forwardAndLossByHand() {
        // d = 2, h = 1: W_enc = [1, 1]ᵀ, b_enc = −1, W_dec = [[2, 0]], b_dec = [1, 0], a = [2, 1]:
        // x = a − b_dec = [1, 1]; z = 2 − 1 = 1; f = 1; â = [2, 0] + [1, 0] = [3, 0]; ‖a − â‖² = 1
        // + 1 = 2.
        let sae = SparseAutoencoder(
            W_enc: Matrix([[1], [1]]), b_enc: [-1], W_dec: Matrix([[2, 0]]), b_dec: [1, 0])
        let pass = sae.forwardPass(Matrix([[2, 1]]))
        #expect(pass.codes == Matrix([[1]]) && pass.reconstruction == Matrix([[3, 0]]))
        #expect(
            SAELossTerms(
                Matrix([[2, 1]]), reconstruction: pass.reconstruction, codes: pass.codes,
                l1Coefficient: 0.5)
                == SAELossTerms(reconstruction: 2, l1: 1, l0: 1, total: 2.5))
    }

    @Test(arguments: [(3, 5, 1 as UInt64), (4, 2, 2), (6, 9, 3)])
    func gradientsMatchFiniteDifferences(d: Int, h: Int, seed: UInt64) {
        let (sae, a) = Self.randomSAE(d: d, h: h, seed: seed)
        #expect(
            sae.forwardPass(a).preActivation.values.allSatisfy { abs($0) > 1e-4 },
            "test point away from the kink")
        for row in GradientCheck.run(sae, batch: a, l1Coefficient: 0.3, step: 1e-6) {
            #expect(row.relativeError < 1e-7, "\(row.parameter): \(row.relativeError)")
        }
    }

    @Test func gradientCheckCatchesAWrongGradient() {
        let (sae, a) = Self.randomSAE(d: 3, h: 4, seed: 4)
        var wrong = sae.lossAndGradients(a, l1Coefficient: 0.3).gradients
        wrong.b_dec = wrong.b_dec.map { $0 * 1.5 }
        let rows = GradientCheck.run(sae, batch: a, l1Coefficient: 0.3, analytic: wrong)
        #expect(rows.first { $0.parameter == "b_dec" }!.relativeError > 0.1)
        #expect(rows.first { $0.parameter == "W_enc" }!.relativeError < 1e-6)
    }

    @Test func initialisationIsUnitNormAndTied() {
        var random = SeededGenerator(seed: 5)
        let sae = SparseAutoencoder.initialised(inputDims: 4, latents: 9, generator: &random)
        for norm in sae.W_dec.rowNorms { #expect(abs(norm - 1) < 1e-12) }
        #expect(
            sae.W_enc == sae.W_dec.transposed && sae.b_enc.allSatisfy { $0 == 0 }
                && sae.b_dec.allSatisfy { $0 == 0 })
    }

    @Test func topKKeepsTheLargestPositiveEntriesWithTheTieRule() {
        let z = Matrix([[0.5, 2, -1, 2, 1], [-1, -2, 0, 0, 0.1]])
        #expect(z.topK(2) == Matrix([[0, 2, 0, 2, 0], [0, 0, 0, 0, 0.1]]))
        #expect(Matrix([[1, 1, 1]]).topK(2) == Matrix([[1, 1, 0]]), "ties: the lower index wins")
        #expect(z.topK(10) == z.relu)
    }

    @Test func theCheatKeepsReconstructionAndDividesL1() {
        let (sae, a) = Self.randomSAE(d: 3, h: 5, seed: 6)
        let base = sae.lossAndGradients(a, l1Coefficient: 1).terms,
            scaled = scaledDecoderCheat(sae, by: 4).lossAndGradients(a, l1Coefficient: 1).terms
        #expect(abs(scaled.reconstruction - base.reconstruction) < 1e-12)
        #expect(abs(scaled.l1 - base.l1 / 4) < 1e-12 && scaled.l0 == base.l0)
    }

    @Test func projectedGradientIsOrthogonalToEachRow() {
        var random = SeededGenerator(seed: 7)
        var decoder = Matrix(rows: 6, cols: 4) { _, _ in random.normal() }
        decoder.normaliseRows()
        let projected = Matrix(rows: 6, cols: 4) { _, _ in random.normal() }.removingRowComponents(
            along: decoder)
        for j in 0..<6 { #expect(abs(dot(projected.row(j), decoder.row(j))) < 1e-12) }
    }

    @Test func trainingKeepsDecoderRowsUnitAndIsDeterministic() {
        let dictionary = KnownDictionary(
            DictionaryConfig(features: 6, dims: 4, activity: .independent(probability: 0.2)),
            seed: 1)
        let data = ActivationDataset.collect(from: dictionary, samples: 3000, seed: 1)
        var config = SAETrainingConfig(latents: 12, l1Coefficient: 0.1)
        config.steps = 400
        config.batchSize = 64
        config.resampleEvery = 100
        config.deadWindow = 50
        let first = trainSAE(on: data.activations, config: config, seed: 2),
            second = trainSAE(on: data.activations, config: config, seed: 2)
        #expect(first.autoencoder == second.autoencoder)
        for norm in first.autoencoder.W_dec.rowNorms { #expect(abs(norm - 1) < 1e-12) }
        let start = first.history.prefix(5).map(\.total).reduce(0, +),
            end = first.history.suffix(5).map(\.total).reduce(0, +)
        #expect(end < start)
        var free = config
        free.unitNormDecoder = false
        #expect(
            trainSAE(on: data.activations, config: free, seed: 2).autoencoder.W_dec.rowNorms
                .contains { abs($0 - 1) > 0.01 })
    }

    @Test func resamplingReplacesOnlyDeadLatentsAndTheTrainerResetsTheirMoments() {
        let (sae, _) = Self.randomSAE(d: 3, h: 4, seed: 8)
        let replacements = Matrix([[3, 0, 4], [0, 2, 0]])
        let outcome = sae.resampling(
            firingCounts: [5, 0, 1, 0], replacements: replacements, encoderScale: 0.2)
        #expect(outcome.resampled == [1, 3])
        #expect(
            outcome.autoencoder.W_dec.row(1) == [0.6, 0, 0.8]
                && outcome.autoencoder.W_dec.row(3) == [0, 1, 0])
        let aliveNorm = (sae.W_enc.columnNorms[0] + sae.W_enc.columnNorms[2]) / 2
        #expect(abs(outcome.autoencoder.W_enc.columnNorms[1] - 0.2 * aliveNorm) < 1e-12)
        #expect(outcome.autoencoder.b_enc[1] == 0 && outcome.autoencoder.b_enc[0] == sae.b_enc[0])
        #expect(
            outcome.autoencoder.W_dec.row(0) == sae.W_dec.row(0)
                && outcome.autoencoder.W_enc.column(2) == sae.W_enc.column(2))
        var moments = SAEMoments(sae)
        moments.W_enc.mean = moments.W_enc.mean.map { _ in 1 }
        moments.W_dec.squaredMean = moments.W_dec.squaredMean.map { _ in 1 }
        moments.reset(latent: 1, inputDims: 3, latents: 4)
        #expect(
            (0..<3).allSatisfy {
                moments.W_enc.mean[$0 * 4 + 1] == 0 && moments.W_enc.mean[$0 * 4] == 1
            })
        #expect(
            (3..<6).allSatisfy { moments.W_dec.squaredMean[$0] == 0 }
                && moments.W_dec.squaredMean[0] == 1)
    }

    @Test func recoveryOfAPermutedDictionaryIsPerfect() {
        // the third feature is absent (norm 0)
        let truth = Matrix([[1, 0, 0], [0, 0.6, 0.8], [0, 0, 0]])
        let learned = Matrix([[0, -0.6, -0.8], [0, 0.6, 0.8], [2, 0, 0], [0, 1, 0]])
        let recovery = FeatureRecovery(decoder: learned, directions: truth)
        #expect(recovery.presentFeatures == [0, 1])
        #expect(
            recovery.bestCosines == [1, 1] && recovery.mmcs == 1
                && recovery.recovered(atLeast: 0.99) == 2)
        #expect(abs(cosineMatrix(learned, truth)[0, 1] - -1) < 1e-12)
        #expect(trueL0(Matrix([[1, 1, 5], [0, 2, 0]]), presentFeatures: [0, 1]) == 1.5)
    }

    @Test func reconstructionMetricsKnownAnswers() {
        // A zero SAE reconstructs nothing: â = b_dec = 0, so normalised MSE = Σ‖a‖² / Σ‖a − ā‖².
        let a = Matrix([[1, 1], [3, 1]])                 // mean [2, 1]; Σ‖a − ā‖² = 2; Σ‖a‖² = 12
        let zero = SparseAutoencoder(
            W_enc: Matrix(rows: 2, cols: 3), b_enc: [0, 0, 0], W_dec: Matrix(rows: 3, cols: 2),
            b_dec: [0, 0])
        let metrics = ReconstructionMetrics(zero, on: a)
        #expect(metrics.mse == 6 && metrics.normalisedMSE == 6 && metrics.explainedVariance == -5)
        #expect(metrics.deadLatents == [0, 1, 2] && metrics.l0 == 0 && metrics.deadFraction == 1)
        let mean = SparseAutoencoder(
            W_enc: Matrix(rows: 2, cols: 1), b_enc: [0], W_dec: Matrix(rows: 1, cols: 2),
            b_dec: [2, 1])
        #expect(
            ReconstructionMetrics(mean, on: a).normalisedMSE == 1,
            "predicting the mean scores exactly 1")
    }

    @Test func foldingTheInputScaleGivesTheSameCodesOnRawInputs() {
        let (sae, a) = Self.randomSAE(d: 3, h: 5, seed: 9)
        let folded = sae.foldingInputScale(2.5)
        let codes = sae.encode(2.5 * a), raw = folded.encode(a)
        #expect((codes - raw).maxAbs < 1e-12)
        #expect((folded.decode(raw) - (1 / 2.5) * sae.decode(codes)).maxAbs < 1e-12)
    }

    @Test func saeLensFolderRoundTripsAndRejectsBadFolders() throws {
        let folder = NSTemporaryDirectory() + "sae-folder-\(UUID().uuidString)"
        let (sae, _) = Self.randomSAE(d: 3, h: 5, seed: 10)
        try SAELensFolder.write(sae, metadata: [("note", .string("test"))], to: folder)
        let read = try SAELensFolder.read(folder)
        #expect(
            read.sae == sae && read.notes.isEmpty
                && read.config["architecture"]?.stringValue == "standard"
                && read.config["metadata"]?["note"]?.stringValue == "test")
        var topK = sae
        topK.k = 2
        try SAELensFolder.write(topK, metadata: [], to: folder)
        #expect(try SAELensFolder.read(folder).sae?.k == 2)
        var jump = sae
        jump.activation = .jumpReLU((0..<sae.latentCount).map { Double($0) / 10 })
        try SAELensFolder.write(jump, metadata: [], to: folder)
        let jumpRead = try SAELensFolder.read(folder)
        #expect(jumpRead.sae == jump && jumpRead.config["architecture"]?.stringValue == "jumprelu")
        jump.activation = .batchTopK(1.5)
        #expect(throws: UserError.self) { try SAELensFolder.write(jump, metadata: [], to: folder) }
        try SAELensFolder.write(sae, metadata: [], to: folder)
        var config = try String(contentsOfFile: folder + "/cfg.json", encoding: .utf8)
        config = config.replacingOccurrences(of: "\"d_sae\": 5", with: "\"d_sae\": 6")
        try AtomicFile.write(config, to: folder + "/cfg.json")
        #expect(
            throws: UserError(
                "\(folder)/sae_weights.safetensors: 'W_enc' has shape [3, 5], cfg.json implies [3, 6]"
            )
        ) {
            try SAELensFolder.read(folder)
        }
        #expect(throws: UserError.self) { try SAELensFolder.read(folder + "-missing") }
    }
}

/// Counts calls from the trainer's closures.
final class StepCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// The number of calls before this one.
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count - 1
    }
}

/// Records what the trainer hands to Adam, to check it from outside.
final class AdamSpy: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private(set) var decoderMomentsAfterResampling: [Double] = []
    var resampleStep: Int?

    /// Adam updates come four per step: W_enc, b_enc, W_dec, b_dec.
    func observe(_ moments: AdamMoments, parameterCount: Int, latentLength: Int) {
        lock.lock()
        defer { lock.unlock() }
        let step = calls / 4, tensor = calls % 4
        calls += 1
        if tensor == 2, let resampleStep, step == resampleStep {
            decoderMomentsAfterResampling = Array(
                moments.mean[0..<latentLength] + moments.squaredMean[0..<latentLength])
        }
    }
}

@Suite("SAE trainer internals")
struct SAETrainerInternalsTests {
    @Test func resampledLatentsStartWithFreshAdamMoments() {
        let dictionary = KnownDictionary(
            DictionaryConfig(features: 4, dims: 3, activity: .independent(probability: 0.3)),
            seed: 3)
        let data = ActivationDataset.collect(from: dictionary, samples: 500, seed: 3)
        var config = SAETrainingConfig(latents: 6, l1Coefficient: 0.1)
        config.steps = 30
        config.batchSize = 32
        config.resampleEvery = 20
        config.resampleUntil = 1
        config.deadWindow = 1
        let spy = AdamSpy()
        spy.resampleStep = 20                 // the step after the resampling at the end of step 20
        var maths = SAETrainingMaths.reference
        maths.adamStep = { parameter, gradient, moments, rate, hyper in
            spy.observe(moments, parameterCount: parameter.count, latentLength: 3)
            adamUpdate(
                &parameter, gradient: gradient, moments: &moments, learningRate: rate,
                hyperparameters: hyper)
        }
        // Latent 0 fires (and learns, so its Adam moments grow) for 10 steps, then is reported
        // silent: dead at step 20.
        let counter = StepCounter()
        maths.trainingStep = { a, sae, λ in
            var step = sae.trainingStep(a, l1Coefficient: λ)
            if counter.next() >= 10 { step.fired[0] = false }
            return step
        }
        let trained = trainSAE(on: data.activations, config: config, seed: 3, maths: maths)
        #expect(trained.resamplings.first?.step == 20)
        #expect(spy.decoderMomentsAfterResampling.count == 6)
        #expect(
            spy.decoderMomentsAfterResampling.allSatisfy { $0 == 0 },
            "row 0 of W_dec's moments: \(spy.decoderMomentsAfterResampling)")
        #expect(trained.resamplings.first?.count == 1)
    }
}
