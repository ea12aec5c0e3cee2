// The reference training step for a ReLU, TopK or BatchTopK SAE, fused sample by sample. For the
// narrow SAEs of the curriculum (d = 5, h = 20) the matrix form spends its time on loop overhead
// and on allocating [B, h] intermediates, not on arithmetic. Here each sample goes through
// encode → ReLU → decode → backward while its numbers sit in registers and L1: the encoder builds
// the pre-activations of four samples at once, eight latents each in SIMD registers, the latents
// that fired are listed without a branch, and only those are decoded and differentiated. Weights
// are copied once per step into buffers padded to whole SIMD vectors (zeros in the padding), so no
// loop has a scalar tail. The gradients accumulate in buffers allocated once, and the batch is read
// in place from the dataset (no copy). Fixed chunks of the batch run on separate cores and their
// partial gradients are added in chunk order, so the result does not depend on how many cores there
// are. Same maths as `trainingStep` (SAEGradients.swift); a test compares the two.

/// Buffers for the fused step, allocated once per training run.
public struct FusedSAEStep {
    /// Batches are split into this many chunks, whatever the core count (determinism).
    static let chunks = 4
    typealias Lane = SIMD4<Double>
    /// The fused step is used for ReLU, TopK and BatchTopK SAEs whose weight matrices fit
    /// comfortably in L2.
    public static func applies(
        inputDims d: Int, latents h: Int, activation: SAEActivation
    ) -> Bool {
        guard d * h <= 64 * 256 else { return false }
        switch activation {
        case .relu, .topK, .batchTopK: return true
        case .jumpReLU: return false
        }
    }

    let d: Int, h: Int
    /// TopK's k, or 0 for ReLU (every positive code is kept).
    let keep: Int
    /// BatchTopK's k per sample on average, if the SAE is a BatchTopK one.
    let batchKeep: Double?
    /// BatchTopK only: every sample's codes [B, hPad], the positive ones gathered, ties kept per
    /// row [B].
    var batchCodes: [Double] = [], positives: [Double] = [], ties: [Int] = []
    /// d and h rounded up to whole SIMD vectors.
    let dPad: Int, hPad: Int
    /// The step's weights, padded with zeros: W_enc [d, hPad], b_enc [hPad], W_dec [h, dPad], b_dec
    /// [dPad].
    var weights: [Double]
    /// Per chunk: ∂W_encᵀ [h, dPad], ∂W_dec [h, dPad], ∂b_enc [h], ∂b_dec (decoder term) [dPad].
    var partials: [Double]
    var fired: [Bool]
    var firedAny: [Bool]
    // per chunk: squared error, Σf, #active, AuxK's squared miss
    var sums: [Double]
    /// AuxK: the dead latents [h], and per chunk their ∂b_enc [h] (kept apart from the main
    /// ∂b_enc).
    var deadList: [Int], auxBias: [Double]
    var gradients: SAEGradients

    public init(inputDims d: Int, latents h: Int, activation: SAEActivation = .relu) {
        self.d = d
        self.h = h
        if case let .topK(k) = activation { keep = k } else { keep = 0 }
        if case let .batchTopK(k) = activation { batchKeep = k } else { batchKeep = nil }
        dPad = (d + 3) / 4 * 4
        hPad = (h + 3) / 4 * 4
        weights = Array(
            repeating: 0, count: d * hPad + hPad + h * dPad + dPad + Self.alignmentSlack)
        partials = Array(
            repeating: 0,
            count: Self.chunks * Self.separated(2 * h * dPad + h + dPad, bytesEach: 8)
                + Self.alignmentSlack)
        fired = Array(repeating: false, count: Self.chunks * Self.separated(h, bytesEach: 1))
        firedAny = Array(repeating: false, count: h)
        sums = Array(repeating: 0, count: Self.chunks * 4)
        deadList = Array(repeating: 0, count: h)
        auxBias = Array(repeating: 0, count: Self.chunks * Self.separated(h, bytesEach: 8))
        gradients = SAEGradients(
            W_enc: Matrix(rows: d, cols: h), b_enc: Array(repeating: 0, count: h),
            W_dec: Matrix(rows: h, cols: d), b_dec: Array(repeating: 0, count: d))
    }

    /// Spare entries at the end of each SIMD buffer, so that its work can start at a 64-byte
    /// boundary (see `aligned`). A vector that straddles two cache lines loads slower, and a value
    /// stored that way and loaded again at once (a partial sum) waits for the store to reach the
    /// cache: with misaligned buffers the same step took 20–60% longer, varying from one process to
    /// the next.
    static let alignmentSlack = 8

