// The processor time a piece of code takes on the calling thread: what the code itself costs,
// the same on an idle or a loaded machine (unlike the wall clock).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum ProcessorTime {
    /// The calling thread's processor time so far, in seconds.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Runs `body` once and returns its result with the processor time it took.
    static func measure<T>(_ body: () -> T) -> (result: T, seconds: Double) {
        let start = now()
        let result = body()
        return (result, now() - start)
    }
}
