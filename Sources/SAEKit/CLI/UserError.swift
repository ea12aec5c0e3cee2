// Errors a user can fix (a bad flag, a bad file, an unwritable folder): one line, exit status 2.

/// A problem caused by the input, explained in one line. Steps print it and exit with status 2.
public struct UserError: Error, CustomStringConvertible, Equatable {
    /// The explanation, naming the flag or file and what is allowed.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// The exit status for user errors.
    public static let exitStatus: Int32 = 2
}
