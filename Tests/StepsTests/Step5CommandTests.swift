// `swift run step5` as a learner meets it.

import Foundation
import Literate
import SAEKit
import Step5Exercises
import Testing

@Suite("step5 on the command line")
struct Step5CommandTests {
    @Test func curriculumMeetsTheTargets() throws {
        let run = try StepRunner.run("step5")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.metric("matched_0_99") == run.metric("present_features"))
        #expect(
            try #require(run.metric("matched_selectivity_min")) >= 0.9,
            "each matched latent's selectivity ≥ 0.9")
        #expect(
            try #require(run.metric("ablation_drop_min")) >= 0.5,
            "ablating a matched latent drops its output by ≥ 50%")
        #expect(
            try #require(run.metric("control_drop_max_abs")) <= 0.05,
            "the negative control moves it by ≤ 5%")
        #expect(run.metric("group_drop_min").map { $0 >= 0.95 } == true)
        #expect(
            run.standardOutput.contains("One-to-one matching (Hungarian)")
                && run.standardOutput.contains("Causal checks"))
        let html = try String(contentsOfFile: run.stepFolder + "/report.html", encoding: .utf8)
        #expect(
            html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("latent "))
        #expect(
            !html.contains("<script") && !html.contains("src=") && !html.contains("href="),
            "self-contained: no scripts, no external resources")
        for name in ["cosines.svg", "matched-directions.svg", "ablation.svg", "steering.svg"] {
            #expect(FileManager.default.fileExists(atPath: run.stepFolder + "/" + name))
        }
    }

    @Test func classifierLatentsArePurerThanNeurons() throws {
        let run = try StepRunner.run("step5 --preset classifier --steps 3000")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(
            try #require(run.metric("latent_purity_median"))
                > (try #require(run.metric("neuron_purity_median"))))
    }

    @Test func anSAEFolderFromElsewhereIsEvaluated() throws {
        // An "oracle" SAE written outside step 4, in float32: its decoder rows are the true
        // directions.
        let first = try StepRunner.run("step2 --preset dictionary-8x4 --samples 2000")
        let directions = try NumPyFile.read(first.stepFolder + "/directions.npy").matrix!
        var rows = directions
        rows.normaliseRows()
        let weights = SafeTensorsFile(tensors: [
            ("W_enc", Tensor(rows.transposed, dtype: .float32)),
            ("b_enc", Tensor(vector: Array(repeating: 0, count: 8), dtype: .float32)),
            ("W_dec", Tensor(rows, dtype: .float32)),
            ("b_dec", Tensor(vector: Array(repeating: 0, count: 4), dtype: .float32))
        ])
        let folder = first.folder + "/oracle"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try weights.write(to: folder + "/sae_weights.safetensors")
        try AtomicFile.write(
            #"{"architecture": "standard", "d_in": 4, "d_sae": 8, "dtype": "float32"}"#,
            to: folder + "/cfg.json")
        let run = try StepRunner.run(
            "step5 --preset dictionary-8x4 --samples 2000 --sae oracle", in: first.folder)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try #require(run.metric("mmcs_true_to_learned")) > 0.9999)
        #expect(run.standardOutput.contains("evaluating oracle (ReLU SAE, 8 latents)"))
    }

    @Test func aFolderSAELensWroteIsReadWithItsSettingsFoldedAndSaysSo() throws {
        // SAELens 6's TopK with rescale_acts_by_decoder_norm (Tests/Fixtures/saelens), on 4-d data.
        let folder = saelensFixtureFolder("v6-topk-rescale")
        let run = try StepRunner.run("step5 --preset dictionary-8x4 --samples 2000 --sae \(folder)")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("evaluating \(folder) (TopK k=2 SAE, 6 latents)"))
        #expect(
            run.standardOutput.contains(
                "  rescale_acts_by_decoder_norm true: pre-activations × ‖W_dec[j]‖"))
        let notes = try String(contentsOfFile: run.stepFolder + "/metrics.json", encoding: .utf8)
        #expect(
            notes.contains("\"sae_folder_notes\"")
                && notes.contains("rescale_acts_by_decoder_norm true"))
    }

    @Test func aFolderWhoseMathsCannotBeReproducedIsRefusedBeforeAnythingIsWritten() throws {
        let folder = saelensFixtureFolder("v6-layer-norm")
        let run = try StepRunner.run("step5 --preset dictionary-8x4 --sae \(folder)")
        #expect(run.status == 2)
        #expect(
            run.standardError.hasPrefix(
                "step5: --sae \(folder)/cfg.json: normalize_activations 'layer_norm' "),
            "got: \(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: run.folder + "/out"), "nothing written")
    }

    @Test(arguments: [
        (
            "step5 --sae /nonexistent",
            "step5: --sae /nonexistent: no cfg.json (an SAELens folder holds cfg.json and sae_weights.safetensors)"
        ),
        ("step5 --steer-to 0", "step5: --steer-to must be a number in (0, 100], got '0'")
    ])
    func badInputIsOneLineAndExitTwo(command: String, message: String) throws {
        let run = try StepRunner.run(command)
        #expect(run.status == 2 && run.standardError == message + "\n", "got: \(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: run.folder + "/out"))
    }

    @Test func mineUsesLearnerCodeOrNamesTheStubs() throws {
        let run = try StepRunner.run("step5 --mine --steps 2000")
        if cosineSimilarities(Matrix([[1]]), Matrix([[1]])).isPlaceholder {
            #expect(run.status == 2)
            #expect(
                run.standardError.contains(
                    "step5 --mine: exercise 5.1 (cosine-similarity matrix), 5.2 (MMCS), 5.3 (one-to-one matching), "
                        + "5.4 (monosemanticity), 5.5 (ablation with a negative control) are not implemented yet"
                ))
        } else {
            #expect(run.status == 0, "\(run.standardError)")
            let reference = try StepRunner.run("step5 --steps 2000")
            for key in [
                "mmcs_true_to_learned", "mmcs_learned_to_true", "matched_selectivity_min",
                "ablation_drop_min"
            ] {
                #expect(abs(run.metric(key)! - reference.metric(key)!) < 1e-9, "\(key)")
            }
        }
    }
}

/// A folder of Tests/Fixtures/saelens (written by SAELens itself).
func saelensFixtureFolder(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/saelens/" + name).path
}
