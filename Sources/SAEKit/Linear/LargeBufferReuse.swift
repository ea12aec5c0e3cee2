// The matrix path of a large SAE step (384 → 3072, batch 4096) allocates [B, h] intermediates of
// 100 MB each. glibc hands blocks that large straight from mmap and back to the kernel on free, so
// every step page-faults its way through 400 MB of fresh zeroed memory (15% of the step's time,
// measured with perf). Keeping freed memory in the heap instead lets the next step reuse it.

#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator tuning for training on large shapes (glibc only; a no-op elsewhere).
enum LargeBufferReuse {
    /// Makes glibc serve large blocks from the heap and keep freed ones for reuse. Once per
    /// process.
    static let enable: Void = {
        #if canImport(Glibc)
        // mallopt is in <malloc.h>, which the Glibc module does not export: look it up by name.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        // RTLD_DEFAULT
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let (trimThreshold, mmapMax): (Int32, Int32) = (-1, -4)      // M_TRIM_THRESHOLD, M_MMAP_MAX
        _ = mallopt(mmapMax, 0)                  // no mmap for big blocks: they come from the heap…
        // …and stay there when freed, ready for the next step
        _ = mallopt(trimThreshold, Int32.max)
        #endif
    }()
}
