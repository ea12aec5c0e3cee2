// `swift run step3` and `swift run step4` as a learner meets them.

import Foundation
import Literate
import SAEKit
import Step3Exercises
import Step4Exercises
import Testing

@Suite("step3 and step4 on the command line")
struct Step34CommandTests {
    @Test func step3ChecksGradientsAndShowsTheCheat() throws {
        let run = try StepRunner.run("step3")
        #expect(run.status == 0, "\(run.standardError)")
        for parameter in ["W_enc", "b_enc", "W_dec", "b_dec"] {
            let error = try #require(run.metric("gradient_check.\(parameter)"))
            #expect(error < 1e-6, "\(parameter): \(error)")
        }
        let l1 = try #require(run.metric("cheat.0.l1")),
            l1Scaled = try #require(run.metric("cheat.2.l1"))
        #expect(abs(l1Scaled - l1 / 10) < 1e-12 * l1)
        #expect(
            abs(
                try #require(run.metric("cheat.2.reconstruction"))
                    - (try #require(run.metric("cheat.0.reconstruction")))) < 1e-12)
        #expect(run.standardOutput.contains("every parameter below 1e-6"))
        // The figure: the error against ε. One-sided differences are worse than central ones at the
        // check's ε; central ones are exact up to rounding until ε reaches a kink (1e-3 here), then
        // jump.
        #expect(FileManager.default.fileExists(atPath: run.stepFolder + "/gradient-check.svg"))
        let error = { (index: Int, scheme: String) in
            run.metric("gradient_check_against_step.\(index).\(scheme)") ?? .nan
        }
        #expect(run.metric("gradient_check_against_step.14.step") == 1e-5)
        #expect(error(14, "one_sided") > 1e3 * error(14, "central"))
        #expect(
            error(17, "central") < 1e-9 && error(18, "central") > 1e-4,
            "the kink between ε = 3e-4 and 1e-3")
    }

    @Test func step4TrainsRecoversAndExportsAnSAELensFolder() throws {
        let run = try StepRunner.run("step4")
        #expect(run.status == 0, "\(run.standardError)")
        let present = try #require(run.metric("present_features"))
        #expect(
            run.metric("recovered_0_99") == present, "every represented feature at cosine ≥ 0.99")
        let l0 = try #require(run.metric("l0")), trueL0 = try #require(run.metric("true_l0"))
        #expect(abs(l0 - trueL0) <= 0.3 * trueL0, "L0 \(l0) within 30% of the true \(trueL0)")
        let folder = run.stepFolder + "/sae"
        let contents = try SAELensFolder.read(folder), config = contents.config
        let sae = try #require(contents.sae)
        #expect(contents.notes.isEmpty, "our own folder needs nothing folded")
        #expect(
            config["architecture"]?.stringValue == "standard" && config["d_in"]?.intValue == 5
                && config["d_sae"]?.intValue == 20)
        #expect(
            config["apply_b_dec_to_input"] == .bool(true)
                && config["normalize_activations"]?.stringValue == "none")
        let weights = try SafeTensorsFile(contentsOf: folder + "/sae_weights.safetensors")
        #expect(weights["W_enc"]?.shape == [5, 20] && weights["W_dec"]?.shape == [20, 5])
        for norm in sae.W_dec.rowNorms { #expect(abs(norm - 1) < 1e-9) }
        let activations = try NumPyFile.read(run.folder + "/out/step2/activations.npy").matrix!
        let sample = try NumPyFile.read(run.stepFolder + "/latents-sample.npy").matrix!
        #expect(sae.encode(activations.selectingRows(Array(0..<1000))) == sample)
        #expect(FileManager.default.fileExists(atPath: run.stepFolder + "/training-loss.svg"))
    }

    @Test func step4IsDeterministic() throws {
        let a = try StepRunner.run("step4 --preset pentagon --steps 800"),
            b = try StepRunner.run("step4 --preset pentagon --steps 800")
        for name in [
            "metrics.json", "sae/sae_weights.safetensors", "sae/cfg.json", "latents-sample.npy"
        ] {
            let x = FileManager.default.contents(atPath: a.stepFolder + "/" + name)
            #expect(
                x != nil && x == FileManager.default.contents(atPath: b.stepFolder + "/" + name),
                "\(name) differs")
        }
    }

    @Test func step4SweepWritesOnePointPerL1() throws {
        let run = try StepRunner.run(
            "step4 --preset pentagon --sweep l1 --l1-values 0.05,0.5 --steps 300")
        #expect(run.status == 0, "\(run.standardError)")
        let text = try String(contentsOfFile: run.stepFolder + "/metrics.json", encoding: .utf8)
        #expect(try JSONValue(parsing: text)["points"]?.arrayValue?.count == 2)
        #expect(FileManager.default.fileExists(atPath: run.stepFolder + "/frontier.svg"))
        #expect(!FileManager.default.fileExists(atPath: run.stepFolder + "/sae"))
    }

    @Test(arguments: [
        ("step4 --latents 0", "step4: --latents must be an integer from 1 to 100000, got '0'"),
        ("step4 --l1 -1", "step4: --l1 must be a number in [0, 1000], got '-1'"),
        ("step4 --sweep lambda", "step4: --sweep must be one of none | l1, got 'lambda'"),
        (
            "step4 --l1-values 0.1,x",
            "step4: --l1-values must be a comma-separated list, each a number in [0, 1000], got '0.1,x'"
        ),
        ("step4 --sweep l1 --mine", "step4: --mine trains one SAE; run the sweep without it"),
        (
            "step3 --preset curriculum --dims 3",
            "step3: --dims applies to dictionary presets (dictionary-32x16, dictionary-8x4, dictionary-24x8), not to --preset curriculum"
        )
    ])
    func badFlagsAreOneLineAndExitTwo(command: String, message: String) throws {
        let run = try StepRunner.run(command)
        #expect(run.status == 2)
        #expect(run.standardError == message + "\n", "got: \(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: run.folder + "/out"))
    }

    @Test func mineUsesLearnerCodeOrNamesTheStubs() throws {
        let step3 = try StepRunner.run("step3 --mine")
        let step4 = try StepRunner.run("step4 --mine --steps 500")
        if saeEncode(
            Matrix([[1]]),
            sae: SparseAutoencoder(
                W_enc: Matrix([[1]]), b_enc: [0], W_dec: Matrix([[1]]), b_dec: [0])
        ).isPlaceholder {
            #expect(step3.status == 2 && step4.status == 2)
            #expect(
                step3.standardError.contains(
                    "exercise 3.1 (SAE encode), 3.2 (SAE decode), 3.3 (SAE loss terms), 3.4 (SAE backward pass), "
                        + "3.5 (finite-difference gradient checker) are not implemented yet"))
            #expect(
                step4.standardError.contains("step4 --mine: exercise 3.1 (SAE encode)")
                    && step4.standardError.contains("4.4 (dead-latent resampling)")
                    && step4.standardError.contains("edit Exercises/Step3/ and Exercises/Step4/"),
                "step 4 names every exercise it needs")
        } else {
            #expect(
                step3.status == 0 && step4.status == 0,
                "\(step3.standardError)\(step4.standardError)")
            for parameter in ["W_enc", "b_enc", "W_dec", "b_dec"] {
                #expect(step3.metric("gradient_check.\(parameter)")! < 1e-6)
            }
            let reference = try StepRunner.run("step4 --steps 500")
            let mine = try #require(step4.metric("mse")),
                theirs = try #require(reference.metric("mse"))
            #expect(
                abs(mine - theirs) < 1e-6 * theirs,
                "your 3.x/4.x train like SAEKit's: mse \(mine) vs \(theirs)")
        }
    }
}
