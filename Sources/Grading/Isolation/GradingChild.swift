// The body of a grading child process: each exercise is graded in a process of its own (a Swift
// Testing exit test), so that a crash or an endless loop in the learner's code ends only that
// process, and every other exercise still gets its verdict.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long an exercise's grading may run before it is stopped. Processor time is what the
/// learner's code itself used, whatever else the machine is doing: an endless loop reaches the
/// limit at the same point on an idle or a loaded machine.
public struct GradingTimeLimit: Sendable, Equatable, Codable {
    /// Processor seconds each small case may use (they take milliseconds).
    public var caseSeconds: Int
    /// Processor seconds the case at the step's own size may use.
    public var stepSizeSeconds: Int
    /// Wall-clock seconds for the whole child: only for code that waits instead of computing.
    public var wallSeconds: Int

    public init(caseSeconds: Int = 3, stepSizeSeconds: Int = 10, wallSeconds: Int = 300) {
        self.caseSeconds = caseSeconds
        self.stepSizeSeconds = stepSizeSeconds
        self.wallSeconds = wallSeconds
    }

    /// Many times what any case needs: the reference solutions need under half a second for a
    /// whole exercise, step-sized case included.
    public static let standard = GradingTimeLimit()
}

/// An earlier exercise that this one calls (6.2 and 6.3 use the learner's 6.1).
public struct GradingDependency {
    public var exercise: Exercise
    public var grade: () -> GradeReport

    public init(_ exercise: Exercise, grade: @escaping () -> GradeReport) {
        self.exercise = exercise
        self.grade = grade
    }
}

public enum GradingChild {
    /// The exit code of a child that delivered its verdict (any other ending is a crash or a stop).
    public static let verdictExitCode: Int32 = 86

    /// Grades one exercise in this (child) process and ends it: sets the time limit, installs the
    /// crash reporter, grades the exercises it uses first (so that a crash or a hang in one of
    /// those is reported as that exercise's), then announces each case and sends the verdict.
    public static func run(_ exercise: Exercise, limit: GradingTimeLimit = .standard,
                           dependencies: [GradingDependency] = [],
                           grade: () -> GradeReport) -> Never {
        GradingChannel.isOpen = true
        GradingChannel.limit = limit
        alarm(UInt32(limit.wallSeconds))
        CrashReporter.install()
        for dependency in dependencies {
            GradingChannel.send(.dependencyStarted(id: dependency.exercise.id))
            GradingChannel.send(.dependencyOutcome(id: dependency.exercise.id,
                                                   outcome: dependency.grade().outcome))
        }
        GradingChannel.send(.verdict(grade()))
        exit(verdictExitCode)
    }

    /// Lets the process use `seconds` more of processor time: past that the kernel sends
    /// SIGXCPU, which the crash reporter reports and which then ends the process. (Only the soft
    /// limit moves; the hard limit, which a process may lower but never raise, stays.)
    static func allowProcessorTime(seconds: Int) {
        var usage = rusage()
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_CPU.rawValue)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        let resource = RLIMIT_CPU
        getrusage(RUSAGE_SELF, &usage)
        #endif
        getrlimit(resource, &limit)
        let used = Int(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1
        limit.rlim_cur = min(rlim_t(used + seconds), limit.rlim_max)
        setrlimit(resource, &limit)
    }
}
