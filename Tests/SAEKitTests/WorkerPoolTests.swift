// The persistent worker pool (WorkerPool.swift) that runs the kernels' chunks: every chunk exactly
// once, whatever the chunk count, after the workers have gone to sleep, when called from inside a
// chunk, and when several threads call at once; chunks run on the workers; and mapConcurrently,
// which runs whole jobs one per core. Nothing here depends on how fast threads are scheduled.

import Dispatch
import Foundation
@testable import SAEKit
import Testing

@Suite("Worker pool")
struct WorkerPoolTests {
    /// A value shared between threads behind a lock.
    final class Shared<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value
        init(_ value: Value) { self.value = value }
        func update(_ change: (inout Value) -> Void) { lock.lock(); change(&value); lock.unlock() }
        var current: Value { lock.lock(); defer { lock.unlock() }; return value }
    }

    /// How many times each of `iterations` chunks ran under `concurrentlyPerform`.
    static func runCounts(_ iterations: Int) -> [Int] {
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: iterations)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        concurrentlyPerform(iterations) { counts[$0] += 1 }  // each chunk writes only its own entry
        return Array(counts)
    }

    @Test(arguments: [1, 2, 3, 4, 7, 64, 1000])
    func everyChunkRunsExactlyOnce(iterations: Int) {
        for _ in 0..<2000 {    // many jobs back to back: claims of one job never leak into the next
            let counts = Self.runCounts(iterations)
            guard counts == Array(repeating: 1, count: iterations) else {
                Issue.record("chunks ran \(counts.prefix(10)) times (expected once each)")
                return
            }
        }
    }

    @Test func sleepingWorkersWakeForTheNextJob() {
        // past the 100 µs spin: the workers sleep on the semaphore
        for pause in [0.0, 0.001, 0.01] {
            // (whether they do is up to the scheduler: see the next test)
            Thread.sleep(forTimeInterval: pause)
            #expect(
                Self.runCounts(16) == Array(repeating: 1, count: 16), "after a pause of \(pause) s")
        }
    }

    /// A pool of one worker that sleeps as soon as it is idle, alive for the whole test run (its
    /// thread never ends).
    @available(macOS 15.0, *)
    static let sleepyPool = WorkerPool(workers: 1, spinNanoseconds: 0)

    /// Runs two chunks that each wait until both have started: the calling thread runs one chunk at
    /// a time, so the job can only finish when a worker runs the other. No clock and no guess about
    /// scheduling: a pool that never shares would hang here, and the time limit ends that.
    @available(macOS 15.0, *)
    static func barrierJob(on pool: WorkerPool) -> (ran: Bool, onWorker: Bool, names: Set<String>) {
        let started = Shared(0), onWorker = Shared(false), names = Shared<Set<String>>([])
        let ran = pool.perform(2) { _ in
            let (worker, name) = (pool.isWorkerThread, Thread.current.name ?? "")
            onWorker.update { $0 = $0 || worker }
            names.update { _ = $0.insert(name) }
            started.update { $0 += 1 }
            // the caller's chunk sees the test's cancellation
            while started.current < 2 && !Task.isCancelled { sched_yield() }
        }
        return (ran, onWorker.current, names.current)
    }

    @Test(.timeLimit(.minutes(10)))
    func aSleepingWorkerWakesForTheNextJob() {
        guard #available(macOS 15.0, *) else { return }
        let pool = Self.sleepyPool
        // the worker has run, so it has left its start-up
        _ = Self.barrierJob(on: pool)
        // until it is asleep on the semaphore
        while pool.sleepingWorkers < 1 && !Task.isCancelled { sched_yield() }
        let job = Self.barrierJob(on: pool)
        #expect(
            job.ran && job.onWorker,
            "the sleeping worker did not take the second chunk (threads: \(job.names))")
    }

    @Test func aChunkMayRunItsOwnParallelWork() {
        let inner = Shared(0)
        concurrentlyPerform(4) { _ in
            // the pool is busy: Dispatch runs these
            concurrentlyPerform(8) { _ in inner.update { $0 += 1 } }
        }
        #expect(inner.current == 32)
    }

    @Test func severalCallersAtOnceEachGetTheirWholeJob() {
        let failures = Shared(0)
        DispatchQueue.concurrentPerform(iterations: 6) { caller in
            for _ in 0..<300
            where Self.runCounts(5 + caller) != Array(repeating: 1, count: 5 + caller) {
                failures.update { $0 += 1 }
            }
        }
        #expect(failures.current == 0)
    }

    @Test(.timeLimit(.minutes(10)))
    func theWorkIsSharedWithTheWorkerThreads() {
        // one core: no pool
        guard #available(macOS 15.0, *), let pool = WorkerPool.shared else { return }
        // Other tests may hold the shared pool (perform returns false at once): try again until it
        // is ours.
        var job = Self.barrierJob(on: pool)
        while !job.ran && !Task.isCancelled {
            sched_yield()
            job = Self.barrierJob(on: pool)
        }
        #expect(job.ran && job.onWorker, "no chunk ran on a pool thread (threads: \(job.names))")
    }

    // mapConcurrently (SAESweep.swift) runs whole trainings and scorecards one per core: results
    // come back in the items' order, and `finished` counts each one once. The pauses make later
    // items usually finish first; the expectations hold in whatever order they finish.
    @Test func mapConcurrentlyKeepsTheItemsOrder() {
        let reports = Shared<[Int]>([])
        let squares = mapConcurrently(Array(0..<24), finished: { done, total in
            #expect(total == 24)
            reports.update { $0.append(done) }
        }) { item -> Int in
            // the last items finish first
            Thread.sleep(forTimeInterval: Double(24 - item) * 0.000_2)
            return item * item
        }
        #expect(squares == (0..<24).map { $0 * $0 })
        #expect(reports.current.sorted() == Array(1...24))
    }
}
