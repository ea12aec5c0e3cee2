// How a grading child process talks to the test that started it: marked lines on its standard
// output. The child announces each case before running the learner's code on it, then sends its
// verdict; when it crashes, its crash reporter adds the frames. Everything else the child prints
// is the learner's own output, kept apart.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The child's messages to the parent, one marked line each.
enum GradingMessage {
    /// A case starts: its label, printable inputs, its processor-time limit in seconds, and what
    /// to say if it runs out of time.
    case caseStarted(label: String, inputs: [String], cpuSeconds: Int, timeoutAdvice: String?)
    /// A dependency's grading starts (its exercise id).
    case dependencyStarted(id: String)
    /// A dependency's grading ended with this outcome.
    case dependencyOutcome(id: String, outcome: GradeReport.Outcome)
    /// The exercise's verdict.
    case verdict(GradeReport)
    /// A crash, or a stop at a time limit: the signal number.
    case crashSignal(Int32)
    /// The crashing thread's return addresses, as images and offsets, for a symbolizer (when the
    /// backtrace above misses the learner's frame).
    case rawFrames([RawFrame])
    /// One frame of the crash's backtrace with a source location: function, file path, line.
    case crashFrame(function: String, path: String, line: Int)
    /// The instruction that trapped: its function, image path and offset in that image.
    case crashInstruction(function: String, image: String, offset: UInt64)

    static let marker = "\u{1}sae-grade\u{1} "
}

extension GradingMessage: Codable {}

/// An address as a symbolizer wants it: the binary it is in, and its offset there.
struct RawFrame: Codable, Equatable {
    var image: String
    var offset: UInt64
}

/// The child's end of the channel.
public enum GradingChannel {
    /// True in a grading child: only then are messages written.
    nonisolated(unsafe) static var isOpen = false
    /// The child's time limits (set once, before any case runs).
    nonisolated(unsafe) static var limit = GradingTimeLimit.standard

    /// Writes one message as a single line on standard output (one `write`, no buffering).
    static func send(_ message: GradingMessage) {
        guard isOpen, let json = try? JSONEncoder().encode(message) else { return }
        writeLine(GradingMessage.marker + String(decoding: json, as: UTF8.self))
    }

    /// Writes a line to standard output straight away, after what the learner printed before it.
    static func writeLine(_ text: String) {
        fflush(nil)
        var bytes = Array((text + "\n").utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Announces the case the learner's code is about to run on, and gives it its processor time
    /// (a no-op outside a grading child).
    /// - Parameters:
    ///   - stepSized: the case at the step's own size, which gets the longer limit.
    ///   - timeoutAdvice: what to tell the learner if this case runs out of time.
    public static func caseStarted(_ label: String, inputs: [String], stepSized: Bool = false,
                                   timeoutAdvice: String? = nil) {
        guard isOpen else { return }
        let seconds = stepSized ? limit.stepSizeSeconds : limit.caseSeconds
        send(.caseStarted(label: label, inputs: inputs, cpuSeconds: seconds,
                          timeoutAdvice: timeoutAdvice))
        GradingChild.allowProcessorTime(seconds: seconds)
    }
}

/// What a grading child printed, split: the messages in order, and the learner's own lines.
struct GradingTranscript {
    var messages: [GradingMessage] = []
    var learnerOutput: [String] = []

    init(standardOutput: String) {
        for line in standardOutput.split(separator: "\n", omittingEmptySubsequences: false) {
            if let start = line.range(of: GradingMessage.marker) {
                let prefix = line[..<start.lowerBound]
                if !prefix.isEmpty { learnerOutput.append(String(prefix)) }
                let json = Data(line[start.upperBound...].utf8)
                if let message = try? JSONDecoder().decode(GradingMessage.self, from: json) {
                    messages.append(message)
                }
            } else {
                learnerOutput.append(String(line))
            }
        }
        while learnerOutput.last?.isEmpty == true { learnerOutput.removeLast() }
    }
}
