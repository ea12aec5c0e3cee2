// A small, portable, seeded random number generator: xoshiro256** (Blackman & Vigna 2018), seeded
// through SplitMix64. The same seed gives the same stream on every platform, which is what "same
// seed, same metrics.json" needs. (SystemRandomNumberGenerator is never used for results.)

import Foundation

/// A seeded xoshiro256** generator. Value type: copying it forks the stream.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator for `seed`, optionally on a named `stream` ("init", "data", …) so that
    /// independent uses of one seed do not share draws.
    public init(seed: UInt64, stream: String = "") {
        var mixer = SplitMix64(state: seed ^ fnv1a(stream))
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    // MARK: - Distributions

    /// Uniform in [0, 1): the top 53 bits scaled by 2⁻⁵³.
    @inlinable
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [lower, upper).
    @inlinable
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * uniform()
    }

    /// True with probability `probability` (one uniform draw, compared with `<`).
    @inlinable
    public mutating func bernoulli(_ probability: Double) -> Bool {
        uniform() < probability
    }

    /// A standard normal draw (Marsaglia's polar method; uses only `log` and `sqrt`).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * log(s) / s).squareRoot()
            }
        }
    }

    /// A normal draw with the given mean and standard deviation.
    public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * normal()
    }

    /// An integer uniform in `range` (unbiased, via the standard library's rejection sampling).
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// Fills `indices` with integers uniform in 0..<count: the same draws as `integer(in:)` one
    /// entry at a time, written in place (assigning entry by entry checks the array's uniqueness
    /// each time).
    public mutating func fill(_ indices: inout [Int], below count: Int) {
        indices.withUnsafeMutableBufferPointer { indices in
            for i in indices.indices { indices[i] = integer(in: 0...(count - 1)) }
        }
    }
}

// MARK: - Helpers

@usableFromInline @inline(__always)
func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

/// SplitMix64 (Steele, Lea & Flood 2014): turns one 64-bit seed into well-mixed state words.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// FNV-1a hash of a string's UTF-8 bytes (0 for the empty string, so the default stream is the
/// plain seed).
func fnv1a(_ text: String) -> UInt64 {
    text.isEmpty ? 0 : fnv1a(bytes: text.utf8)
}

/// FNV-1a (64-bit) hash of bytes.
func fnv1a(bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}
