// The persistent worker pool (WorkerPool.swift) that runs the kernels' chunks: every chunk exactly
// once, whatever the chunk count, after the workers have gone to sleep, when called from inside a
// chunk, and when several threads call at once; and mapConcurrently, which runs whole jobs one per core.

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
        concurrentlyPerform(iterations) { counts[$0] += 1 }                 // each chunk writes only its own entry
        return Array(counts)
    }

    @Test(arguments: [1, 2, 3, 4, 7, 64, 1000])
    func everyChunkRunsExactlyOnce(iterations: Int) {
        for _ in 0..<2000 {                                                  // many jobs back to back: claims of one job never leak into the next
            let counts = Self.runCounts(iterations)
            guard counts == Array(repeating: 1, count: iterations) else {
                Issue.record("chunks ran \(counts.prefix(10)) times (expected once each)")
                return
            }
        }
    }

    @Test func sleepingWorkersWakeForTheNextJob() {
        for pause in [0.0, 0.001, 0.01] {                                    // past the 100 µs spin: the workers sleep on the semaphore
            Thread.sleep(forTimeInterval: pause)
            #expect(Self.runCounts(16) == Array(repeating: 1, count: 16), "after a pause of \(pause) s")
        }
    }

    @Test func aChunkMayRunItsOwnParallelWork() {
        let inner = Shared(0)
        concurrentlyPerform(4) { _ in
            concurrentlyPerform(8) { _ in inner.update { $0 += 1 } }         // the pool is busy: Dispatch runs these
        }
        #expect(inner.current == 32)
    }

    @Test func severalCallersAtOnceEachGetTheirWholeJob() {
        let failures = Shared(0)
        DispatchQueue.concurrentPerform(iterations: 6) { caller in
            for _ in 0..<300 where Self.runCounts(5 + caller) != Array(repeating: 1, count: 5 + caller) {
                failures.update { $0 += 1 }
            }
        }
        #expect(failures.current == 0)
    }

    @Test func theWorkIsSharedWithTheWorkerThreads() {
        guard #available(macOS 15.0, *), let pool = WorkerPool.shared else { return }   // one core: no pool
        let names = Shared<Set<String>>([])
        // The first chunk waits (yielding its core, up to 10 s) until the second has started elsewhere: only a
        // worker can start it then. Other tests may hold the pool meanwhile: wait for a turn.
        var ran = false
        for _ in 0..<10_000 where !ran {
            ran = pool.perform(2) { _ in
                names.update { _ = $0.insert(Thread.current.name ?? "") }
                let start = DispatchTime.now().uptimeNanoseconds
                while !names.current.contains("SAEKit worker") && DispatchTime.now().uptimeNanoseconds - start < 10_000_000_000 { sched_yield() }
            }
            if !ran { Thread.sleep(forTimeInterval: 0.001) }
        }
        #expect(ran, "the pool was busy for 10 s")
        #expect(names.current.contains("SAEKit worker"), "no chunk ran on a pool thread: \(names.current)")
    }

    // mapConcurrently (SAESweep.swift) runs whole trainings and scorecards one per core: results come
    // back in the items' order although later items finish first, and `finished` counts each one once.
    @Test func mapConcurrentlyKeepsTheItemsOrder() {
        let reports = Shared<[Int]>([])
        let squares = mapConcurrently(Array(0..<24), finished: { done, total in
            #expect(total == 24)
            reports.update { $0.append(done) }
        }) { item -> Int in
            Thread.sleep(forTimeInterval: Double(24 - item) * 0.000_2)      // the last items finish first
            return item * item
        }
        #expect(squares == (0..<24).map { $0 * $0 })
        #expect(reports.current.sorted() == Array(1...24))
    }
}
