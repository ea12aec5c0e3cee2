// Every combination of the SAELens settings this project folds, in folders laid out as SAELens 5.x
// and 6.x lay them out, against SAELens's forward pass written out here entry by entry (its
// process_sae_in, encode, TopK and decode, after its fold_activation_norm_scaling_factor), not
// through the folds the reader uses.

@testable import SAEKit
import Foundation
import Testing

/// SAELens's maths for one sample, as its code reads (standard_sae.py, topk_sae.py,
/// jumprelu_sae.py, sae.py), in loops.
struct SAELensReference {
    var W_enc: Matrix, b_enc: [Double], W_dec: Matrix, b_dec: [Double]
    var applyDecoderBias = true, rescale = false, k: Int?, threshold: [Double]?,
        codeScales: [Double]?

    /// fold_activation_norm_scaling_factor: W_enc × c, W_dec ÷ c, b_dec ÷ c.
    mutating func foldScale(_ c: Double) {
        W_enc = c * W_enc
        W_dec = (1 / c) * W_dec
        b_dec = b_dec.map { $0 / c }
    }

    var norms: [Double] {
        (0..<W_dec.rows).map { j in
            (0..<W_dec.cols).reduce(0) { $0 + W_dec[j, $1] * W_dec[j, $1] }.squareRoot()
        }
    }

    func encode(_ x: [Double]) -> [Double] {
        let sae_in = x.indices.map { x[$0] - (applyDecoderBias ? b_dec[$0] : 0) }
        var hidden = (0..<W_enc.cols).map { j in
            x.indices.reduce(b_enc[j]) { $0 + sae_in[$1] * W_enc[$1, j] }
        }
        if rescale { hidden = zip(hidden, norms).map { $0 * $1 } }
        if let threshold {
            return hidden.indices.map { hidden[$0] > threshold[$0] ? max(0, hidden[$0]) : 0 }
        }
        guard let k else { return hidden.map { max(0, $0) } }
        // torch.topk then ReLU: the k largest (lower index first on ties), negatives to 0.
        let kept = Set(
            hidden.indices.sorted {
                hidden[$0] > hidden[$1] || (hidden[$0] == hidden[$1] && $0 < $1)
            }.prefix(k))
        return hidden.indices.map { kept.contains($0) ? max(0, hidden[$0]) : 0 }
    }

    func decode(_ f: [Double]) -> [Double] {
        var acts = f
        if rescale { acts = zip(acts, norms).map { $0 / $1 } }
        if let codeScales { acts = zip(acts, codeScales).map { $0 * $1 } }
        return (0..<W_dec.cols).map { c in
            acts.indices.reduce(b_dec[c]) { $0 + acts[$1] * W_dec[$1, c] }
        }
    }
}

@Suite("SAELens settings folded")
struct SAELensSettingsTests {
    enum Kind: String, CaseIterable { case standard, topK5, topK6, jumpReLU }

