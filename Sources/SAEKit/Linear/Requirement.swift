// A precondition whose message survives optimisation. The engine is compiled with -O even in debug
// builds, and there a failing `precondition` traps without a word; a learner whose shapes do not
// chain should read "matmul: [4, 3] · [4, 3] do not chain", not "Illegal instruction".

/// Stops the program with `message` when `condition` is false (in every build configuration).
@inlinable @inline(__always)
public func ensure(_ condition: Bool, _ message: @autoclosure () -> String,
                   file: StaticString = #fileID, line: UInt = #line) {
    if _slowPath(!condition) { fatalError(message(), file: file, line: line) }
}
