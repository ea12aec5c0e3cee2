// The k-th largest of a set of non-negative numbers: BatchTopK's threshold, found once per training
// step among every positive code of the batch (thousands to tens of thousands of them). Quickselect
// compares each value with a pivot and branches on the answer, which for codes in random order is a
// coin toss the CPU mispredicts half the time; in a profile of step 6 the selection took more time
// than the BatchTopK step it served. A non-negative double's bit pattern, read as an integer,
// orders as its value, so the answer can be found a digit at a time from the top (a radix select):
// count the values per digit, keep those in the digit that holds the k-th, and go on to the next
// digit. Both loops are free of data-dependent branches. Quickselect finishes the last few.

/// The k-th largest of `values` (1-based, all ≥ 0 and not NaN), using them as scratch
/// (overwritten).
func kthLargest(_ values: inout [Double], _ k: Int) -> Double {
    values.withUnsafeMutableBufferPointer { kthLargest($0, k) }
}

/// The k-th largest of the buffer's values (1-based, all ≥ 0 and not NaN), using them as scratch
/// (overwritten).
// values: [n]
func kthLargest(_ values: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
    ensure(k >= 1 && k <= values.count, "kthLargest: k = \(k) of \(values.count) values")
    let base = values.baseAddress!
    var (count, rank) = (values.count, k)    // the answer is the rank-th largest of base[0..<count]
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 2048) { histogram in
        // Bits 62–52 (the exponent), then the mantissa's 51–41, 40–30, 29–19, 18–8 and 7–0; the
        // sign bit is 0.
        for shift: UInt64 in [52, 41, 30, 19, 8, 0] where count > 32 {
            let mask: UInt64 = shift == 0 ? 0xFF : 0x7FF
            histogram.initialize(repeating: 0)
            for i in 0..<count {
                histogram[Int(truncatingIfNeeded: (base[i].bitPattern >> shift) & mask)] &+= 1
            }
            var digit = Int(mask), above = 0                             // the largest digits first
            while above + histogram[digit] < rank { above += histogram[digit]; digit -= 1 }
            rank -= above
            var kept = 0                                // keep the values with that digit, in place
            for i in 0..<count {
                let value = base[i]
                base[kept] = value
                kept &+=
                    Int(truncatingIfNeeded: (value.bitPattern >> shift) & mask) == digit ? 1 : 0
            }
            count = kept
        }
    }
    return quickselect(UnsafeMutableBufferPointer(start: base, count: count), rank)
}

/// The k-th largest of the buffer's values (1-based), reordering them (Hoare's quickselect, middle
/// pivot).
// values: [n]
func quickselect(_ values: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
    var (low, high, target) = (0, values.count - 1, k - 1)
    while low < high {
        let pivot = values[(low + high) / 2]
        var (i, j) = (low, high)
        while i <= j {
            while values[i] > pivot { i += 1 }
            while values[j] < pivot { j -= 1 }
            if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
        }
        if target <= j { high = j } else if target >= i { low = i } else { return values[target] }
    }
    return values[target]
}
