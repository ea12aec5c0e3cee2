// The learner-facing suites grade each exercise in a child process (a Swift Testing exit test) and
// record the report as the test's one issue, placed at the learner's file. Only test bundles link
// Grading, so using Swift Testing here costs nothing elsewhere.

#if canImport(Testing)
import Foundation
import SAEKit
import Testing

/// A report that is not a pass, recorded as the test's issue: its text is the whole report.
struct GradeFailure: Error, CustomStringConvertible {
    var report: GradeReport
    var description: String { report.presented }
}

public enum IsolatedGrading {
    /// What the parent reads of a grading child.
    public static let observed: [any PartialKeyPath<ExitTest.Result> & Sendable] =
        [\.standardOutputContent, \.standardErrorContent]

    /// The report for `exercise` from its child's result (nil when the test runner could not
    /// start the child, which it has already recorded).
    public static func report(_ result: ExitTest.Result?, for exercise: Exercise,
                              limit: GradingTimeLimit = .standard) -> GradeReport? {
        guard let result else { return nil }
        let ending: ChildEnding = switch result.exitStatus {
        case let .exitCode(code): .exitCode(code)
        case let .signal(signal): .signal(signal)
        @unknown default: .exitCode(-1)
        }
        return GradingParent.report(for: exercise, ending: ending,
                                    standardOutput: result.standardOutputContent,
                                    standardError: result.standardErrorContent, limit: limit)
    }

    /// Records the child's verdict: nothing when it passed, else one issue with the report,
    /// placed at the learner's file (at the crash's line when there is one).
    public static func record(_ result: ExitTest.Result?, for exercise: Exercise,
                              limit: GradingTimeLimit = .standard) {
        report(result, for: exercise, limit: limit)?.expectPass()
    }
}

extension GradeReport {
    /// Records this report as the test's failure unless the exercise passes.
    public func expectPass() {
        if !passed {
            Issue.record(GradeFailure(report: self), sourceLocation: learnerSourceLocation)
        } else if !warnings.isEmpty {
            Issue.record(Comment(rawValue: presented), severity: .warning,
                         sourceLocation: learnerSourceLocation)
        }
    }

    /// The report as the test run shows it: the headline whole (it names the exercise and the
    /// section to read), every other line broken to fit 100 columns beside the runner's marks.
    var presented: String {
        let lines = description.split(separator: "\n", omittingEmptySubsequences: false)
        let rest = lines.dropFirst().map { String($0).wrappedForTerminal(width: 96) }
        return ([String(lines[0])] + rest).joined(separator: "\n")
    }

    /// The learner's file, at the line the report points to (the crash's line, or the line of
    /// the exercise's function), so that an editor shows the failure there.
    var learnerSourceLocation: SourceLocation {
        let folder = SolutionSwap.isSwapped(step: exercise.step) ? "Solutions" : "Exercises"
        let relative = "\(folder)/Step\(exercise.step)/\(exercise.fileName)"
        let path = CrashLocation.packageRoot + "/" + relative
        var line = 1
        if let location = interruption?.location, location.hasPrefix(relative + ":"),
           let number = Int(location.dropFirst(relative.count + 1).prefix { $0.isNumber }) {
            line = number
        } else if let text = try? String(contentsOfFile: path, encoding: .utf8),
                  let index = text.split(separator: "\n", omittingEmptySubsequences: false)
                    .firstIndex(where: { $0.hasPrefix("public func") }) {
            line = index + 1
        }
        return SourceLocation(fileID: "Step\(exercise.step)Exercises/\(exercise.fileName)",
                              filePath: path, line: line, column: 1)
    }
}
#endif
