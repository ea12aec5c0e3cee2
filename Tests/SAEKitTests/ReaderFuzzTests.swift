// A seeded mutation fuzzer for the file readers a learner's files go through: .npy, safetensors and
// JSON (cfg.json, safetensors headers). It starts from valid files, mutates them (bit flips,
// interesting bytes, numbers in the header replaced by huge or negative ones, truncation, splices),
// and feeds every input to every reader. A reader may accept or reject an input, but must never trap
// (a trap ends the test process, so CI goes red) and must never build more values than the bytes
// could hold. Inputs that once crashed a reader are kept in Tests/Fixtures/fuzz/ and replayed.
//
//   SAE_FUZZ_INPUTS=1000000 swift test --filter ReaderFuzz     # the long run (CI runs 20,000)
//   SAE_FUZZ_SAVE_LAST=/tmp/last swift test --filter ReaderFuzz # each input is saved first: after a
//                                                               # crash, /tmp/last is the culprit

import Foundation
@testable import SAEKit
import Testing

@Suite("Reader fuzzing")
struct ReaderFuzzTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let inputs = Int(ProcessInfo.processInfo.environment["SAE_FUZZ_INPUTS"] ?? "") ?? 20_000
    static let saveLast = ProcessInfo.processInfo.environment["SAE_FUZZ_SAVE_LAST"]

    /// Valid files to start from: .npy of every dtype and several ranks, SAE weights as
    /// safetensors, a cfg.json, and NumPy's own .npy files from Tests/Fixtures/npy.
    static func seeds() -> [[UInt8]] {
        var random = SeededGenerator(seed: 7, stream: "fuzz-seeds")
        var seeds: [[UInt8]] = []
        for dtype in TensorDType.allCases {
            for shape in [[], [3], [2, 3], [1, 2, 2], [0, 4], [16, 2], [12, 1, 1]] {
                let count = shape.reduce(1, *)
                let tensor = Tensor(
                    shape: shape, values: (0..<count).map { _ in (random.normal() * 4).rounded() },
                    dtype: dtype)
                if dtype.numpyDescr != nil { seeds.append(NumPyFile.encode(tensor)) }
                if shape.count == 2 {
                    seeds.append(SafeTensorsFile(tensors: [("t", tensor)]).encoded())
                }
            }
        }
        let sae = SparseAutoencoder.initialised(inputDims: 3, latents: 4, generator: &random)
        let weights = SafeTensorsFile(
            tensors: [
                ("W_enc", Tensor(sae.W_enc)), ("b_enc", Tensor(vector: sae.b_enc)),
                ("W_dec", Tensor(sae.W_dec)),
                ("b_dec", Tensor(vector: sae.b_dec))
            ], metadata: [("format", "pt")])
        seeds.append(weights.encoded())
        seeds.append(
            SafeTensorsFile(tensors: [
                ("x", Tensor(shape: [2], values: [1, 2], dtype: .float32)),
                ("empty", Tensor(shape: [0], values: [], dtype: .int64))
            ]).encoded())
        seeds.append(
            Array(
                SAELensFolder.config(
                    sae, metadata: [("fingerprint", .string("abc")), ("scale", .number(0.5))]
                ).prettyText.utf8))
        seeds.append(
            Array(
                #"{"a": [1, -2.5e-3, true, null, {"b": "\u00e9\n"}], "c": 18446744073709551615}"#
                    .utf8))
        let npyFolder = fixtures.appendingPathComponent("npy").path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: npyFolder).sorted()) ?? []
        where name.hasSuffix(".npy") {
            if let data = FileManager.default.contents(atPath: npyFolder + "/" + name) {
                seeds.append([UInt8](data))
            }
        }
        return seeds
    }

    // MARK: - Mutations

    static let interestingBytes: [UInt8] = [
        0, 1, 0x7F, 0x80, 0xFF, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
        UInt8(ascii: "-"),
        UInt8(ascii: "9"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "{"),
        UInt8(ascii: "}"), UInt8(ascii: "["),
        UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: "\\"), UInt8(ascii: " ")
    ]
    static let interestingNumbers = [
        "0", "-1", "1", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
        "18446744073709551615", "99999999999999999999", "999999999999999999", "100000000000000000",
        "1e308", "-0", "2147483648", ""
    ]

    /// `bytes` changed by one to four random edits.
    static func mutate(
        _ bytes: [UInt8], splicingWith other: [UInt8], _ random: inout SeededGenerator
    ) -> [UInt8] {
        var bytes = bytes
        for _ in 0...random.integer(in: 0...3) {
            let position = bytes.isEmpty ? 0 : random.integer(in: 0...(bytes.count - 1))
            switch random.integer(in: 0...8) {
            case 0 where !bytes.isEmpty: bytes[position] ^= 1 << UInt8(random.integer(in: 0...7))
            case 1 where !bytes.isEmpty:
                bytes[position] =
                    interestingBytes[random.integer(in: 0...(interestingBytes.count - 1))]
            case 2 where !bytes.isEmpty:
                bytes.removeSubrange(
                    position..<min(bytes.count, position + random.integer(in: 1...16)))
            case 3:
                bytes.insert(
                    contentsOf: (0..<random.integer(in: 1...16)).map { _ in
                        UInt8(random.integer(in: 0...255))
                    }, at: position)
            case 4: bytes = Array(bytes.prefix(random.integer(in: 0...bytes.count)))
            case 5:                           // a number in the text replaced by an interesting one
                let digits = bytes.indices.filter {
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0])
                }
                guard
                    let start = digits.isEmpty
                        ? nil : digits[random.integer(in: 0...(digits.count - 1))]
                else { continue }
                var end = start
                while end < bytes.count,
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end])
                { end += 1 }
                bytes.replaceSubrange(
                    start..<end,
                    with: Array(
                        interestingNumbers[random.integer(in: 0...(interestingNumbers.count - 1))]
                            .utf8))
            case 6 where !bytes.isEmpty:                                 // a chunk copied elsewhere
                let chunk = Array(
                    bytes[position..<min(bytes.count, position + random.integer(in: 1...32))])
                bytes.insert(contentsOf: chunk, at: random.integer(in: 0...bytes.count))
            case 7:                                     // the head of one file, the tail of another
                bytes =
                    Array(bytes.prefix(random.integer(in: 0...bytes.count)))
                    + Array(other.suffix(random.integer(in: 0...other.count)))
            // a header length (npy at 8, safetensors at 0) set to an extreme
            case 8 where bytes.count >= 12:
                let value = [
                    0, 1, 0xFF, 0xFFFF, 0xFFFF_FFFF, Int.max, bytes.count, bytes.count - 7
                ][random.integer(in: 0...7)]
                let (offset, width) =
                    random.bernoulli(0.5) ? (8, random.bernoulli(0.5) ? 2 : 4) : (0, 8)
                for i in 0..<width {
                    bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i))
                }
            default: continue
            }
        }
        return bytes
    }

    // MARK: - The oracle

    /// Feeds `bytes` to every reader; returns a problem when a reader builds more values than the
    /// bytes could hold.
    static func feed(_ bytes: [UInt8]) -> String? {
        if let tensor = try? NumPyFile.decode(bytes),
            tensor.values.count * 2 > max(0, bytes.count - 10)
        {
            return ".npy reader built \(tensor.values.count) values from \(bytes.count) bytes"
        }
        if let file = try? SafeTensorsFile(decoding: bytes) {
            let values = file.tensors.map(\.tensor.values.count).reduce(0, +)
            if values * 2 > bytes.count - 8 {
                return "safetensors reader built \(values) values from \(bytes.count) bytes"
            }
        }
        _ = try? JSONValue(parsing: bytes)
        return nil
    }

    // MARK: - Tests

    @Test func mutatedFilesAreRejectedOrReadWithinBounds() {
        let seeds = Self.seeds()
        #expect(seeds.count >= 40)
        for seed in seeds { #expect(Self.feed(seed) == nil) }
        #expect(
            seeds.filter { (try? NumPyFile.decode($0)) != nil }.count >= 30,
            "the .npy seeds are valid")
        var random = SeededGenerator(seed: 2026, stream: "fuzz")
        var accepted = 0
        for _ in 0..<Self.inputs {
            let seed = seeds[random.integer(in: 0...(seeds.count - 1))],
                other = seeds[random.integer(in: 0...(seeds.count - 1))]
            let input = Self.mutate(seed, splicingWith: other, &random)
            if let path = Self.saveLast {
                _ = FileManager.default.createFile(atPath: path, contents: Data(input))
            }
            if let problem = Self.feed(input) { Issue.record("\(problem): \(input)") }
            if (try? NumPyFile.decode(input)) != nil
                || (try? SafeTensorsFile(decoding: input)) != nil
            {
                accepted += 1
            }
        }
        print(
            "reader fuzzing: \(Self.inputs) inputs fed to the .npy, safetensors and JSON readers; \(accepted) decoded as .npy or safetensors"
        )
        // The mutations are not all fatal: some inputs still decode, so the readers' success paths
        // are fuzzed too.
        #expect(accepted > Self.inputs / 50, "\(accepted) of \(Self.inputs) mutated inputs decoded")
    }

    @Test func inputsThatOnceCrashedAReaderAreHandled() throws {
        let folder = Self.fixtures.appendingPathComponent("fuzz").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            $0.hasSuffix(".bin")
        }.sorted()
        for name in names {
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + name)!)
            #expect(Self.feed(bytes) == nil, "\(name)")
        }
    }
}