    /// Writes a folder in SAELens 5's layout (topK5: architecture "standard", activation_fn_str
    /// "topk", k in the kwargs) or SAELens 6's (metadata with sae_lens_version), with these
    /// settings.
    static func folder(
        _ kind: Kind, reference r: SAELensReference, scale: Double?
    ) throws -> String {
        let folder = NSTemporaryDirectory() + "saelens-settings-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var tensors = [
            ("W_enc", Tensor(r.W_enc, dtype: .float32)), ("b_enc", Tensor(vector: r.b_enc)),
            ("W_dec", Tensor(r.W_dec)), ("b_dec", Tensor(vector: r.b_dec)),
        ]
        if let threshold = r.threshold { tensors.append(("threshold", Tensor(vector: threshold))) }
        if let scales = r.codeScales { tensors.append(("scaling_factor", Tensor(vector: scales))) }
        // float32 W_enc: the reference reads the rounded values back.
        try SafeTensorsFile(tensors: tensors).write(to: folder + "/sae_weights.safetensors")
        var pairs: [(String, JSONValue)] = [
            ("d_in", .int(r.W_enc.rows)), ("d_sae", .int(r.W_enc.cols)),
            ("dtype", .string("float32")), ("apply_b_dec_to_input", .bool(r.applyDecoderBias)),
            (
                "normalize_activations",
                scale == nil ? .string("none") : .string("expected_average_only_in")
            ),
        ]
        switch kind {
        case .standard: pairs += [("architecture", .string("standard"))]
        case .topK5:
            pairs += [
                ("architecture", .string("standard")), ("activation_fn_str", .string("topk")),
                ("activation_fn_kwargs", .object([("k", .int(r.k!))])), ("hook_head_index", .null),
            ]
        case .topK6:
            pairs += [
                ("architecture", .string("topk")), ("k", .int(r.k!)),
                ("rescale_acts_by_decoder_norm", .bool(r.rescale)),
            ]
        case .jumpReLU: pairs += [("architecture", .string("jumprelu"))]
        }
        if r.codeScales != nil { pairs.append(("finetuning_scaling_factor", .bool(true))) }
        if kind != .topK5 {
            pairs.append(("metadata", .object([("sae_lens_version", .string("6.54.12"))])))
        }
        try AtomicFile.write(JSONValue.object(pairs).prettyText, to: folder + "/cfg.json")
        if let scale {
            try AtomicFile.write(
                #"{"scaling_factor": \#(scale), "has_whitening": false}"#,
                to: folder + "/activation_scaler.json")
        }
        return folder
    }

    static let cases: [(Kind, Bool, Bool)] = Kind.allCases.flatMap { kind in
        [(kind, true, false), (kind, false, false), (kind, true, true), (kind, false, true)]
    }

    @Test(arguments: cases)
    func foldedSAEComputesWhatSAELensComputes(
        kind: Kind, applyDecoderBias: Bool, scaled: Bool
    ) throws {
        var random = SeededGenerator(
            seed: 77, stream: "saelens-\(kind)-\(applyDecoderBias)-\(scaled)")
        let (d, h) = (5, 7)
        let f32 = { (x: Double) in Double(Float(x)) }
        var r = SAELensReference(
            W_enc: Matrix(rows: d, cols: h) { _, _ in f32(random.normal()) },
            b_enc: (0..<h).map { _ in random.normal() * 0.3 },
            W_dec: Matrix(rows: h, cols: d) { _, _ in random.normal() * (0.5 + random.uniform()) },
            b_dec: (0..<d).map { _ in random.normal() * 0.5 }, applyDecoderBias: applyDecoderBias)
        switch kind {
        case .standard: r.codeScales = (0..<h).map { _ in 0.5 + random.uniform() }
        case .topK5: r.k = 3
        case .topK6:
            r.k = 3
            r.rescale = true
        case .jumpReLU: r.threshold = (0..<h).map { _ in random.uniform() * 0.5 }
        }
        let scale = scaled ? 0.25 + random.uniform() : nil
        let folder = try Self.folder(kind, reference: r, scale: scale)
        let sae = try #require(SAELensFolder.read(folder).sae)
        if let scale { r.foldScale(scale) }
        let inputs = Matrix(rows: 12, cols: d) { _, _ in random.normal() * 3 }
        let codes = sae.encode(inputs)
        let reconstructions = sae.decode(codes)
        for row in 0..<inputs.rows {
            let expected = r.encode(inputs.row(row))
            let worst = zip(codes.row(row), expected).map { abs($0 - $1) }.max() ?? 0
            #expect(
                worst < 1e-12 * max(1, expected.map(abs).max() ?? 0),
                "codes of row \(row): \(codes.row(row)) vs \(expected)")
            let decoded = r.decode(codes.row(row))
            #expect(
                zip(reconstructions.row(row), decoded).allSatisfy {
                    abs($0 - $1) < 1e-12 * max(1, abs($1))
                })
        }
        #expect(codes.values.contains { $0 > 0 }, "some latent fires")
    }

    @Test func foldingsLeaveTheMapUnchanged() {
        let (sae, a) = SAETests.randomSAE(d: 3, h: 5, seed: 12)
        // apply_b_dec_to_input false: a·W_enc + b_enc is the folded SAE's pre-activation.
        let folded = sae.foldingDecoderBiasIntoEncoder()
        #expect(
            (folded.forwardPass(a).preActivation - a.matmul(sae.W_enc).addingToEachRow(sae.b_enc))
                .maxAbs < 1e-12)
        // Decoder norms: unit rows afterwards, codes × the norms, the same reconstruction.
        let unit = sae.foldingDecoderNorms()
        let norms = sae.W_dec.rowNorms
        #expect(unit.W_dec.rowNorms.allSatisfy { abs($0 - 1) < 1e-12 })
        #expect(
            (unit.forwardPass(a).preActivation
                - sae.forwardPass(a).preActivation.scalingColumns(by: norms)).maxAbs < 1e-12)
        #expect(
            (unit.forwardPass(a).reconstruction - sae.forwardPass(a).reconstruction).maxAbs < 1e-12)
        // Code scales: codes unchanged, reconstruction (f ⊙ s)·W_dec + b_dec.
        let scales = [0.5, 2, 1, 3, 0.25]
        let scaled = sae.foldingCodeScales(scales)
        let codes = sae.encode(a)
        #expect(
            (scaled.decode(codes) - sae.decode(codes.scalingColumns(by: scales))).maxAbs < 1e-12)
    }
}
