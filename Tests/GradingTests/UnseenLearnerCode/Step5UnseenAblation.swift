// Learner code the project has never seen, for exercise 5.5 (ablation with a negative control),
// from Chapters/05-feature-matching.md.

import SAEKit

extension Step5Unseen {
    typealias Ablate =
        @Sendable (Matrix, SparseAutoencoder, ToyModel, Int, Int, Int) -> AblationEffect

    /// Output `feature` of the read-out ReLU(ĥ·W + b), per sample.
    // hiddenHat: [B, m]  ->  [B]
    private static func readout(_ hiddenHat: Matrix, _ model: ToyModel, _ feature: Int,
                                relu: Bool = true, bias: Bool = true) -> [Double] {
        let out = hiddenHat.matmul(model.W).addingToEachRow(bias ? model.b : model.b.map { _ in 0 })
        return (0..<out.rows).map { relu ? max(0, out[$0, feature]) : out[$0, feature] }
    }

    private static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    /// correct: encode, zero the column, decode, read out; the means compared.
    // hidden: [B, m]  ->  drop, controlDrop
    static func ablationMatrices(_ hidden: Matrix, _ sae: SparseAutoencoder, _ model: ToyModel,
                                 _ feature: Int, _ latent: Int, _ control: Int) -> AblationEffect {
        let codes = sae.encode(hidden)
        let baseline = mean(readout(sae.decode(codes), model, feature))
        func drop(_ j: Int) -> Double {
            var ablated = codes
            for b in 0..<ablated.rows { ablated[b, j] = 0 }
            let after = mean(readout(sae.decode(ablated), model, feature))
            return baseline == 0 ? 0 : (baseline - after) / baseline
        }
        return AblationEffect(drop: drop(latent), controlDrop: drop(control))
    }

    /// correct: ablation by removing the latent's decoder row (the same reconstruction), sums not
    /// means.
    static func ablationZeroDecoderRow(
        _ hidden: Matrix, _ sae: SparseAutoencoder, _ model: ToyModel,
        _ feature: Int, _ latent: Int, _ control: Int
    ) -> AblationEffect {
        let codes = sae.encode(hidden)
        let baseline = readout(sae.decode(codes), model, feature).reduce(0, +)
        func drop(_ j: Int) -> Double {
            var without = sae
            for c in 0..<without.W_dec.cols { without.W_dec[j, c] = 0 }
            let after = readout(without.decode(codes), model, feature).reduce(0, +)
            guard baseline != 0 else { return 0 }
            return 1 - after / baseline
        }
        return AblationEffect(drop: drop(latent), controlDrop: drop(control))
    }

    /// correct: ablation by a very negative encoder bias, so the latent never fires.
    static func ablationSilencedBias(
        _ hidden: Matrix, _ sae: SparseAutoencoder, _ model: ToyModel,
        _ feature: Int, _ latent: Int, _ control: Int
    ) -> AblationEffect {
        let baseline = mean(readout(sae.decode(sae.encode(hidden)), model, feature))
        func drop(_ j: Int) -> Double {
            var silenced = sae
            silenced.b_enc[j] = -1e300
            let after = mean(readout(silenced.decode(silenced.encode(hidden)), model, feature))
            return baseline == 0 ? 0 : (baseline - after) / baseline
        }
        return AblationEffect(drop: drop(latent), controlDrop: drop(control))
    }

    /// The common shape of the wrong variants.
    private static func ablation(_ hidden: Matrix, _ sae: SparseAutoencoder, _ model: ToyModel,
                                 _ feature: Int, _ latents: (Int, Int), rawBaseline: Bool = false,
                                 relu: Bool = true, bias: Bool = true, decoderBias: Bool = true,
                                 formula: (Double, Double) -> Double) -> AblationEffect {
        let codes = sae.encode(hidden)
        func hat(_ f: Matrix) -> Matrix { decoderBias ? sae.decode(f) : f.matmul(sae.W_dec) }
        let baselineInput = rawBaseline ? hidden : hat(codes)
        let baseline = mean(readout(baselineInput, model, feature, relu: relu, bias: bias))
        func drop(_ j: Int) -> Double {
            var ablated = codes
            for b in 0..<ablated.rows { ablated[b, j] = 0 }
            return formula(
                baseline, mean(readout(hat(ablated), model, feature, relu: relu, bias: bias)))
        }
        return AblationEffect(drop: drop(latents.0), controlDrop: drop(latents.1))
    }

    private static func relative(
        _ base: Double,
        _ after: Double
    ) -> Double { base == 0 ? 0 : (base - after) / base }

    /// wrong: the baseline from the true hidden states, not from the SAE's reconstruction of them.
    static func ablationRawBaseline(_ h: Matrix, _ s: SparseAutoencoder, _ m: ToyModel, _ f: Int,
                                    _ l: Int, _ c: Int) -> AblationEffect {
        ablation(h, s, m, f, (l, c), rawBaseline: true, formula: relative)
    }