    /// The first entry of `buffer` whose address is a multiple of 64 bytes (one of its first
    /// eight).
    @inline(__always)
    static func aligned(
        _ buffer: UnsafeMutableBufferPointer<Double>
    ) -> UnsafeMutablePointer<Double> {
        buffer.baseAddress! + (64 - Int(bitPattern: buffer.baseAddress!) % 64) % 64 / 8
    }
    @inline(__always)
    static func aligned(_ buffer: UnsafeBufferPointer<Double>) -> UnsafePointer<Double> {
        buffer.baseAddress! + (64 - Int(bitPattern: buffer.baseAddress!) % 64) % 64 / 8
    }

    /// Entries from one chunk's partial sums to the next's.
    var chunkStride: Int { Self.separated(2 * h * dPad + h + dPad, bytesEach: 8) }
    /// Entries from one chunk's fired flags to the next's.
    var firedStride: Int { Self.separated(h, bytesEach: 1) }

    /// `count` entries rounded up to whole 64-byte cache lines, plus one line: chunks that run on
    /// different cores never write to the same cache line, wherever the allocator puts the buffer.
    static func separated(_ count: Int, bytesEach: Int) -> Int {
        let perLine = 64 / bytesEach
        return (count + perLine - 1) / perLine * perLine + perLine
    }

