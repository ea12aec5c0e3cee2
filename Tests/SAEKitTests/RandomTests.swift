// The RNG: bit-exact against the reference C implementation of xoshiro256** seeded by SplitMix64,
// and the distributions' moments.

@testable import SAEKit
import Testing

@Suite("Seeded random numbers")
struct RandomTests {
    @Test func matchesReferenceImplementation() {
        // From Blackman & Vigna's xoshiro256starstar.c, state filled by splitmix64.c from the seed.
        var zero = SeededGenerator(seed: 0)
        #expect(
            (0..<4).map { _ in zero.next() } == [
                0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0,
                0x6AA5_94F1_262D_2D2C
            ])
        var fortyTwo = SeededGenerator(seed: 42)
        #expect(
            (0..<4).map { _ in fortyTwo.next() } == [
                0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1,
                0xECB8_AD47_03B3_60A1
            ])
    }

    @Test func streamsAreIndependentAndReproducible() {
        var a = SeededGenerator(seed: 7, stream: "data"),
            b = SeededGenerator(seed: 7, stream: "data")
        var c = SeededGenerator(seed: 7, stream: "init")
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test func uniformMoments() {
        var generator = SeededGenerator(seed: 1)
        let draws = (0..<200_000).map { _ in generator.uniform() }
        #expect(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        #expect(abs(mean - 0.5) < 0.005)           // sd of the mean ≈ 0.00065
        #expect(abs(variance - 1.0 / 12) < 0.002)
    }

    @Test func normalMoments() {
        var generator = SeededGenerator(seed: 2)
        let draws = (0..<200_000).map { _ in generator.normal() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        let fourth = draws.reduce(0) { $0 + pow($1 - mean, 4) } / Double(draws.count)
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.01)
        #expect(abs(fourth - 3) < 0.06)            // kurtosis of a normal
    }

    @Test func fillDrawsWhatIntegerDrawsOneAtATime() {
        // The trainer's batches come from `fill`; the chapters' numbers were made with
        // `integer(in:)` per entry.
        for count in [1, 2, 7, 50_000] {
            var filled = SeededGenerator(seed: 5, stream: "rows"), oneByOne = filled
            var rows = [Int](repeating: -1, count: 257)
            filled.fill(&rows, below: count)
            #expect(rows == (0..<257).map { _ in oneByOne.integer(in: 0...(count - 1)) })
            #expect(filled.next() == oneByOne.next(), "the generators end in the same state")
            #expect(rows.allSatisfy { (0..<count).contains($0) })
        }
    }

    @Test func bernoulliRate() {
        var generator = SeededGenerator(seed: 3)
        let hits = (0..<100_000).filter { _ in generator.bernoulli(0.1) }.count
        #expect(abs(Double(hits) / 100_000 - 0.1) < 0.004)
        #expect(!(0..<1000).contains { _ in generator.bernoulli(0) })
    }
}

import Foundation
