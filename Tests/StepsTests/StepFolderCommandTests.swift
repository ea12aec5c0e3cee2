// What a learner finds in a step's folder belongs to one run (StepOutput.swift): a run in another
// mode replaces an earlier run's files and says so in one line, and the later steps that read the
// folder still find, or make again, what they need. With --out, the whole tree moves.

import Foundation
import Literate
import SAEKit
import Testing

@Suite("A step's folder holds one run")
struct StepFolderCommandTests {
    /// The files under a folder, relative paths, sorted.
    static func files(_ folder: String) -> [String] {
        let names =
            FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: folder + "/" + name, isDirectory: &isFolder)
            return exists && !isFolder.boolValue
        }.sorted()
    }

    @Test func aSweepReplacesTheSingleRunAndStep5TrainsItsSAEAgain() throws {
        let single = try StepRunner.run("step4 --steps 300 --out results")
        #expect(single.status == 0, "\(single.standardError)")
        let folder = single.folder + "/results/step4"
        #expect(FileManager.default.fileExists(atPath: folder + "/sae/cfg.json"))
        #expect(!single.standardOutput.contains("Removed"), "a fresh folder has nothing to replace")

        let sweep = try StepRunner.run(
            "step4 --steps 300 --sweep l1 --l1-values 0.05,0.1 --out results",
            in: single.folder)
        #expect(sweep.status == 0, "\(sweep.standardError)")
        let replaced =
            "\nRemoved 6 files an earlier run left in results/step4/: training-loss.svg, "
            + "training-sparsity.svg, recovery.svg, sae/sae_weights.safetensors, sae/cfg.json, "
            + "latents-sample.npy\n"
        #expect(sweep.standardOutput.contains(replaced.wrappedForTerminal()),
                "\(sweep.standardOutput)")
        #expect(
            Self.files(folder) == [".step-files", "frontier.svg", "metrics.json", "mmcs-vs-l1.svg"])

        // Step 5 reads step 4's SAE: gone, so it trains it again and saves it in step 4's folder,
        // which then holds that run's files alone.
        let step5 = try StepRunner.run("step5 --steps 300 --out results", in: single.folder)
        #expect(step5.status == 0, "\(step5.standardError)")
        let retrained =
            "no step-4 SAE in results/step4/: trained it first (step 4, curriculum, seed 0) "
            + "and saved it there\nRemoved 2 files an earlier run left in results/step4/: "
            + "frontier.svg, mmcs-vs-l1.svg\n"
        #expect(step5.standardOutput.contains(retrained), "\(step5.standardOutput)")
        #expect(
            Self.files(folder) == [
                ".step-files", "latents-sample.npy", "metrics.json", "recovery.svg",
                "sae/cfg.json", "sae/sae_weights.safetensors", "training-loss.svg",
                "training-sparsity.svg"
            ])
        let again = try StepRunner.run("step5 --steps 300 --out results", in: single.folder)
        #expect(again.standardOutput.contains("using the step-4 SAE in results/step4/sae/"))
        #expect(!again.standardOutput.contains("Removed"))
    }
}