    /// Loss terms, gradients and fired latents of `sae` on the rows `rows` of `activations` (L1
    /// coefficient λ), with AuxK's term added when `auxK` is given (TopK and BatchTopK: its loss in
    /// `terms.auxK`, α times it in `terms.total`, α times its gradients in `gradients`).
    /// `alongside` runs once, on whichever core finishes its share of the batch first (it must not
    /// touch the step's inputs).
    // activations: [N, d]  rows: [B]
    //   ->  terms, gradients (∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]), fired [h]
    public mutating func step(
        _ activations: Matrix, rows: [Int], sae: SparseAutoencoder, l1Coefficient λ: Double,
        auxK: FusedAuxK? = nil, alongside: () -> Void = {}
    ) -> SAEStep {
        copyPadded(sae)
        let (d, h, dPad, hPad, batch, stride, keep) = (
            self.d, self.h, self.dPad, self.hPad, rows.count, chunkStride, self.keep
        )
        let firedStride = self.firedStride, auxStride = Self.separated(h, bytesEach: 8)
        let deadCount =
            keep == 0 && batchKeep == nil
            ? 0
            : auxK.map { aux in
                deadList.withUnsafeMutableBufferPointer {
            // AuxK runs when a latent is dead
            Self.listDead(aux.dead, into: $0.baseAddress!) } } ?? 0
        let (kAux, auxScale) = (auxK?.k ?? 0, (auxK?.coefficient ?? 0) * 2 / Double(batch))
        let scale = 2 / Double(batch), l1Gradient = λ / Double(batch)
        // BatchTopK: codes kept in the whole batch
        let batchCount = batchKeep.map { Int(($0 * Double(batch)).rounded()) }
        if batchCount != nil && batchCodes.count != batch * hPad + Self.alignmentSlack {
            (batchCodes, positives, ties) = (
                Array(repeating: 0, count: batch * hPad + Self.alignmentSlack),
                Array(repeating: 0, count: batch * h), Array(repeating: 0, count: batch)
            )
        }
        let parallel = batch * d * h >= 1 << 15
        let group = Self.samplesPerPass
        batchCodes.withUnsafeMutableBufferPointer { batchCodes in
        positives.withUnsafeMutableBufferPointer { positives in
        ties.withUnsafeMutableBufferPointer { ties in
        partials.withUnsafeMutableBufferPointer { partials in
        fired.withUnsafeMutableBufferPointer { fired in
        sums.withUnsafeMutableBufferPointer { sums in
        deadList.withUnsafeBufferPointer { dead in
        auxBias.withUnsafeMutableBufferPointer { auxBias in
        activations.values.withUnsafeBufferPointer { data in
        weights.withUnsafeBufferPointer { weights in
        rows.withUnsafeBufferPointer { rows in
                                                    let (partialsBase, firedBase, sumsBase) = (
                                                        Self.aligned(partials), fired.baseAddress!,
                                                        sums.baseAddress!
                                                    )
            let (dead, auxBiasBase) = (dead.baseAddress!, auxBias.baseAddress!)
                                                    let (data, rows, allCodes) = (
                                                        data.baseAddress!, rows.baseAddress!,
                                                        batchCodes.isEmpty
                                                            ? nil : Self.aligned(batchCodes)
                                                    )
            let W_enc = UnsafePointer(Self.aligned(weights)), b_enc = W_enc + d * hPad
            let W_dec = b_enc + hPad, b_dec = W_dec + h * dPad
            /// Runs `body(centred, scratch, active, first row, rows in the group)` on the chunk's
            /// rows, four at a time.
                                                    func forEachGroup(
                                                        of chunk: Int,
                                                        _ body: (
                                                            UnsafeMutablePointer<Double>,
                                                            UnsafeMutablePointer<Double>,
                                                            UnsafeMutablePointer<Int>, Int, Int
                                                        ) -> Void
                                                    ) {
                // on the stack, aligned to 64 bytes
                let scratchSize = group * dPad + dPad + group * hPad
                withUnsafeTemporaryAllocation(byteCount: scratchSize * 8, alignment: 64) { bytes in
                    // the main list, then AuxK's
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * hPad) { active in
                                                                let scratch = bytes.baseAddress!
                                                                    .bindMemory(
                                                                        to: Double.self,
                                                                        capacity: scratchSize)
                        scratch.initialize(repeating: 0, count: scratchSize)
                                                                let (start, end) = (
                                                                    chunk * batch / Self.chunks,
                                                                    (chunk + 1) * batch
                                                                        / Self.chunks
                                                                )
                        let lead = Self.prefetchGroups * group
                        Self.prefetch(data, rows: rows + start, count: min(lead, end - start), d: d)
                        for r in Swift.stride(from: start, to: end, by: group) {
                            let count = min(group, end - r)
                                                                    Self.prefetch(
                                                                        data, rows: rows + r + lead,
                                                                        count: max(
                                                                            0,
                                                                            min(
                                                                                group,
                                                                                end - r - lead)),
                                                                        d: d)
                                                                    Self.centre(
                                                                        data, rows: rows + r,
                                                                        count: count, d: d,
                                                                        dPad: dPad, b_dec: b_dec,
                                                                        into: scratch)
                            body(scratch, scratch + group * dPad, active.baseAddress!, r, count)
                        }
                    }
                }
            }
            /// BatchTopK, pass 1: every sample's codes, each chunk gathering its positive ones;
            /// then the batch's threshold.
            func batchThreshold(keeping batchCount: Int) -> Double {
                withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.chunks) { gathered in
                    let encodeChunk = { (chunk: Int) in
                        forEachGroup(of: chunk) { centred, _, _, r, count in
                                                                    Self.encode(
                                                                        four: centred, count: count,
                                                                        d: d, dPad: dPad,
                                                                        hPad: hPad, W_enc: W_enc,
                                                                        b_enc: b_enc,
                                                                        codes: allCodes! + r * hPad,
                                                                        codeStride: hPad)
                        }
                                                                let (start, end) = (
                                                                    chunk * batch / Self.chunks,
                                                                    (chunk + 1) * batch
                                                                        / Self.chunks
                                                                )
                                                                gathered[chunk] =
                                                                    Self.gatherPositive(
                                                                        allCodes!, rows: start, end,
                                                                        h: h, hPad: hPad,
                                                                        into: positives.baseAddress!
                                                                            + start * h)
                    }
                                                            if parallel {
                                                                concurrentlyPerform(
                                                                    Self.chunks, encodeChunk)
                                                            } else {
                                                                (0..<Self.chunks).forEach(
                                                                    encodeChunk)
                                                            }
                                                            return Self.batchThreshold(
                                                                codes: allCodes!, batch: batch,
                                                                h: h, hPad: hPad, count: batchCount,
                                                                positives: positives,
                                                                gathered: gathered.baseAddress!,
                                                                ties: ties.baseAddress!)
                }
            }
            // a constant: the chunks capture no mutable box
            let threshold = batchCount.map(batchThreshold) ?? 0
            func work(_ chunk: Int) {
                                                        let mine = partialsBase + chunk * stride,
                                                            firedHere =
                                                                firedBase + chunk * firedStride
                let auxBiasHere = auxBiasBase + chunk * auxStride
                mine.initialize(repeating: 0, count: stride)
                firedHere.initialize(repeating: false, count: h)
                if deadCount > 0 { auxBiasHere.initialize(repeating: 0, count: h) }
                var loss = (error: 0.0, l1: 0.0, active: 0), auxLoss = 0.0
                /// AuxK for one sample whose main pass listed `firing` latents in `active`.
                                                        func auxiliary(
                                                            _ centred: UnsafePointer<Double>,
                                                            _ codes: UnsafePointer<Double>,
                                                            _ active: UnsafeMutablePointer<Int>,
                                                            _ firing: Int,
                                                            miss: UnsafeMutablePointer<Double>
                                                        ) {
                                                            auxLoss += Self.auxiliary(
                                                                centred: centred, codes: codes,
                                                                active: active, count: firing,
                                                                dead: dead,
                                                                deadCount: deadCount, kAux: kAux,
                                                                dPad: dPad, h: h, W_dec: W_dec,
                                                                gradientScale: auxScale,
                                                                miss: miss, chosen: active + hPad,
                                                                into: mine, auxBias: auxBiasHere)
                }
                forEachGroup(of: chunk) { centred, scratch, active, r, count in
                    let dHat = scratch, codes = scratch + dPad
                    if batchCount != nil {       // BatchTopK, pass 2: the codes above the threshold
                        for s in 0..<count {
                            let sampleCodes = allCodes! + (r + s) * hPad
                                                                    let firing =
                                                                        Self.accumulateKept(
                                                                            centred: centred + s
                                                                                * dPad, dHat: dHat,
                                                                            codes: sampleCodes,
                                                                            threshold: threshold,
                                                                            ties: ties[r + s],
                                                                            dPad: dPad, h: h,
                                                                            W_dec: W_dec,
                                                                            scale: scale,
                                                                            l1Gradient: l1Gradient,
                                                                            into: mine,
                                                                            fired: firedHere,
                                                                            active: active,
                                                                            loss: &loss)
                                                                    if deadCount > 0 {
                                                                        auxiliary(
                                                                            centred + s * dPad,
                                                                            sampleCodes, active,
                                                                            firing, miss: dHat)
                                                                    }
                        }
                        return
                    }
                                                            Self.encode(
                                                                four: centred, count: count, d: d,
                                                                dPad: dPad, hPad: hPad,
                                                                W_enc: W_enc, b_enc: b_enc,
                                                                codes: codes, codeStride: hPad)
                    for s in 0..<count {
                        // ReLU: lists and decodes in one loop (FusedSAEStep+Registers.swift)
                        if keep == 0 && dPad <= 16 {
                                                                    Self.backwardListingInRegisters(
                                                                        centred: centred + s * dPad,
                                                                        dPad: dPad, h: h,
                                                                        hPad: hPad, W_dec: W_dec,
                                                                        scale: scale,
                                                                        l1Gradient: l1Gradient,
                                                                        codes: codes + s * hPad,
                                                                        active: active,
                                                                        into: mine,
                                                                        fired: firedHere,
                                                                        loss: &loss)
                            continue
                        }
                                                                let firing =
                                                                    keep == 0
                                                                    ? Self.listPositive(
                                                                        codes + s * hPad,
                                                                        hPad: hPad, into: active)
                                                                    : Self.listLargest(
                                                                        keep, of: codes + s * hPad,
                                                                        hPad: hPad, into: active)
                                                                Self.backward(
                                                                    centred: centred + s * dPad,
                                                                    dHat: dHat, dPad: dPad, h: h,
                                                                    W_dec: W_dec, scale: scale,
                                                                    l1Gradient: l1Gradient,
                                                                    codes: codes + s * hPad,
                                                                    active: active, count: firing,
                                                                    into: mine, fired: firedHere,
                                                                    loss: &loss)
                                                                if deadCount > 0 {
                                                                    auxiliary(
                                                                        centred + s * dPad,
                                                                        codes + s * hPad, active,
                                                                        firing, miss: dHat)
                                                                }
                    }
                }
                sumsBase[chunk * 4] = loss.error
                sumsBase[chunk * 4 + 1] = loss.l1
                sumsBase[chunk * 4 + 2] = Double(loss.active)
                sumsBase[chunk * 4 + 3] = auxLoss
            }
            if parallel {
                // chunks are claimed in order
                concurrentlyPerform(Self.chunks + 1) { $0 < Self.chunks ? work($0) : alongside() }
            } else {
                (0..<Self.chunks).forEach(work)
                alongside()
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        return collect(
            batch: batch, l1Coefficient: λ, auxK: deadCount > 0 ? auxK : nil, deadCount: deadCount)
    }
}

extension UnsafeMutablePointer<Double> {
    /// Copies `values[offset..<offset + count]` to the memory here.
    @inline(__always)
    func update(from values: [Double], offset: Int, count: Int) {
        values.withUnsafeBufferPointer { update(from: $0.baseAddress! + offset, count: count) }
    }
}
