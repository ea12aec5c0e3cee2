// `swift run step1` as a learner meets it: bad input is one line and exit status 2 with nothing
// written; --help lists every flag; the same seed gives byte-identical files; --mine uses the
// learner's code, or says which exercises are still stubs.

import Foundation
import Literate
import SAEKit
import Step1Exercises
import Testing

@Suite("step1 on the command line")
struct Step1CommandTests {
    @Test(arguments: [
        ("--features -3", "--features must be an integer from 1 to 1000, got '-3'"),
        ("--hidden 0", "--hidden must be an integer from 1 to 10 (at most --features), got '0'"),
        (
            "--features 4 --hidden 5",
            "--hidden must be an integer from 1 to 4 (at most --features), got '5'"
        ),
        ("--probability 1.5", "--probability must be a number in (0, 1], got '1.5'"),
        ("--steps abc", "--steps must be an integer from 1 to 1000000, got 'abc'"),
        ("--lr 0", "--lr must be a number in (0, 1], got '0'"),
        (
            "--preset pentagram",
            "--preset must be one of curriculum | pentagon, got 'pentagram' (did you mean pentagon?)"
        ),
        ("--stpes 10", "unknown flag --stpes (did you mean --steps?)"),
        ("--seed", "--seed needs a value: an integer ≥ 0")
    ])
    func badInputIsOneLineAndExitTwoWithNothingWritten(arguments: String, message: String) throws {
        let run = try StepRunner.run("step1 " + arguments)
        #expect(run.status == 2)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(run.standardError)")
        #expect(run.standardError.contains(message), "got: \(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        #expect(
            !FileManager.default.fileExists(atPath: run.folder + "/out"),
            "nothing may be written on bad input")
    }

    @Test func helpListsEveryFlagWithItsDefault() throws {
        let run = try StepRunner.run("step1 --help")
        #expect(run.status == 0)
        for flag in [
            "--preset", "--features", "--hidden", "--probability", "--importance-decay", "--steps",
            "--batch", "--lr",
            "--weight-decay", "--schedule", "--seed", "--out", "--quiet", "--no-color", "--mine",
            "--help"
        ] {
            #expect(run.standardOutput.contains("  \(flag)"), "help lacks \(flag)")
        }
        #expect(run.standardOutput.contains("(default 10; an integer from 1 to 1000)"))
        #expect(!FileManager.default.fileExists(atPath: run.folder + "/out"))
    }

    @Test func sameSeedGivesIdenticalFiles() throws {
        let first = try StepRunner.run("step1"), second = try StepRunner.run("step1")
        #expect(first.status == 0 && second.status == 0)
        for name in [
            "metrics.json", "toy-model.safetensors", "gram.svg", "feature-norms.svg", "loss.svg"
        ] {
            let a = FileManager.default.contents(atPath: first.stepFolder + "/" + name)
            #expect(
                a != nil
                    && a == FileManager.default.contents(atPath: second.stepFolder + "/" + name),
                "\(name) differs")
        }
        #expect(first.standardOutput == second.standardOutput)
        let other = try StepRunner.run("step1 --seed 5 --steps 200")
        #expect(FileManager.default.contents(atPath: other.stepFolder + "/metrics.json")
                != FileManager.default.contents(atPath: first.stepFolder + "/metrics.json"))
    }

    @Test func savedModelReadsBackAndMatchesTheMetrics() throws {
        let run = try StepRunner.run("step1 --preset pentagon --steps 2000")
        let file = try SafeTensorsFile(contentsOf: run.stepFolder + "/toy-model.safetensors")
        let model = try ToyModel(file, source: "toy-model.safetensors")
        #expect(model.W.shape == [2, 5])
        let metrics = SuperpositionMetrics(W: model.W)
        #expect(run.metric("dimensions_per_feature") == metrics.dimensionsPerFeature)
        #expect(run.metric("feature_norms.3") == metrics.featureNorms[3])
        #expect(FileManager.default.fileExists(atPath: run.stepFolder + "/directions.svg"))
    }

    @Test func unusableOutputFolderIsAUserError() throws {
        let run = try StepRunner.run(
            "step1 --steps 10", extraArguments: ["--quiet", "--out", "/dev/null/sae"])
        #expect(run.status == 2)
        #expect(
            run.standardError.contains(
                "--out: /dev/null exists and is not a folder (needed for /dev/null/sae/step1)"),
            "got: \(run.standardError)")
    }

    @Test func mineUsesLearnerCodeOrNamesTheStubs() throws {
        let run = try StepRunner.run("step1 --mine --steps 300")
        let stubs = toyModelForward(Matrix([[1]]), model: ToyModel(W: Matrix([[1]]), b: [0]))
            .isPlaceholder
        if stubs {
            #expect(run.status == 2)
            #expect(
                run.standardError.contains(
                    "exercise 1.1 (toy model forward), 1.2 (importance-weighted loss), 1.3 (toy model gradients) are not implemented yet"
                ))
            #expect(run.standardError.contains("Chapters/01-superposition.md#exercise-11"))
            #expect(!FileManager.default.fileExists(atPath: run.stepFolder + "/metrics.json"))
        } else {
            // With the solutions swapped in, --mine must train like SAEKit's maths (to rounding).
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput.contains("--mine: training with your exercises 1.1–1.3"))
            let reference = try StepRunner.run("step1 --steps 300")
            let mine = try #require(run.metric("final_loss")),
                theirs = try #require(reference.metric("final_loss"))
            #expect(abs(mine - theirs) < 1e-9 * theirs)
            #expect(
                run.metric("dimensions_per_feature").map {
                    abs($0 - reference.metric("dimensions_per_feature")!) < 1e-9
                } == true)
        }
    }
}
