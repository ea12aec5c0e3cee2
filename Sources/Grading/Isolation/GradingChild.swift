// The body of a grading child process: each exercise is graded in a process of its own (a Swift
// Testing exit test), so that a crash or an endless loop in the learner's code ends only that
// process, and every other exercise still gets its verdict.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long an exercise's grading may run before it is stopped.
public struct GradingTimeLimit: Sendable, Equatable, Codable {
    /// Processor time, in seconds: what the learner's code itself used, whatever else the machine
    /// is doing. An endless loop reaches it at the same point on an idle or a loaded machine.
    public var cpuSeconds: Int
    /// Wall-clock time, in seconds: only for code that waits instead of computing (a deadlock).
    public var wallSeconds: Int

    public init(cpuSeconds: Int, wallSeconds: Int? = nil) {
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds ?? max(300, 20 * cpuSeconds)
    }

    /// Enough for every exercise's cases, the step-sized ones included, many times over (the
    /// reference solutions need under half a second for any exercise).
    public static let standard = GradingTimeLimit(cpuSeconds: 10)
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
        setCPULimit(seconds: limit.cpuSeconds)
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

    /// Past `seconds` of processor time the kernel sends SIGXCPU, which ends the process.
    static func setCPULimit(seconds: Int) {
        var limit = rlimit()
        limit.rlim_cur = rlim_t(seconds)
        limit.rlim_max = rlim_t(seconds + 10)
        #if os(Linux)
        setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &limit)
        #else
        setrlimit(RLIMIT_CPU, &limit)
        #endif
    }
}
