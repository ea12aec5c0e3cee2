// The fused training step (FusedSAEStep.swift) against the matrix form it replaces, and the trainer
// using it against the trainer using the matrix form.

@testable import SAEKit
import Testing

@Suite("Fused SAE step")
struct FusedStepTests {
    static func close(
        _ x: [Double], _ y: [Double], _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(x.count == y.count, sourceLocation: sourceLocation)
        let worst = zip(x, y).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(
            worst < 1e-12, "\(what): max relative difference \(worst)",
            sourceLocation: sourceLocation)
    }

    // Batch sizes that split unevenly into the fused step's chunks, a batch with repeated rows, and
    // one large enough to run on several cores. Widths on both sides of the kernel's cases: d ≤ 16
    // keeps the residual in registers, d = 21 and 64 go through memory; h below 16, and h not a
    // multiple of 4 or 16. h = 131 lists its firing latents from three 64-bit masks (the last of
    // four latents); d = 6 centres a row in one vector and two single entries.
    @Test(arguments: [
        (5, 20, 7), (3, 11, 1), (16, 64, 130), (8, 40, 1500), (21, 37, 50), (64, 33, 9), (1, 1, 3),
        (6, 131, 40), (6, 131, 300)
    ])
    func fusedStepEqualsTheMatrixForm(shape: (Int, Int, Int)) {
        let (d, h, batch) = shape
        var random = SeededGenerator(seed: UInt64(d * 1000 + h), stream: "fused")
        let (sae, _) = SAETests.randomSAE(d: d, h: h, seed: UInt64(batch))
        let data = Matrix(rows: 50, cols: d) { _, _ in random.normal() }
        let rows = (0..<batch).map { _ in random.integer(in: 0...49) }
        var fused = FusedSAEStep(inputDims: d, latents: h)
        for λ in [0.0, 0.3] {
            let got = fused.step(data, rows: rows, sae: sae, l1Coefficient: λ)
            let expected = sae.trainingStep(data.selectingRows(rows), l1Coefficient: λ)
            Self.close(got.gradients.W_enc.values, expected.gradients.W_enc.values, "∂W_enc")
            Self.close(got.gradients.W_dec.values, expected.gradients.W_dec.values, "∂W_dec")
            Self.close(got.gradients.b_enc, expected.gradients.b_enc, "∂b_enc")
            Self.close(got.gradients.b_dec, expected.gradients.b_dec, "∂b_dec")
            Self.close(
                [got.terms.reconstruction, got.terms.l1, got.terms.l0, got.terms.total],
                [
                    expected.terms.reconstruction, expected.terms.l1, expected.terms.l0,
                    expected.terms.total
                ], "loss terms")
            #expect(got.fired == expected.fired)
            let codes = sae.forwardPass(data.selectingRows(rows)).codes.values
            #expect(
                codes.contains(0) && codes.contains { $0 > 0 },
                "the case exercises the ReLU's mask both ways")
        }
    }

    // `alongside` runs once per step, after the chunks on one core (a small batch) or beside them
    // on several.
    @Test(arguments: [7, 1500])
    func alongsideRunsOncePerStep(batch: Int) {
        let (sae, _) = SAETests.randomSAE(d: 8, h: 40, seed: 2)
        var random = SeededGenerator(seed: 4, stream: "fused")
        let data = Matrix(rows: 50, cols: 8) { _, _ in random.normal() }
        let rows = (0..<batch).map { _ in random.integer(in: 0...49) }
        var fused = FusedSAEStep(inputDims: 8, latents: 40)
        var runs = 0
        let plain = fused.step(data, rows: rows, sae: sae, l1Coefficient: 0.1)
        let withWork = fused.step(
            data, rows: rows, sae: sae, l1Coefficient: 0.1, alongside: { runs += 1 })
        #expect(runs == 1)
        #expect(withWork.gradients == plain.gradients && withWork.fired == plain.fired)
    }

    @Test func buffersStartOnACacheLine() {
        for count in [1, 9, 100] {
            var values = [Double](repeating: 0, count: count + FusedSAEStep.alignmentSlack)
            values.withUnsafeMutableBufferPointer { buffer in
                let start = FusedSAEStep.aligned(buffer)
                #expect(Int(bitPattern: start) % 64 == 0)
                #expect(
                    start - buffer.baseAddress! < FusedSAEStep.alignmentSlack,
                    "room for \(count) entries after it")
            }
        }
    }

    @Test func finiteCheckFindsEveryNonFiniteEntry() {
        for count in [0, 1, 3, 4, 5, 17] {
            #expect(TrainingDivergence.allFinite((0..<count).map { Double($0) - 2.5 }))
            for position in 0..<count {
                for bad in [Double.nan, .infinity, -.infinity] {
                    var values = (0..<count).map { Double($0) * 1e300 }
                    values[position] = bad
                    #expect(
                        !TrainingDivergence.allFinite(values), "\(bad) at \(position) of \(count)")
                }
            }
        }
        #expect(
            TrainingDivergence.allFinite([
                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude
            ]))
    }

    // TopK and BatchTopK through the fused step: k below, at and above the number of positive
    // codes, with ties (two identical latents, repeated rows), and a BatchTopK that keeps nothing.
    // k ≤ 4 goes through the sorting network, larger k through the scan (FusedSAEStep+TopK.swift).
    @Test(arguments: [
        (5, 20, 7, SAEActivation.topK(1)), (5, 20, 40, .topK(3)), (16, 64, 130, .topK(8)),
        (3, 11, 9, .topK(11)),
        (16, 64, 130, .topK(2)), (16, 64, 130, .topK(4)), (3, 11, 9, .topK(4)),
        (6, 131, 40, .topK(2)), (1, 1, 3, .topK(1)),
        (21, 37, 50, .topK(5)), (5, 20, 64, .batchTopK(2)), (16, 64, 130, .batchTopK(7.5)),
        (3, 11, 9, .batchTopK(11)),
        (21, 37, 50, .batchTopK(0.5)), (5, 20, 8, .batchTopK(0))
    ])
    func fusedTopKStepEqualsTheMatrixForm(case: (Int, Int, Int, SAEActivation)) {
        let (d, h, batch, activation) = `case`
        var random = SeededGenerator(seed: UInt64(d * 1000 + h + batch), stream: "fused-topk")
        var (sae, _) = SAETests.randomSAE(d: d, h: h, seed: UInt64(batch))
        sae.activation = activation
        // latents 2 and 4 tie on every sample
        if h > 4 {
            sae.b_enc[4] = sae.b_enc[2]; for c in 0..<d { sae.W_enc[c, 4] = sae.W_enc[c, 2] }
        }
        let data = Matrix(rows: 50, cols: d) { _, _ in random.normal() }
        let rows = (0..<batch).map { _ in random.integer(in: 0...49) }
        var fused = FusedSAEStep(inputDims: d, latents: h, activation: activation)
        let got = fused.step(data, rows: rows, sae: sae, l1Coefficient: 0.2)
        let expected = sae.trainingStep(data.selectingRows(rows), l1Coefficient: 0.2)
        Self.close(got.gradients.W_enc.values, expected.gradients.W_enc.values, "∂W_enc")
        Self.close(got.gradients.W_dec.values, expected.gradients.W_dec.values, "∂W_dec")
        Self.close(got.gradients.b_enc, expected.gradients.b_enc, "∂b_enc")
        Self.close(got.gradients.b_dec, expected.gradients.b_dec, "∂b_dec")
        Self.close(
            [got.terms.reconstruction, got.terms.l1, got.terms.l0],
            [expected.terms.reconstruction, expected.terms.l1, expected.terms.l0], "loss terms")
        #expect(got.fired == expected.fired)
        #expect(FusedSAEStep.applies(inputDims: d, latents: h, activation: activation))
        #expect(
            !FusedSAEStep.applies(
                inputDims: d, latents: h, activation: .jumpReLU(Array(repeating: 0, count: h))))
    }

    // AuxK inside the fused step against the matrix form (the main step plus α times AuxK.swift's
    // term): a few dead latents or most of them, k_aux below and above the positive dead codes of a
    // sample, two dead latents that tie (2 and 4), d in registers and through memory, TopK and
    // BatchTopK.
    @Test(arguments: [
        (5, 20, 7, SAEActivation.topK(2), 3), (16, 64, 130, .topK(2), 8), (21, 37, 50, .topK(5), 2),
        (16, 64, 130, .batchTopK(2.5), 8), (5, 20, 64, .batchTopK(1), 30), (3, 11, 9, .topK(1), 1)
    ])
    func fusedAuxKEqualsTheMatrixForm(case: (Int, Int, Int, SAEActivation, Int)) {
        let (d, h, batch, activation, kAux) = `case`
        var random = SeededGenerator(seed: UInt64(d * 1000 + h + batch), stream: "fused-auxk")
        var (sae, _) = SAETests.randomSAE(d: d, h: h, seed: UInt64(batch))
        sae.activation = activation
        if h > 4 {
            sae.b_enc[4] = sae.b_enc[2]; for c in 0..<d { sae.W_enc[c, 4] = sae.W_enc[c, 2] }
        }
        let data = Matrix(rows: 50, cols: d) { _, _ in random.normal() }
        let rows = (0..<batch).map { _ in random.integer(in: 0...49) }
        for deadShare in [0.2, 0.8] {
            var dead = (0..<h).map { _ in random.uniform() < deadShare }
            if h > 4 { (dead[2], dead[4]) = (true, true) }
            var fused = FusedSAEStep(inputDims: d, latents: h, activation: activation)
            let got = fused.step(
                data, rows: rows, sae: sae, l1Coefficient: 0,
                auxK: FusedAuxK(dead: dead, k: kAux, coefficient: 0.25))
            let a = data.selectingRows(rows)
            let main = sae.trainingStep(a, l1Coefficient: 0),
                aux = sae.auxKStep(a, dead: dead, kAux: kAux)
            let expected = main.gradients.adding(aux.gradients, scaledBy: 0.25)
            Self.close(got.gradients.W_enc.values, expected.W_enc.values, "∂W_enc")
            Self.close(got.gradients.W_dec.values, expected.W_dec.values, "∂W_dec")
            Self.close(got.gradients.b_enc, expected.b_enc, "∂b_enc")
            Self.close(got.gradients.b_dec, expected.b_dec, "∂b_dec")
            Self.close(
                [got.terms.auxK, got.terms.total], [aux.loss, main.terms.total + 0.25 * aux.loss],
                "AuxK loss and total")
            #expect(got.fired == main.fired, "AuxK's latents do not count as fired")
            #expect(
                aux.gradients.W_dec.values.contains { $0 != 0 }, "the case gives AuxK a gradient")
        }
    }

    @Test func trainerGivesTheSameSAEFusedOrNot() {
        // SAEKit's maths with the fused path, and the same maths through the matrix form (a custom
        // step that happens to be the reference one turns the fused path off).
        var random = SeededGenerator(seed: 3, stream: "fused")
        let data = Matrix(rows: 400, cols: 5) { _, _ in random.bernoulli(0.3) ? random.uniform() : 0
        }
        var config = SAETrainingConfig(latents: 12, l1Coefficient: 0.05)
        config.steps = 300
        config.batchSize = 64
        config.resampleEvery = 100
        config.deadWindow = 50
        var matrixForm = SAETrainingMaths.reference
        matrixForm.trainingStep = { a, sae, λ in sae.trainingStep(a, l1Coefficient: λ) }
        #expect(SAETrainingMaths.reference.isReferenceStep && !matrixForm.isReferenceStep)
        let fused = trainSAE(on: data, config: config, seed: 1),
            plain = trainSAE(on: data, config: config, seed: 1, maths: matrixForm)
        Self.close(fused.autoencoder.W_dec.values, plain.autoencoder.W_dec.values, "trained W_dec")
        Self.close(fused.autoencoder.W_enc.values, plain.autoencoder.W_enc.values, "trained W_enc")
        #expect(fused.resamplings.map(\.1) == plain.resamplings.map(\.1))
        // TopK with AuxK: the fused step's AuxK term against the matrix form's on the same batches.
        config.activation = .topK(1)
        config.deadWindow = 5
        config.auxK = 3
        config.auxKCoefficient = 1 / 32
        config.resampleEvery = 0
        let fusedTopK = trainSAE(on: data, config: config, seed: 1),
            plainTopK = trainSAE(on: data, config: config, seed: 1, maths: matrixForm)
        Self.close(
            fusedTopK.autoencoder.W_dec.values, plainTopK.autoencoder.W_dec.values,
            "trained TopK W_dec")
        #expect(fusedTopK.history.contains { $0.auxK > 0 }, "some latents died, so AuxK ran")
        Self.close(fusedTopK.history.map(\.auxK), plainTopK.history.map(\.auxK), "AuxK losses")
    }
}