    /// wrong: the read-out without its ReLU.
    static func ablationNoReLU(
        _ h: Matrix, _ s: SparseAutoencoder, _ m: ToyModel, _ f: Int, _ l: Int,
        _ c: Int
    ) -> AblationEffect {
        ablation(h, s, m, f, (l, c), relu: false, formula: relative)
    }

    /// wrong: the read-out without its bias b.
    static func ablationNoReadoutBias(_ h: Matrix, _ s: SparseAutoencoder, _ m: ToyModel, _ f: Int,
                                      _ l: Int, _ c: Int) -> AblationEffect {
        ablation(h, s, m, f, (l, c), bias: false, formula: relative)
    }

    /// wrong: ĥ without the decoder bias.
    static func ablationNoDecoderBias(_ h: Matrix, _ s: SparseAutoencoder, _ m: ToyModel, _ f: Int,
                                      _ l: Int, _ c: Int) -> AblationEffect {
        ablation(h, s, m, f, (l, c), decoderBias: false, formula: relative)
    }

    /// wrong: (ablated − baseline) / baseline, the sign flipped.
    static func ablationSignFlipped(_ h: Matrix, _ s: SparseAutoencoder, _ m: ToyModel, _ f: Int,
                                    _ l: Int, _ c: Int) -> AblationEffect {
        ablation(h, s, m, f, (l, c)) { base, after in base == 0 ? 0 : (after - base) / base }
    }

    /// wrong: divides by the ablated mean.
    static func ablationOverAblated(_ h: Matrix, _ s: SparseAutoencoder, _ m: ToyModel, _ f: Int,
                                    _ l: Int, _ c: Int) -> AblationEffect {
        ablation(h, s, m, f, (l, c)) { base, after in after == 0 ? 0 : (base - after) / after }
    }

    /// wrong: no rule for a zero baseline (0/0 gives NaN).
    static func ablationNoZeroRule(_ h: Matrix, _ s: SparseAutoencoder, _ m: ToyModel, _ f: Int,
                                   _ l: Int, _ c: Int) -> AblationEffect {
        ablation(h, s, m, f, (l, c)) { base, after in (base - after) / base }
    }

    /// wrong: the control computed with the ablated latent again (a copy-paste slip).
    static func ablationControlCopyPaste(
        _ h: Matrix, _ s: SparseAutoencoder, _ m: ToyModel, _ f: Int,
        _ l: Int, _ c: Int
    ) -> AblationEffect {
        ablation(h, s, m, f, (l, l), formula: relative)
    }

    /// wrong: the mean of per-sample relative drops (samples with a zero output skipped).
    static func ablationMeanOfRatios(
        _ hidden: Matrix, _ sae: SparseAutoencoder, _ model: ToyModel,
        _ feature: Int, _ latent: Int, _ control: Int
    ) -> AblationEffect {
        let codes = sae.encode(hidden)
        let base = readout(sae.decode(codes), model, feature)
        func drop(_ j: Int) -> Double {
            var ablated = codes
            for b in 0..<ablated.rows { ablated[b, j] = 0 }
            let after = readout(sae.decode(ablated), model, feature)
            let ratios = zip(base, after).filter { $0.0 != 0 }.map { ($0.0 - $0.1) / $0.0 }
            return ratios.isEmpty ? 0 : mean(ratios)
        }
        return AblationEffect(drop: drop(latent), controlDrop: drop(control))
    }

    /// wrong: averages only over the samples where the baseline output is on (the chapter's "on
    /// samples where feature i is on"), though the contract averages over every sample given.
    static func ablationActiveSamplesOnly(
        _ hidden: Matrix, _ sae: SparseAutoencoder, _ model: ToyModel,
        _ feature: Int, _ latent: Int, _ control: Int
    ) -> AblationEffect {
        let codes = sae.encode(hidden)
        let base = readout(sae.decode(codes), model, feature)
        let active = base.indices.filter { base[$0] > 0 }
        guard !active.isEmpty else { return AblationEffect(drop: 0, controlDrop: 0) }
        let baseline = mean(active.map { base[$0] })
        func drop(_ j: Int) -> Double {
            var ablated = codes
            for b in 0..<ablated.rows { ablated[b, j] = 0 }
            let after = readout(sae.decode(ablated), model, feature)
            return relative(baseline, mean(active.map { after[$0] }))
        }
        return AblationEffect(drop: drop(latent), controlDrop: drop(control))
    }

    /// wrong: "ablates" by zeroing hidden coordinate `latent` (a neuron), when it exists.
    static func ablationZeroNeuron(
        _ hidden: Matrix, _ sae: SparseAutoencoder, _ model: ToyModel,
        _ feature: Int, _ latent: Int, _ control: Int
    ) -> AblationEffect {
        let hat = sae.decode(sae.encode(hidden))
        let baseline = mean(readout(hat, model, feature))
        func drop(_ j: Int) -> Double {
            var h = hat
            if j < h.cols { for b in 0..<h.rows { h[b, j] = 0 } }
            return relative(baseline, mean(readout(h, model, feature)))
        }
        return AblationEffect(drop: drop(latent), controlDrop: drop(control))
    }
}
