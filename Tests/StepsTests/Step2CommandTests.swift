// `swift run step2` as a learner meets it: every preset works; it reuses step 1's model when the
// settings match and says so; bad files and flags are one line and exit 2 with nothing written;
// the same seed gives identical files; --activations brings your own data.

import Foundation
import Literate
import SAEKit
import Step2Exercises
import Testing

let npyFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/npy")

@Suite("step2 on the command line")
struct Step2CommandTests {
    func array(_ run: StepRun, _ name: String) throws -> Tensor {
        try NumPyFile.read(run.stepFolder + "/" + name)
    }

    @Test(arguments: [
        ("curriculum", [50_000, 5], [10, 5]), ("pentagon", [50_000, 2], [5, 2]),
        ("dictionary-32x16", [50_000, 16], [32, 16]),
        ("dictionary-8x4", [50_000, 4], [8, 4]), ("dictionary-24x8", [50_000, 8], [24, 8])
    ])
    func everyGeneratedPresetWritesConsistentFiles(
        preset: String, activations: [Int], directions: [Int]
    ) throws {
        let run = try StepRunner.run("step2 --preset \(preset)")
        #expect(run.status == 0, "\(run.standardError)")
        let a = try array(run, "activations.npy"), codes = try array(run, "codes.npy"),
            d = try array(run, "directions.npy")
        #expect(a.shape == activations && a.dtype == .float64)
        #expect(d.shape == directions && codes.shape == [activations[0], directions[0]])
        let residual =
            Matrix(rows: a.shape[0], cols: a.shape[1], values: a.values)
            - codes.matrix!.matmul(d.matrix!)
        let noise = preset == "dictionary-24x8" ? 0.03 : 0.0
        #expect(
            abs(
                (residual.squaredFrobeniusNorm / Double(residual.values.count)).squareRoot() - noise
            ) < 0.002, "a = codes · directions + noise")
        let record = try JSONValue(
            parsing: [UInt8](
                FileManager.default.contents(atPath: run.stepFolder + "/dataset.json")!))
        #expect(record["ground_truth"] == .bool(true))
        #expect(record["fingerprint"]?.stringValue == run.metricText("fingerprint"))
    }

    @Test func classifierPresetWritesLabels() throws {
        let run = try StepRunner.run("step2 --preset classifier --samples 3000")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try array(run, "activations.npy").shape == [3000, 16])
        let labels = try array(run, "labels.npy")
        #expect(
            labels.dtype == .int64 && labels.shape == [3000]
                && Set(labels.values) == Set((0..<8).map(Double.init)))
        #expect(!FileManager.default.fileExists(atPath: run.stepFolder + "/codes.npy"))
        #expect((run.metric("classifier_test_accuracy") ?? 0) > 0.9)
    }

    @Test func reusesStepOneWhenSettingsMatchAndRetrainsWhenNot() throws {
        let first = try StepRunner.run("step1 --preset pentagon --steps 300")
        let reuse = try StepRunner.run(
            "step2 --preset pentagon --steps 300 --samples 100", in: first.folder)
        #expect(
            reuse.standardOutput.contains(
                "using the step-1 toy model in out/step1/toy-model.safetensors (same settings and seed)"
            ))
        let model = try ToyModel(
            try SafeTensorsFile(contentsOf: first.stepFolder + "/toy-model.safetensors"),
            source: "step1")
        #expect(try array(reuse, "directions.npy").matrix == model.W.transposed)
        let retrain = try StepRunner.run(
            "step2 --preset pentagon --steps 200 --samples 100", in: first.folder)
        #expect(
            retrain.standardOutput.contains(
                ("out/step1/toy-model.safetensors was made with steps 300 (this run needs 200): "
                    + "trained it first (step 1, pentagon, seed 0) and saved it there")
                    .wrappedForTerminal()))
    }

    @Test func sameSeedGivesIdenticalFiles() throws {
        let a = try StepRunner.run("step2 --preset dictionary-24x8 --samples 5000"),
            b = try StepRunner.run("step2 --preset dictionary-24x8 --samples 5000")
        for name in [
            "activations.npy", "codes.npy", "directions.npy", "dataset.json", "metrics.json",
            "responses.svg"
        ] {
            let x = FileManager.default.contents(atPath: a.stepFolder + "/" + name)
            #expect(
                x != nil && x == FileManager.default.contents(atPath: b.stepFolder + "/" + name),
                "\(name) differs")
        }
    }

    @Test func normalizeMakesTheMeanNormRootD() throws {
        let run = try StepRunner.run("step2 --preset dictionary-8x4 --samples 4000 --normalize")
        let a = try array(run, "activations.npy").matrix!
        #expect(abs(ActivationStatistics(activations: a).meanNorm - 2) < 1e-9)
        let residual =
            a
            - (try array(run, "codes.npy")).matrix!.matmul(
                (try array(run, "directions.npy")).matrix!)
        #expect(residual.maxAbs < 1e-9, "directions are scaled with the activations")
    }

    @Test func bringYourOwnActivations() throws {
        let folder = NSTemporaryDirectory() + "sae-own-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try NumPyFile.write(
            Tensor(shape: [4, 3], values: (0..<12).map(Double.init), dtype: .float32),
            to: folder + "/mine.npy")
        let run = try StepRunner.run("step2 --activations mine.npy", in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try array(run, "activations.npy").values == (0..<12).map(Double.init))
        #expect(!FileManager.default.fileExists(atPath: run.stepFolder + "/codes.npy"))
        #expect(run.standardOutput.contains("no ground truth"))
    }

    @Test(arguments: [
        (
            "truncated.npy",
            "the data is truncated: shape (3, 4) of <f8 needs 96 bytes, the file has 91"
        ),
        ("wrong_magic.npy", "not a .npy file"),
        ("huge_shape.npy", "shape (1000000, 1000) of <f8 needs more data than the file's 16 bytes"),
        ("fortran.npy", "Fortran (column-major) order"),
        ("complex.npy", "dtype '<c16' is not supported"),
        ("f4_3d_v2.npy", "expected a 2-D array [samples, dims], got shape (2, 3, 4)"),
        ("missing.npy", "cannot read the file")
    ])
    func badActivationFilesAreOneLineAndExitTwo(name: String, problem: String) throws {
        let path = npyFixtures.appendingPathComponent(name).path
        let run = try StepRunner.run("step2 --activations " + path)
        #expect(run.status == 2)
        #expect(
            run.standardError.hasPrefix("\(path): ") && run.standardError.contains(problem),
            "got: \(run.standardError)")
        #expect(run.standardError.split(separator: "\n").count == 1)
        #expect(
            !FileManager.default.fileExists(atPath: run.folder + "/out"),
            "nothing may be written for a bad file")
    }

    @Test(arguments: [
        (
            "--preset curriculum --dims 4",
            "--dims applies to dictionary presets (dictionary-32x16, dictionary-8x4, dictionary-24x8), not to --preset curriculum"
        ),
        (
            "--preset dictionary-8x4 --hidden 2",
            "--hidden applies to toy-model presets (curriculum, pentagon), not to --preset dictionary-8x4"
        ),
        (
            "--preset dictionary-8x4 --active 3-2",
            "--active must be MIN-MAX with 1 ≤ MIN ≤ MAX ≤ 8, got '3-2'"
        ),
        (
            "--preset dictionary-8x4 --active 2-3 --probability 0.1",
            "use --probability or --active, not both"
        ),
        (
            "--preset classifier --features 4",
            "--features applies to toy-model and dictionary presets, not to --preset classifier"
        ),
        (
            "--activations x.npy --samples 10",
            "--samples does not apply with --activations (your file is the data)"
        ),
        ("--samples 1", "--samples must be an integer from 2 to 5000000, got '1'")
    ])
    func flagsThatDoNotApplyAreErrors(arguments: String, message: String) throws {
        let run = try StepRunner.run("step2 " + arguments)
        #expect(run.status == 2)
        #expect(run.standardError == "step2: \(message)\n", "got: \(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: run.folder + "/out"))
    }

    @Test func mineUsesLearnerCodeOrNamesTheStubs() throws {
        let run = try StepRunner.run("step2 --mine --preset pentagon --steps 200 --samples 5000")
        var probe = SeededGenerator(seed: 0)
        if sampleSparseFeatures(batchSize: 1, probabilities: [0.5], generator: &probe).isPlaceholder
        {
            #expect(run.status == 2)
            #expect(
                run.standardError.contains(
                    "exercise 2.1 (sparse feature sampler), 2.2 (hidden activations), 2.3 (activation statistics) are not implemented yet"
                ))
        } else {
            #expect(run.status == 0, "\(run.standardError)")
            let reference = try StepRunner.run("step2 --preset pentagon --steps 200 --samples 5000")
            for key in ["mean_norm", "norm_sd", "normalization_scale"] {
                #expect(abs(run.metric(key)! - reference.metric(key)!) < 1e-9, "\(key)")
            }
        }
    }
}

extension StepRun {
    /// A string value from the run's metrics.json.
    func metricText(_ key: String) -> String? {
        guard let data = FileManager.default.contents(atPath: stepFolder + "/metrics.json") else {
            return nil
        }
        return (try? JSONValue(parsing: [UInt8](data)))?[key]?.stringValue
    }
}
