// Robustness as a learner meets it (issue 8): bad flags and files across the steps, training that
// diverges, a step killed in the middle of a write, and byte-identical reruns. Faults a learner
// reaches by accident are injected with SAEKIT_FAULT (Sources/SAEKit/IO/FaultInjection.swift).

import Foundation
import Literate
import SAEKit
import Testing

let robustnessFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures/robustness").path

/// Every file under `folder` (relative path → bytes).
func snapshot(_ folder: String) -> [String: Data] {
    var files: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return files }
    for case let name as String in walker {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory),
            !isDirectory.boolValue
        {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
    }
    return files
}

@Suite("Robustness on the command line")
struct RobustnessCommandTests {
    // MARK: - Bad input: one line, exit 2, nothing written

    @Test(arguments: [
        (
            "step1 --hidden 12",
            "--hidden must be an integer from 1 to 10 (at most --features), got '12'"
        ),
        ("step1 --lr", "--lr needs a value: a number in (0, 1]"),
        (
            "step1 --lr --steps 3",
            "--lr needs a value: a number in (0, 1] (got the flag --steps instead)"
        ),
        ("step1 --quiet=1", "--quiet takes no value"),
        (
            "step2 --preset dictionary-8x4 --active 3-2",
            "--active must be MIN-MAX with 1 ≤ MIN ≤ MAX ≤ 8, got '3-2'"
        ),
        ("step2 --dims 4", "--dims applies to dictionary presets"),
        (
            "step2 --preset dictionary-8x4 --probability 0.2 --active 1-2",
            "use --probability or --active, not both"
        ),
        ("step2 --activations missing.npy", "missing.npy: cannot read the file"),
        ("step2 --activations FIXTURES/bad-magic.npy", "bad-magic.npy: not a .npy file"),
        (
            "step2 --activations FIXTURES/three-d.npy",
            "three-d.npy: expected a 2-D array [samples, dims], got shape (2, 3, 4)"
        ),
        (
            "step2 --activations FIXTURES/nan-row-7.npy",
            "nan-row-7.npy: row 7 has a NaN or infinite value (column 2)"
        ),
        (
            "step4 --activations FIXTURES/huge-row-4.npy",
            "huge-row-4.npy: row 4 has the value 3.0e150 (column 1); entries must be at most 1e100"
        ),
        ("step3 --latents 0", "--latents must be an integer from 1 to 100000, got '0'"),
        ("step4 --lr 2", "--lr must be a number in (0, 1], got '2'"),
        ("step4 --sweep l2", "--sweep must be one of none | l1, got 'l2' (did you mean l1?)"),
        (
            "step4 --l1-values 0.1,abc --sweep l1",
            "--l1-values must be a comma-separated list, each a number in [0, 1000], got '0.1,abc'"
        ),
        ("step5 --latent 3", "unknown flag --latent (did you mean --latents?)"),
        ("step6 --k 30", "--k 30 must be at most --latents (20)"),
        ("step6 --frontier-k 1,2,99", "--frontier-k 99 must be at most --latents (20)"),
        ("step4 --out FIXTURES/bad-magic.npy", "bad-magic.npy exists and is not a folder"),
        ("step4 --out /proc/sae-robustness", "--out: cannot create the folder /proc/sae-robustness")
    ])
    func badInputIsOneLineAndExitTwoWithNothingWritten(command: String, message: String) throws {
        let run = try StepRunner.run(
            command.replacingOccurrences(of: "FIXTURES", with: robustnessFixtures))
        #expect(run.status == 2)
        #expect(
            run.standardError.split(separator: "\n").count == 1,
            "expected one line, got: \(run.standardError)")
        #expect(
            run.standardError.contains(
                message.replacingOccurrences(of: "FIXTURES", with: robustnessFixtures)),
            "got: \(run.standardError)")
        #expect(
            !FileManager.default.fileExists(atPath: run.folder + "/out"),
            "nothing may be written on bad input")
    }

    @Test(arguments: ["step1", "step2", "step3", "step4", "step5", "step6"])
    func helpListsEveryFlagWithItsDefault(step: String) throws {
        let run = try StepRunner.run(step + " --help")
        #expect(run.status == 0 && run.standardError.isEmpty)
        #expect(
            !FileManager.default.fileExists(atPath: run.folder + "/out"), "--help writes nothing")
        // A flag's description may continue on lines indented under it: join them.
        let hanging = "\n" + String(repeating: " ", count: 25)
        let flagLines = run.standardOutput.replacingOccurrences(of: hanging, with: " ")
            .split(separator: "\n").filter { $0.hasPrefix("  --") }
        for common in ["--seed", "--out", "--quiet", "--no-color", "--mine", "--help"] {
            #expect(
                flagLines.contains { $0.hasPrefix("  \(common) ") },
                "\(step) --help lacks \(common)")
        }
        // A flag that takes a value shows its default, unless it is an input that replaces the
        // default data or SAE.
        let optional = ["--activations", "--active", "--sae"]
        for line in flagLines
        where line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first?.first?
            .isUppercase == true
        {
            let name = String(line.split(separator: " ").first!)
            #expect(
                line.contains("(default ") || optional.contains(name), "\(step) --help: \(line)")
        }
        #expect(flagLines.count >= 10)
    }

    // MARK: - Divergence

    @Test(arguments: [
        ("step1 --steps 300", "the loss"),
        ("step4 --steps 300 --preset dictionary-8x4", "the reconstruction loss"),
        ("step6 --steps 300 --preset dictionary-8x4", "the reconstruction loss")
    ])
    func divergenceStopsAtTheStepAndKeepsTheLastGoodFiles(
        command: String, quantity: String
    ) throws {
        let step = String(command.prefix(5))
        let good = try StepRunner.run(command)
        #expect(good.status == 0, "\(good.standardError)")
        let before = snapshot(good.folder + "/out")
        var environment = ProcessInfo.processInfo.environment.filter { $0.key != "NO_COLOR" }
        environment["SAEKIT_FAULT"] = "nan-loss-at-step=37"
        let diverged = try StepRunner.run(good.command, environment: environment, in: good.folder)
        #expect(diverged.status == 2)
        let message = diverged.standardError.split(separator: "\n").last.map(String.init) ?? ""
        #expect(message.hasPrefix("\(step): "), "got: \(diverged.standardError)")
        #expect(
            message.contains(
                "diverged at step 37 of 300: \(quantity) became nan; try a smaller --lr"),
            "got: \(message)")
        #expect(message.contains("Nothing from this run was saved"))
        #expect(snapshot(good.folder + "/out") == before, "the last good artifacts are untouched")
    }

    // MARK: - Nothing lost

    @Test func aStepKilledMidWriteLeavesTheOldFileOrTheNewOneNeverAPart() throws {
        // Two complete runs that write different bytes (seeds 0 and 1), then seed-1 runs over seed
        // 0's files that kill themselves (SIGKILL) once they have written a given share of a run's
        // bytes: at the first byte, inside files and near the end. The kill points are bytes, not
        // seconds, so they land where they should on a quiet machine and on a loaded one.
        let command = "step2 --preset dictionary-32x16 --samples 5000"
        let old = try StepRunner.run(command + " --seed 0"),
            new = try StepRunner.run(command + " --seed 1")
        #expect(old.status == 0 && new.status == 0)
        let (oldFiles, newFiles) = (snapshot(old.stepFolder), snapshot(new.stepFolder))
        #expect(
            oldFiles.keys.sorted() == newFiles.keys.sorted()
                && oldFiles["activations.npy"] != newFiles["activations.npy"])
        let executable = try StepRunner.productsFolder().appendingPathComponent("step2")
        let runBytes = newFiles.values.map(\.count).reduce(0, +)
        var environment = ProcessInfo.processInfo.environment
        var newCounts: [Int] = []
        for share in [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999] {
            environment["SAEKIT_FAULT"] = "kill-after-bytes=\(Int(share * Double(runBytes)))"
            let process = Process()
            process.executableURL = executable
            process.arguments =
                ["--quiet", "--no-color"]
                + command.split(separator: " ").dropFirst().map(String.init) + ["--seed", "1"]
            process.currentDirectoryURL = URL(fileURLWithPath: old.folder)
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(
                process.terminationReason == .uncaughtSignal
                    && process.terminationStatus == SIGKILL, "killed at \(share)")
            let now = snapshot(old.stepFolder)
            for (name, bytes) in now
            where !AtomicFile.isTemporary((name as NSString).lastPathComponent)
                && name != StepOutput.recordFile
            {
                #expect(
                    bytes == oldFiles[name] || bytes == newFiles[name],
                    "after a kill at \(share) of the bytes, \(name) is neither the old nor the new file"
                )
            }
            newCounts.append(
                now.filter { newFiles[$0.key] == $0.value && oldFiles[$0.key] != $0.value }.count)
        }
        #expect(
            newCounts.first == 0 && newCounts == newCounts.sorted()
                && newCounts.last! > newCounts.first!,
            "the later the kill, the more new files (new files after each kill: \(newCounts))")
        // The next run clears what the killed ones left behind.
        let rerun = try StepRunner.run(command + " --seed 1", in: old.folder)
        #expect(rerun.status == 0)
        #expect(
            snapshot(old.stepFolder) == newFiles,
            "a complete run leaves exactly its files, no temporary ones")
    }

    @Test func aReadOnlyOutputFolderIsAClearError() throws {
        // Root may write anywhere, so as root the step runs as the unprivileged user `nobody`.
        let folder = NSTemporaryDirectory() + "sae-readonly-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: folder + "/ro", withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o555])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        let step1 = try StepRunner.productsFolder().appendingPathComponent("step1").path
        let runuser = "/usr/sbin/runuser"
        let asRoot = geteuid() == 0
        guard !asRoot || FileManager.default.isExecutableFile(atPath: runuser) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: asRoot ? runuser : step1)
        process.arguments =
            (asRoot ? ["-u", "nobody", "--", step1] : []) + [
                "--quiet", "--steps", "10", "--out", folder + "/ro"
            ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(
            decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(
            message == "--out: cannot create the folder \(folder)/ro/step1: Permission denied\n",
            "got: \(message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/ro").isEmpty)
    }

    // MARK: - Reproducibility

    @Test func theSameFlagsAndSeedGiveByteIdenticalFilesInEveryStep() throws {
        let steps = [
            "step2", "step3", "step4 --steps 1500", "step5 --steps 1500", "step6 --steps 600"
        ]
        let first = try StepRunner.run("step1"), second = try StepRunner.run("step1")
        for step in steps {
            for folder in [first.folder, second.folder] {
                let run = try StepRunner.run(step, in: folder)
                #expect(run.status == 0, "\(step): \(run.standardError)")
            }
        }
        let (a, b) = (snapshot(first.folder + "/out"), snapshot(second.folder + "/out"))
        #expect(a.count >= 30, "every step's files are compared (\(a.count))")
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, bytes) in a where b[name] != bytes {
            Issue.record("\(name) differs between two runs with the same flags and seed")
        }
    }
}
