// In a grading child, a crash in the learner's code (an index out of range, a nil unwrapped, an
// overflow, a stack overflow) arrives as a signal. The handler sends what the parent needs to say
// where it happened — the signal, the trapping instruction, and the backtrace's frames with source
// locations — then lets the signal end the process as it would have.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Runtime)
import Runtime
#endif

enum CrashReporter {
    /// The signals a crash arrives as.
    static let signals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    /// Installs the handler for every crash signal. A memory fault's handler runs on a stack of
    /// its own, so that a stack overflow can still be reported (the backtrace cannot be walked
    /// from there, but the faulting instruction is known); the traps' handler runs on the
    /// crashing stack, from which the backtrace reaches the learner's line.
    static func install() {
        let size = 1 << 20
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        stack.ss_size = size
        stack.ss_flags = 0
        sigaltstack(&stack, nil)
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_sigaction = handleCrash
        #else
        action.__sigaction_u.__sa_sigaction = handleCrash
        #endif
        for signal in signals {
            let onOwnStack = signal == SIGSEGV || signal == SIGBUS
            action.sa_flags = SA_SIGINFO | (onOwnStack ? SA_ONSTACK : 0)
            sigaction(signal, &action, nil)
        }
    }

    /// Sends the crash's details, then restores the default action: returning re-runs the
    /// trapping instruction (or `abort` raises again), and the process ends with the signal.
    private static let handleCrash: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?,
                                                    UnsafeMutableRawPointer?) -> Void = { signal, _, context in
        var restore = sigaction()
        #if os(Linux)
        restore.__sigaction_handler.sa_handler = SIG_DFL
        #else
        restore.__sigaction_u.__sa_handler = SIG_DFL
        #endif
        for crashSignal in CrashReporter.signals { sigaction(crashSignal, &restore, nil) }
        GradingChannel.send(.crashSignal(signal))
        if let pc = CrashReporter.programCounter(context), let instruction = CrashReporter.describe(pc) {
            GradingChannel.send(instruction)
        }
        for frame in CrashReporter.symbolicatedFrames() { GradingChannel.send(frame) }
    }

    // MARK: - The trapping instruction

    /// The program counter when the signal arrived, read from the signal's context.
    static func programCounter(_ context: UnsafeMutableRawPointer?) -> UInt? {
        guard let context else { return nil }
        #if os(Linux) && arch(x86_64)
        let machine = context.assumingMemoryBound(to: ucontext_t.self).pointee.uc_mcontext
        return withUnsafeBytes(of: machine.gregs) { UInt($0.load(fromByteOffset: 16 * 8, as: Int64.self)) }
        #elseif os(Linux) && arch(arm64)
        return UInt(context.assumingMemoryBound(to: ucontext_t.self).pointee.uc_mcontext.pc)
        #else
        return nil
        #endif
    }

    /// The function an address is in, with its image and offset (for a symbolizer).
    static func describe(_ pc: UInt) -> GradingMessage? {
        var info = SymbolInfo()
        guard lookUpSymbol(UnsafeRawPointer(bitPattern: pc), &info) != 0, let image = info.file,
              let base = info.base else { return nil }
        let name = info.symbol.map { demangled(String(cString: $0)) } ?? "?"
        return .crashInstruction(function: name, image: String(cString: image),
                                 offset: UInt64(pc - UInt(bitPattern: base)))
    }

    /// A Swift symbol's readable name ("hiddenActivations(_:W:)"), or the name as it was.
    static func demangled(_ mangled: String) -> String {
        guard let text = mangled.withCString({ swiftDemangle($0, strlen($0), nil, nil, 0) }) else {
            return mangled
        }
        defer { free(text) }
        return String(cString: text)
    }

    // MARK: - The backtrace

    /// The frames of the crashing thread that have a source location.
    static func symbolicatedFrames() -> [GradingMessage] {
        #if canImport(Runtime)
        if #available(macOS 26.0, *) {
            guard let backtrace = try? Backtrace.capture(algorithm: .precise, limit: 48, top: 0),
                  let symbolicated = backtrace.symbolicated() else { return [] }
            return symbolicated.frames.compactMap { frame in
                guard let symbol = frame.symbol, let location = symbol.sourceLocation,
                      location.line > 0 else { return nil }
                return .crashFrame(function: symbol.name, path: location.path, line: location.line)
            }
        }
        #endif
        return []
    }
}

/// `Dl_info`, as `dladdr` fills it in (the same four pointers on Linux and macOS).
private struct SymbolInfo {
    var file: UnsafePointer<CChar>?
    var base: UnsafeMutableRawPointer?
    var symbol: UnsafePointer<CChar>?
    var address: UnsafeMutableRawPointer?
}

/// `dladdr`, declared here: Glibc's module leaves it out (it is a GNU extension there).
@_silgen_name("dladdr")
private func lookUpSymbol(_ address: UnsafeRawPointer?, _ info: UnsafeMutablePointer<SymbolInfo>) -> Int32

/// The Swift runtime's demangler (exported by every Swift runtime).
@_silgen_name("swift_demangle")
private func swiftDemangle(_ mangledName: UnsafePointer<CChar>?, _ mangledNameLength: Int,
                           _ outputBuffer: UnsafeMutablePointer<CChar>?,
                           _ outputBufferSize: UnsafeMutablePointer<Int>?,
                           _ flags: UInt32) -> UnsafeMutablePointer<CChar>?
