// Persistent worker threads for the kernels. A training step of a small SAE takes tens of
// microseconds; handing its chunks to Dispatch costs a thread wake-up per step, which on this
// project's VM was a third of a 16 → 64 step. The pool's threads stay awake (spinning) for a short
// while after each job, so the next step's chunks start at once; after that they sleep on a
// semaphore and cost nothing. Chunks are claimed from one atomic counter, so which thread runs
// which chunk varies, but each chunk writes its own memory and results never depend on it.

import Dispatch
import Foundation
import Synchronization

/// Threads that run the chunks of a kernel alongside the calling thread.
@available(macOS 15.0, *)
final class WorkerPool: @unchecked Sendable {
    /// generation (23 bits) << 40 | chunk count (20 bits) << 20 | next unclaimed chunk (20 bits).
    private let claim = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// The current job; read by a worker only after it has claimed one of the job's chunks.
    private var job: ((Int) -> Void)?
    private var generation = 0
    /// How long an idle worker spins before it sleeps.
    private let spinNanoseconds: UInt64
    /// The workers' threads, as each starts (for tests: which chunks ran on a worker).
    private let started = NSLock()
    private var threads: Set<ObjectIdentifier> = []
    static let maxChunks = 1 << 20 - 1

    /// One pool for the process: a worker per core beyond the caller's.
    static let shared: WorkerPool? = activeCores > 1 ? WorkerPool(workers: activeCores - 1) : nil

    init(workers: Int, spinNanoseconds: UInt64 = 100_000) {
        self.spinNanoseconds = spinNanoseconds
        for _ in 0..<workers {
            Thread { [unowned self] in
                // named from inside: Linux threads otherwise keep their creator's name
                Thread.current.name = "SAEKit worker"
                self.started.withLock { _ = self.threads.insert(ObjectIdentifier(Thread.current)) }
                self.workerLoop()
            }.start()
        }
    }

    // MARK: - The caller's side

    /// Runs `body(0..<iterations)` on the workers and the calling thread and returns true, or
    /// returns false at once (running nothing) when the pool is already busy with another caller's
    /// job.
    func perform(_ iterations: Int, _ body: (Int) -> Void) -> Bool {
        guard iterations <= Self.maxChunks,
            busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        withoutActuallyEscaping(body) { escaping in
            job = escaping
            generation = (generation + 1) & 0x7FFFFF
            finished.store(0, ordering: .relaxed)
            claim.store(generation << 40 | iterations << 20, ordering: .sequentiallyConsistent)
            for _ in 0..<sleepers.load(ordering: .sequentiallyConsistent) { wake.signal() }
            while let chunk = tryClaim(generation) {
                escaping(chunk)
                finished.add(1, ordering: .releasing)
            }
            var spins = 0
            while finished.load(ordering: .acquiring) < iterations {
                spins &+= 1
                // a worker that is not running (a busy or pinned machine) gets the core
                if spins > 1 << 14 { sched_yield() }
            }
            job = nil                            // no worker holds it now: every chunk has finished
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    /// How many workers are asleep on the semaphore (for tests: a job started now must wake them).
    var sleepingWorkers: Int { sleepers.load(ordering: .sequentiallyConsistent) }

    /// Whether the calling thread is one of this pool's workers (for tests). A thread's name is no
    /// proof: on Linux a new thread starts with its creator's name, and on a busy machine a worker
    /// was seen reading back its creator's name after naming itself.
    var isWorkerThread: Bool {
        started.withLock { threads.contains(ObjectIdentifier(Thread.current)) }
    }

    // MARK: - The workers' side

    /// The next unclaimed chunk of generation `g`, or nil when none is left.
    @inline(__always)
    private func tryClaim(_ g: Int) -> Int? {
        var value = claim.load(ordering: .acquiring)
        while true {
            let (current, count, next) = (
                value >> 40, (value >> 20) & Self.maxChunks, value & Self.maxChunks
            )
            guard current == g, next < count else { return nil }
            let (exchanged, original) = claim.compareExchange(
                expected: value, desired: value + 1, ordering: .acquiringAndReleasing)
            if exchanged { return next }
            value = original
        }
    }

    /// Runs one chunk; not inlined, so the worker's reference to the job is released before it
    /// reports the chunk finished.
    @inline(never)
    private func run(_ chunk: Int) { job!(chunk) }

    private func workerLoop() {
        var seen = 0
        while true {
            var idleSince: UInt64 = 0, spins = 0
            while claim.load(ordering: .acquiring) >> 40 == seen {
                spins &+= 1
                guard spins & 63 == 0 else { continue }
                sched_yield()              // spin, but let a thread waiting for this core run first
                let now = DispatchTime.now().uptimeNanoseconds
                if idleSince == 0 { idleSince = now; continue }
                guard now - idleSince > spinNanoseconds else { continue }
                // a caller that publishes after this signals us
                sleepers.add(1, ordering: .sequentiallyConsistent)
                if claim.load(ordering: .sequentiallyConsistent) >> 40 == seen { wake.wait() }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                idleSince = 0                        // a stray signal only means another short spin
            }
            seen = claim.load(ordering: .acquiring) >> 40
            while let chunk = tryClaim(seen) {
                run(chunk)
                finished.add(1, ordering: .releasing)
            }
        }
    }
}
