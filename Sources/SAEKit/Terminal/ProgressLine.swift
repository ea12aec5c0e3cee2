// Progress for long work, on standard error so standard output stays a clean report: on a terminal
// one line redrawn in place (at most ten times a second); otherwise a plain line every 10%.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress display for a loop of known length.
public struct ProgressLine {
    public let label: String
    public let total: Int
    /// Redraw in place (stderr is a terminal) or print plain lines.
    public let animated: Bool
    public let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lineOpen = false
    private var nextPlainPercent = 10

    /// - Parameters:
    ///   - enabled: false for `--quiet`.
    ///   - animated: nil to decide from whether stderr is a terminal.
    public init(label: String, total: Int, enabled: Bool = true, animated: Bool? = nil) {
        self.label = label
        self.total = max(1, total)
        self.enabled = enabled
        self.animated =
            animated
            ?? (isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb")
    }

    /// Reports that `done` of `total` units are complete, with extra `fields` such as "loss
    /// 0.0123".
    public mutating func update(_ done: Int, _ fields: [String] = []) {
        guard enabled else { return }
        let fraction = Double(done) / Double(total)
        let elapsed = Date().timeIntervalSince(start)
        let eta = done > 0 ? elapsed / fraction - elapsed : 0
        let text =
            ([label, "\(done)/\(total)"] + fields + [
                done < total ? "ETA \(Self.seconds(eta))" : "\(Self.seconds(elapsed))"
            ])
            .joined(separator: "  ")
        if animated {
            guard done == total || Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = Date()
            lineOpen = done < total
            write("\r\u{1B}[K" + Self.bar(fraction) + " " + text + (done == total ? "\n" : ""))
        } else {
            let percent = Int(fraction * 100)
            guard percent >= nextPlainPercent || done == total else { return }
            nextPlainPercent = (percent / 10 + 1) * 10
            write(text + "\n")
        }
    }

    /// Ends a bar left part-way (training stopped early), so what is printed next starts on its own
    /// line.
    public mutating func finish() {
        if lineOpen { write("\n") }
        lineOpen = false
    }

    /// "[██████░░░░]" for a fraction in [0, 1].
    static func bar(_ fraction: Double, width: Int = 20) -> String {
        let filled = min(width, max(0, Int((fraction * Double(width)).rounded())))
        return "[" + String(repeating: "█", count: filled)
            + String(repeating: "░", count: width - filled) + "]"
    }

    static func seconds(_ value: Double) -> String {
        value < 60
            ? formatFixed(value, decimals: 1) + "s" : "\(Int(value) / 60)m\(Int(value) % 60)s"
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
