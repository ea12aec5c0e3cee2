// `swift run step6` as a learner meets it.

import Foundation
import Literate
import SAEKit
import Step6Exercises
import Testing

@Suite("step6 on the command line")
struct Step6CommandTests {
    /// A small setting that still has ground truth, a frontier and every artifact.
    static let small =
        "step6 --preset dictionary-32x16 --samples 8000 --steps 2000 --warmup 100 --dead-window 300 --frontier-k 1,2 --frontier-l1 0.05,0.2"

    @Test func aSmallRunComparesL1WithTopKAndSavesBoth() throws {
        let run = try StepRunner.run(Self.small)
        #expect(run.status == 0, "\(run.standardError)")
        for section in [
            "Side by side at the L1 SAE's L0", "Shrinkage per true feature", "Dead latents, TopK",
            "The frontier"
        ] {
            #expect(run.standardOutput.contains(section), "the output has a \(section) section")
        }
        // The L1 SAE's codes shrink; TopK's do not shrink as much, and its k is the L1 SAE's L0
        // rounded.
        let l1Shrinkage = try #require(run.metric("l1.shrinkage_ratio")),
            topKShrinkage = try #require(run.metric("topk.shrinkage_ratio"))
        #expect(
            abs(topKShrinkage - 1) < abs(l1Shrinkage - 1),
            "TopK \(topKShrinkage) vs L1 \(l1Shrinkage)")
        #expect(run.metric("topk.k") == (run.metric("l1.l0")!).rounded())
        #expect(
            try #require(run.metric("l1.reconstruction_bias")) < 1,
            "L1 reconstructs too short: E‖â‖²/E[a·â] < 1")
        #expect(run.metric("frontier_against_l1.TopK.points") == 3, "k = 1, 2 and the L1 SAE's L0")
        try Self.expectDominatedRunsAreThoseBeatenWithinTheirFamily(run)
        for name in [
            "frontier.svg", "shrinkage.svg", "dead-latents.svg", "topk-sae/cfg.json",
            "topk-sae/sae_weights.safetensors",
            "batchtopk-sae/cfg.json", "batchtopk-sae/sae_weights.safetensors", "metrics.json"
        ] {
            #expect(FileManager.default.fileExists(atPath: run.stepFolder + "/" + name), "\(name)")
        }
    }

    /// metrics.json marks a frontier run dominated exactly when a run of its own family has no more
    /// latents and no more error (and less of one); the non-dominated runs are listed per family.
    static func expectDominatedRunsAreThoseBeatenWithinTheirFamily(_ run: StepRun) throws {
        let data = try #require(
            FileManager.default.contents(atPath: run.stepFolder + "/metrics.json"))
        let metrics = try JSONValue(parsing: [UInt8](data))
        let points = try #require(metrics["frontier"]?.arrayValue).map { point in
            (
                name: point["name"]?.stringValue ?? "", family: point["family"]?.stringValue ?? "",
                l0: point["l0"]?.doubleValue ?? .nan,
                nmse: point["normalized_mse"]?.doubleValue ?? .nan,
                dominatedBy: point["dominated_by"]?.stringValue
            )
        }
        for point in points {
            let beaten = points.contains { other in
                other.family == point.family && other.l0 <= point.l0 && other.nmse <= point.nmse
                    && (other.l0 < point.l0 || other.nmse < point.nmse)
            }
            #expect(
                beaten == (point.dominatedBy != nil),
                "\(point.name): dominated by \(point.dominatedBy ?? "none")")
            let front =
                metrics["non_dominated"]?[point.family]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(
                front.contains(point.name) == !beaten,
                "\(point.name) in \(point.family)'s non-dominated list")
        }
    }

    @Test func theTopKFolderLoadsAsSAELensTopKAndEncodesLikeTheRun() throws {
        let run = try StepRunner.run(Self.small + " --no-frontier")
        #expect(run.status == 0, "\(run.standardError)")
        let contents = try SAELensFolder.read(run.stepFolder + "/topk-sae"),
            config = contents.config
        let sae = try #require(contents.sae)
        #expect(config["architecture"]?.stringValue == "topk")
        let k = try #require(config["k"]?.intValue)
        #expect(sae.activation == .topK(k) && Double(k) == run.metric("topk.k"))
        // Every sample keeps at most k latents.
        let inputs = try #require(NumPyFile.read(run.folder + "/out/step2/activations.npy").matrix)
            .selectingRows(Array(0..<200))
        let codes = sae.encode(inputs)
        for row in 0..<codes.rows {
            #expect((0..<codes.cols).filter { codes[row, $0] != 0 }.count <= k)
        }
        // BatchTopK ends as a JumpReLU with one threshold per latent.
        let batchContents = try SAELensFolder.read(run.stepFolder + "/batchtopk-sae"),
            batchConfig = batchContents.config
        let batchTopK = try #require(batchContents.sae)
        #expect(batchConfig["architecture"]?.stringValue == "jumprelu")
        if case let .jumpReLU(thresholds) = batchTopK.activation {
            #expect(thresholds.count == sae.latentCount && thresholds.allSatisfy { $0 > 0 })
        }
        else {
            Issue.record("batchtopk-sae should load as a JumpReLU SAE, got \(batchTopK.activation)")
        }
        // Step 5 evaluates the TopK folder like any other SAE.
        let evaluation = try StepRunner.run(
            "step5 --preset dictionary-32x16 --samples 8000 --sae out/step6/topk-sae",
            in: run.folder)
        #expect(evaluation.status == 0, "\(evaluation.standardError)")
        #expect(evaluation.standardOutput.contains("TopK"))
        #expect(try #require(evaluation.metric("mmcs_true_to_learned")) > 0.9)
    }

    @Test(arguments: [
        ("step6 --k 30", "step6: --k 30 must be at most --latents (20)"),
        (
            "step6 --aux-coefficient -1",
            "step6: --aux-coefficient must be a number in [0, 100], got '-1'"
        ),
        (
            "step6 --frontier-k 1,x",
            "step6: --frontier-k must be a comma-separated list, each a number in (0, 100000], got '1,x'"
        ),
        (
            "step6 --kk 3",
            "step6: unknown flag --kk (did you mean --k?). Run 'swift run step6 --help' to list the flags."
        )
    ])
    func badInputIsOneLineAndExitTwo(command: String, message: String) throws {
        let run = try StepRunner.run(command)
        #expect(run.status == 2 && run.standardError == message + "\n", "got: \(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: run.folder + "/out"))
    }

    @Test func progressNamesEachTrainingAndTheTimeLeft() throws {
        // Without a terminal: a line as each training ends, counting, naming it, and giving the
        // time left (the last line: the total). Trainings end in whatever order they end: the names
        // are a set.
        let run = try StepRunner.run(
            "step6 --preset dictionary-8x4 --steps 300 --no-frontier",
            extraArguments: ["--no-color"])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardError.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(lines)")
        let k = Int(try #require(run.metric("topk.k"))),
            batchK = try #require(run.metric("batchtopk.k"))
        #expect(
            lines.first?.hasPrefix("training the L1 SAE  1/1  L1 λ=1 in ") == true
                && lines.first?.contains("  done in ") == true)
        let later = lines.dropFirst().map { $0.components(separatedBy: "  ") }
        #expect(
            later.map { $0.prefix(2).joined(separator: "  ") } == [
                "training 3 SAEs  1/3", "training 3 SAEs  2/3", "training 3 SAEs  3/3"
            ])
        #expect(
            Set(
                later.compactMap {
                    $0.count > 2 ? $0[2].components(separatedBy: " in ").first : nil
                })
                == [
                    "TopK k=\(k)", "TopK k=\(k) without AuxK",
                    "BatchTopK k=\(formatCompact(batchK))"
                ], "\(lines)")
        #expect(
            later.dropLast().allSatisfy { $0.last?.hasPrefix("ETA ") == true }
                && later.last?.last?.hasPrefix("done in ") == true)
    }

    @Test func helpListsEveryFlagWithItsDefault() throws {
        let run = try StepRunner.run("step6 --help")
        #expect(run.status == 0)
        for flag in [
            "--k N", "--batch-k X", "--aux-k N", "--aux-coefficient X", "--frontier-k",
            "--frontier-l1", "--no-frontier", "--mine"
        ] {
            #expect(run.standardOutput.contains(flag), "\(flag)")
        }
        #expect(run.standardOutput.contains("(default 0.03125;"))
    }

    @Test func mineUsesLearnerCodeOrNamesTheStubs() throws {
        let run = try StepRunner.run(Self.small + " --no-frontier --mine")
        if topKActivation(Matrix([[1]]), k: 1).isPlaceholder {
            #expect(run.status == 2)
            #expect(
                run.standardError.contains(
                    "step6 --mine: exercise 6.1 (TopK activation), 6.2 (TopK backward), 6.3 (AuxK loss on dead latents), "
                        + "6.4 (shrinkage against the true coefficients), 6.5 (normalised MSE and explained variance) are not implemented yet"
                ))
        } else {
            #expect(run.status == 0, "\(run.standardError)")
            let reference = try StepRunner.run(Self.small + " --no-frontier")
            for key in [
                "topk.normalized_mse", "topk.shrinkage_ratio", "topk.mmcs", "l1.shrinkage_ratio"
            ] {
                let mine = try #require(run.metric(key)),
                    theirs = try #require(reference.metric(key))
                #expect(
                    abs(mine - theirs) < 1e-6 * max(1, abs(theirs)), "\(key): \(mine) vs \(theirs)")
            }
        }
    }
}
