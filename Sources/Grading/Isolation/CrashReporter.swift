// In a grading child, a crash in the learner's code (an index out of range, a nil unwrapped, an
// overflow, a stack overflow) arrives as a signal, and so does the end of its time (SIGXCPU,
// SIGALRM). The handler sends what the parent needs to say where it happened — the signal, the
// instruction it stopped at, and the backtrace, with source locations where the runtime can give
// them and as raw addresses for a symbolizer — then lets the signal end the process.

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
    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]
    /// The signals that end a child at its time limits (processor time, wall clock).
    static let stopSignals: [Int32] = [SIGXCPU, SIGALRM]
    static let signals = crashSignals + stopSignals
    /// The thread that runs the learner's code. A stop signal is sent to the process and may
    /// arrive on another thread (the test runner's, waiting); it is passed on to this one, so
    /// that the backtrace shows where the learner's code was.
    nonisolated(unsafe) static var gradingThread: pthread_t?

    /// Installs the handler for every crash signal. A memory fault's handler runs on a stack of
    /// its own, so that a stack overflow can still be reported (the backtrace cannot be walked
    /// from there, but the faulting instruction is known); the traps' handler runs on the
    /// crashing stack, from which the backtrace reaches the learner's line.
    static func install() {
        // The runtime's worker threads block most signals; this one must take the stop signals.
        gradingThread = pthread_self()
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signal in signals { sigaddset(&unblocked, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
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
    /// trapping instruction (or `abort` raises again), and the process ends with the signal; a
    /// stop signal is raised again, to be delivered with its default action when this returns.
    private static let handleCrash:
        @convention(c) (
            Int32, UnsafeMutablePointer<siginfo_t>?,
            UnsafeMutableRawPointer?
        ) -> Void = { signal, _, context in
        if CrashReporter.stopSignals.contains(signal), let thread = CrashReporter.gradingThread,
           pthread_equal(pthread_self(), thread) == 0 {
            pthread_kill(thread, signal)
            return
        }
        var restore = sigaction()
        #if os(Linux)
        restore.__sigaction_handler.sa_handler = SIG_DFL
        #else
        restore.__sigaction_u.__sa_handler = SIG_DFL
        #endif
        for crashSignal in CrashReporter.signals { sigaction(crashSignal, &restore, nil) }
        GradingChannel.send(.crashSignal(signal))
            if let pc = CrashReporter.programCounter(context),
                let instruction = CrashReporter.describe(pc)
            {
            GradingChannel.send(instruction)
        }
        for frame in CrashReporter.symbolicatedFrames() { GradingChannel.send(frame) }
        GradingChannel.send(.rawFrames(CrashReporter.rawFrames()))
        if CrashReporter.stopSignals.contains(signal) { raise(signal) }
    }

    // MARK: - The trapping instruction

    /// The program counter when the signal arrived, read from the signal's context.
    static func programCounter(_ context: UnsafeMutableRawPointer?) -> UInt? {
        guard let context else { return nil }
        #if os(Linux) && arch(x86_64)
        let machine = context.assumingMemoryBound(to: ucontext_t.self).pointee.uc_mcontext
        return withUnsafeBytes(of: machine.gregs) {
            UInt($0.load(fromByteOffset: 16 * 8, as: Int64.self))
        }
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

    /// The return addresses of the crashing thread (glibc's unwinder, which also steps through
    /// the signal frame and the runtime's own functions), as images and offsets.
    static func rawFrames() -> [RawFrame] {
        #if os(Linux)
        var addresses = [UnsafeMutableRawPointer?](repeating: nil, count: 48)
        let count = Int(collectBacktrace(&addresses, Int32(addresses.count)))
        return addresses.prefix(count).compactMap { address in
            guard let address else { return nil }
            var info = SymbolInfo()
            guard lookUpSymbol(address, &info) != 0, let image = info.file, let base = info.base
            else { return nil }
            return RawFrame(image: String(cString: image),
                            offset: UInt64(UInt(bitPattern: address) - UInt(bitPattern: base)))
        }
        #else
        return []
        #endif
    }

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
private func lookUpSymbol(
    _ address: UnsafeRawPointer?, _ info: UnsafeMutablePointer<SymbolInfo>
) -> Int32

/// glibc's `backtrace` (execinfo.h), declared here: Glibc's module leaves it out.
@_silgen_name("backtrace")
private func collectBacktrace(_ buffer: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
                              _ size: Int32) -> Int32

/// The Swift runtime's demangler (exported by every Swift runtime).
@_silgen_name("swift_demangle")
private func swiftDemangle(_ mangledName: UnsafePointer<CChar>?, _ mangledNameLength: Int,
                           _ outputBuffer: UnsafeMutablePointer<CChar>?,
                           _ outputBufferSize: UnsafeMutablePointer<Int>?,
                           _ flags: UInt32) -> UnsafeMutablePointer<CChar>?
