// What every step executable shares: the common flags, and turning errors into one line and exit 2.

import Foundation

/// The flags every step accepts.
public struct CommonOptions: Sendable {
    public var seed: UInt64
    public var outRoot: String
    public var quiet: Bool
    public var noColor: Bool
    public var mine: Bool

    /// Declares the common flags on `flags` and reads them.
    public init(_ flags: inout FlagParser, mineHelp: String) {
        flags.section("Common")
        seed = UInt64(
            flags.int(
                "--seed", default: 0, range: 0...Int.max,
                help: "seeds initialisation, data and evaluation"))
        outRoot = flags.string(
            "--out", default: "out", help: "output root; this step writes ROOT/\(flags.command)/",
            valueName: "ROOT")
        quiet = flags.flag("--quiet", help: "no progress display")
        noColor = flags.flag(
            "--no-color",
            help: "plain text output (also when NO_COLOR is set or output is not a terminal)")
        mine = flags.flag("--mine", help: mineHelp)
    }
}

/// Runs a step's body: prints help (exit 0) or a user error (exit 2) in one line on stderr.
public func runStep(_ body: () throws -> Void) -> Never {
    do {
        try body()
        exit(0)
    } catch let exit as CommandLineExit {
        switch exit {
        case let .help(text):
            print(text)
            Foundation.exit(0)
        case let .error(error):
            printError(error.message)
            Foundation.exit(UserError.exitStatus)
        }
    } catch let error as UserError {
        printError(error.message)
        exit(UserError.exitStatus)
    } catch {
        printError("error: \(error)")
        exit(1)
    }
}

/// Writes one line to standard error.
public func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
