// Colour and emphasis for terminal output, switched off when it would be noise: output piped to a
// file, `--no-color`, `NO_COLOR` set (https://no-color.org), or TERM=dumb.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether and how to colour terminal text.
public struct TerminalStyle: Sendable {
    /// ANSI colour codes are emitted only when true.
    public var colorEnabled: Bool

    public init(colorEnabled: Bool) {
        self.colorEnabled = colorEnabled
    }

    /// Colour when stdout is a terminal, `NO_COLOR` is unset or empty, TERM is not "dumb", and
    /// `--no-color` was not given.
    public static func detect(
        noColorFlag: Bool, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TerminalStyle {
        let noColorVariable = !(environment["NO_COLOR"] ?? "").isEmpty
        let dumb = environment["TERM"] == "dumb"
        return TerminalStyle(
            colorEnabled: !noColorFlag && !noColorVariable && !dumb && isatty(STDOUT_FILENO) == 1)
    }

    // MARK: - Emphasis

    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func dim(_ text: String) -> String { wrap(text, "2") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func yellow(_ text: String) -> String { wrap(text, "33") }
    public func red(_ text: String) -> String { wrap(text, "31") }
    public func cyan(_ text: String) -> String { wrap(text, "36") }

    /// `text` on a background of `color` (xterm-256 palette), with legible foreground.
    public func background(_ text: String, _ color: RGB) -> String {
        guard colorEnabled else { return text }
        let foreground = color.luminance < 0.45 ? "97" : "30"
        return "\u{1B}[\(foreground);48;5;\(Self.xterm256(color))m\(text)\u{1B}[0m"
    }

    private func wrap(_ text: String, _ code: String) -> String {
        colorEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The nearest colour of the xterm 6×6×6 cube (supported by every common terminal, unlike
    /// 24-bit colour).
    static func xterm256(_ color: RGB) -> Int {
        let level = { (component: Double) in Int((min(1, max(0, component)) * 5).rounded()) }
        return 16 + 36 * level(color.red) + 6 * level(color.green) + level(color.blue)
    }
}
