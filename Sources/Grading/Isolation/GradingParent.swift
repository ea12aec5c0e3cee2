// The test's side of isolated grading: from how the child process ended and what it printed, the
// report a learner reads — the child's own verdict, or what stopped it (a crash with its message,
// file and line; a time limit), always with the case that was running.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended.
public enum ChildEnding: Sendable, Equatable {
    case exitCode(Int32)
    case signal(Int32)
}

public enum GradingParent {
    /// The report for `exercise`, from the child's ending and outputs.
    public static func report(for exercise: Exercise, ending: ChildEnding,
                              standardOutput: [UInt8], standardError: [UInt8],
                              limit: GradingTimeLimit = .standard) -> GradeReport {
        let transcript = GradingTranscript(standardOutput: String(decoding: standardOutput,
                                                                  as: UTF8.self))
        let errors = String(decoding: standardError, as: UTF8.self)
        let run = ChildRun(transcript.messages)
        var report: GradeReport
        if ending == .exitCode(GradingChild.verdictExitCode), let verdict = run.verdict {
            report = verdict
        } else {
            var interruption = self.interruption(ending: ending, run: run, errors: errors,
                                                 limit: limit)
            if let dependency = run.stage {
                let title = Exercise.catalog.first { $0.id == dependency }.map(\.title) ?? ""
                interruption.caseLabel = interruption.caseLabel.map {
                    "\($0), grading your \(dependency) (\(title)), which \(exercise.id) uses: "
                        + "fix \(dependency) first"
                }
            }
            let outcome: GradeReport.Outcome = isTimeLimit(ending) ? .timedOut : .crashed
            report = GradeReport(exercise: exercise, outcome: outcome, interruption: interruption)
        }
        if !report.passed && !report.isNotImplemented {
            report.notes = run.dependencyNotes(for: exercise) + report.notes
            report.notes += learnerOutputNote(transcript.learnerOutput)
        }
        return report
    }

    static func isTimeLimit(_ ending: ChildEnding) -> Bool {
        ending == .signal(SIGXCPU) || ending == .signal(SIGALRM) || ending == .signal(SIGKILL)
    }

    // MARK: - Crashes and time limits

    static func interruption(ending: ChildEnding, run: ChildRun, errors: String,
                             limit: GradingTimeLimit) -> Interruption {
        let running = run.lastCase
        var interruption = Interruption(cause: "", caseLabel: running?.label,
                                        caseInputs: running?.inputs ?? [])
        let location = CrashLocation(frames: run.frames, instruction: run.instruction,
                                     rawFrames: run.rawFrames, errors: errors)
        switch ending {
        case .signal(SIGXCPU), .signal(SIGKILL):
            let seconds = running?.cpuSeconds ?? limit.stepSizeSeconds
            interruption.cause = "stopped after \(seconds) s of processor time, this case's "
                + "time limit" + (location.learnerLine == nil ? "" : "; it was running")
            interruption.location = location.learnerLine
            interruption.advice = running?.timeoutAdvice ?? endlessLoopAdvice
        case .signal(SIGALRM):
            interruption.cause = "stopped after waiting \(limit.wallSeconds) s: "
                + "the code waited for something that never came"
                + (location.learnerLine == nil ? "" : "; it was waiting")
            interruption.location = location.learnerLine
            interruption.advice = "a lock or a semaphore that is never released?"
        case let .exitCode(code):
            interruption.cause = "the process ended with exit code \(code) before the grader "
                + "could say anything (an exit() in your code?)"
        case let .signal(signal):
            let message = CrashLocation.fatalErrorMessage(in: errors)
            if let message {
                interruption.cause = "Fatal error: " + message
            } else if let check = location.failedCheck {
                interruption.cause = "Swift's run-time check failed: " + check
            } else {
                interruption.cause = describe(signal: signal)
            }
            interruption.location = location.description
            interruption.advice = crashAdvice(message: message ?? location.failedCheck,
                                              signal: signal)
        }
        return interruption
    }

    static let endlessLoopAdvice = "an endless loop? check that every loop's condition "
        + "eventually changes (a while loop whose index is never increased, a recursion "
        + "without a base case)"

    static func describe(signal: Int32) -> String {
        switch signal {
        case SIGILL, SIGTRAP:
            "a run-time check failed (an integer overflow, a division by zero, or a Double "
                + "converted to Int while NaN or infinite)"
        case SIGSEGV, SIGBUS:
            "a memory access fault (a stack overflow from endless recursion, or an unsafe "
                + "pointer used out of bounds)"
        case SIGFPE: "an arithmetic exception (an integer division by zero)"
        case SIGABRT: "abort() was called"
        default: "the process was ended by signal \(signal)"
        }
    }

    /// What to look at for the usual run-time errors.
    static func crashAdvice(message: String?, signal: Int32) -> String? {
        let message = message ?? ""
        if message.contains("out of range") {
            return "an index past the end of an array or a matrix: check each loop's bounds "
                + "against the shapes of its inputs (rows × cols), and rows vs columns"
        }
        if message.contains("Unexpectedly found nil") {
            return "a `!` met nil: what does your code do when a row is empty, or when no "
                + "entry qualifies (max() of an empty collection is nil)?"
        }
        if message.contains("lowerBound <= upperBound") || message.contains("upperBound") {
            return "a range a..<b with b < a: which input size makes it empty or negative?"
        }
        if message.contains("do not chain") || message.contains("differ")
            || message.contains("shape")
        {
            return "the shapes in a matrix operation did not agree: write each value's shape "
                + "next to its line ([B, d] · [d, h] → [B, h]) and compare with the stub's comment"
        }
        if message.contains("overflow") {
            return "an Int computation went past Int.max (or below Int.min): an index or a count "
                + "built from a Double? a product of sizes? Check the values with a print"
        }
        if message.contains("Division by zero") || message.contains("division by zero") {
            return "an integer divided by 0: which input makes the divisor 0 (an empty batch, "
                + "a feature that never fires)?"
        }
        if message.isEmpty && (signal == SIGSEGV || signal == SIGBUS) {
            return "endless recursion overflows the stack: does every recursive call get closer "
                + "to a case that returns?"
        }
        return nil
    }

    /// The learner's own printed lines, the last few of them.
    static func learnerOutputNote(_ lines: [String]) -> [String] {
        guard !lines.isEmpty else { return [] }
        let shown = lines.suffix(12)
        let header = lines.count > shown.count
            ? "your code printed \(lines.count) lines; the last \(shown.count):"
            : "your code printed:"
        return [header] + shown.map { "  | " + $0 }
    }
}

// MARK: - Reading the child's messages

/// The child's messages, read in order: the verdict, the dependencies' outcomes, the last case
/// announced, the stage it stopped in, and the crash's frames.
struct ChildRun {
    var verdict: GradeReport?
    var dependencies: [(id: String, outcome: GradeReport.Outcome?)] = []
    var lastCase: (label: String, inputs: [String], cpuSeconds: Int, timeoutAdvice: String?)?
    /// The dependency being graded when the messages stopped (nil: the exercise itself).
    var stage: String?
    var frames: [(function: String, path: String, line: Int)] = []
    var instruction: (function: String, image: String, offset: UInt64)?
    var rawFrames: [RawFrame] = []

    init(_ messages: [GradingMessage]) {
        for message in messages {
            switch message {
            case let .caseStarted(label, inputs, seconds, advice):
                lastCase = (label, inputs, seconds, advice)
            case let .verdict(report): verdict = report
            case let .dependencyStarted(id):
                stage = id
                dependencies.append((id, nil))
            case let .dependencyOutcome(id, outcome):
                stage = nil
                if let index = dependencies.lastIndex(where: { $0.id == id }) {
                    dependencies[index].outcome = outcome
                }
            case .crashSignal: break
            case let .crashFrame(function, path, line): frames.append((function, path, line))
            case let .crashInstruction(function, image, offset):
                instruction = (function, image, offset)
            case let .rawFrames(addresses): rawFrames = addresses
            }
        }
    }

    /// "6.2 uses your 6.1 …: fix 6.1 first", for each dependency that is not passing.
    func dependencyNotes(for exercise: Exercise) -> [String] {
        dependencies.compactMap { id, outcome in
            guard let outcome else { return nil }
            let title = Exercise.catalog.first { $0.id == id }.map { "\($0)" } ?? "exercise \(id)"
            switch outcome {
            case .passed: return nil
            case .notImplemented:
                return "\(exercise.id) uses your \(title), which is not implemented yet: "
                    + "do \(id) first"
            case .failed, .crashed, .timedOut:
                return "\(exercise.id) uses your \(title), which is not right yet: fix \(id) first "
                    + "(swift test --filter exercise\(id.replacingOccurrences(of: ".", with: "_")))"
            }
        }
    }
}
