// JSON, safetensors and atomic writes: round trips, hand-built files from the specification, and
// every malformed input rejected with a reason.

@testable import SAEKit
import Foundation
import Testing

@Suite("JSON")
struct JSONTests {
    @Test func writesDeterministicPrettyText() {
        let value = JSONValue.object([
            ("b", .int(1)), ("a", .numbers([0.1, 2, 1e-5])), ("s", .string("q\"\n\u{1}")),
            ("n", .object([("x", .bool(true)), ("y", .null)]))
        ])
        #expect(value.prettyText == """
        {
          "b": 1,
          "a": [0.1, 2.0, 1e-05],
          "s": "q\\"\\n\\u0001",
          "n": {
            "x": true,
            "y": null
          }
        }

        """)
        #expect(JSONValue.number(.nan).compactText == "null")
    }

    @Test func parsesWhatItWrites() throws {
        let value = JSONValue.object([
            ("k", .array([.int(-3), .number(2.5e-7), .string("é🎉\\/"), .bool(false), .null]))
        ])
        #expect(try JSONValue(parsing: value.compactText) == value)
        #expect(try JSONValue(parsing: value.prettyText) == value)
        #expect(try JSONValue(parsing: "\"\\ud83c\\udf89\"") == .string("🎉"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\\ud800\"", "[1] 2", "nul",
        "\"\u{1}\""
    ])
    func rejectsMalformedText(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
    }
}

@Suite("safetensors")
struct SafeTensorsTests {
    /// A file built byte by byte from the format description: one F32 tensor "a" of shape [2] = [1,
    /// -2].
    static let handBuilt: [UInt8] = {
        let header = Array(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#.utf8)
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header
        bytes += withUnsafeBytes(of: Float(1).bitPattern.littleEndian, Array.init)
        bytes += withUnsafeBytes(of: Float(-2).bitPattern.littleEndian, Array.init)
        return bytes
    }()

    static func file(header: String, data: [UInt8]) -> [UInt8] {
        let bytes = Array(header.utf8)
        return withUnsafeBytes(of: UInt64(bytes.count).littleEndian, Array.init) + bytes + data
    }

    @Test func readsAHandBuiltFile() throws {
        let file = try SafeTensorsFile(decoding: Self.handBuilt)
        #expect(file["a"] == Tensor(shape: [2], values: [1, -2], dtype: .float32))
    }

    @Test func roundTripsEveryDtype() throws {
        let values = [0, 1, -2.5, 0.099975586, 65504, 6e-5]
        let file = SafeTensorsFile(
            tensors: TensorDType.allCases.map {
                ($0.rawValue, Tensor(shape: [2, 3], values: values, dtype: $0))
            },
            metadata: [("who", "test")])
        let bytes = file.encoded()
        #expect((Int(bytes[0]) + 8) % 8 == 0, "header padded to 8 bytes")
        let decoded = try SafeTensorsFile(decoding: bytes)
        #expect(decoded.metadata("who") == "test")
        #expect(decoded["F64"]?.values == values)
        for dtype in [TensorDType.float32, .float16, .bfloat16] {
            let relative = dtype == .float32 ? 1e-7 : dtype == .float16 ? 1e-3 : 8e-3
            for (got, want) in zip(decoded[dtype.rawValue]!.values, values) {
                #expect(
                    abs(got - want) <= relative * abs(want) + (dtype == .float16 ? 1e-7 : 0),
                    "\(dtype)")
            }
        }
    }

    @Test func halfPrecisionKnownBits() {
        #expect(halfBits(1) == 0x3C00)
        #expect(halfBits(-2) == 0xC000)
        #expect(halfBits(65504) == 0x7BFF)
        #expect(halfBits(1e6) == 0x7C00)
        #expect(halfValue(0x3555) == 0.333251953125)
        #expect(halfValue(0x0001) == 0x1p-24)
    }

    @Test(
        arguments: [
            ([UInt8](repeating: 0, count: 5), "must start with an 8-byte header length"),
            (file(header: "{}", data: []).dropLast(1) + [], "runs past the end"),
            (
                withUnsafeBytes(of: UInt64.max.littleEndian, Array.init) + [0x7B],
                "exceeds the format's limit"
            ),
            (file(header: "[1]", data: []), "not a JSON object"),
            (
                file(header: #"{"a":{"dtype":"I8","shape":[1],"data_offsets":[0,1]}}"#, data: [0]),
                "has dtype I8"
            ),
            (
                file(
                    header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
                    data: Array(repeating: 0, count: 8)), "shape [3] of F32 needs 12"
            ),
            (
                file(
                    header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,2]}}"#,
                    data: Array(repeating: 0, count: 2)), "needs more data"
            ),
            (
                file(
                    header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}"#,
                    data: Array(repeating: 0, count: 8)), "spans 8 bytes"
            ),
            (
                file(
                    header:
                        #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#,
                    data: Array(repeating: 0, count: 8)),
                "needs more data"
            ),
            (
                file(
                    header:
                        #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                    data: Array(repeating: 0, count: 8)), "overlaps"
            ),
            (
                file(
                    header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                    data: Array(repeating: 0, count: 8)), "a hole"
            ),
            (
                file(
                    header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
                    data: Array(repeating: 0, count: 8)), "cover 4"
            ),
            (
                file(
                    header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,40]}}"#,
                    data: Array(repeating: 0, count: 8)), "outside the 8"
            ),
            (file(header: #"{"__metadata__":{"k":1}}"#, data: []), "is not a string"),
            (
                file(
                    header:
                        #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                    data: Array(repeating: 0, count: 8)), "appears twice"
            )
        ] as [([UInt8], String)])
    func rejectsMalformedFiles(bytes: [UInt8], reason: String) {
        do {
            _ = try SafeTensorsFile(decoding: bytes)
            Issue.record("accepted a malformed file; expected '\(reason)'")
        } catch {
            #expect(error.reason.contains(reason), "got: \(error.reason)")
        }
    }
}

@Suite("Atomic files")
struct AtomicFileTests {
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "sae-atomic-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func writesAndReplacesLeavingNoTemporaryFile() throws {
        let folder = Self.temporaryFolder()
        try AtomicFile.write("first", to: folder + "/a.txt")
        try AtomicFile.write("second", to: folder + "/a.txt")
        #expect(try String(contentsOfFile: folder + "/a.txt", encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["a.txt"])
    }

    @Test func failureNamesThePathAndWritesNothing() throws {
        let folder = Self.temporaryFolder()
        #expect(throws: FileWriteError.self) {
            try AtomicFile.write("x", to: folder + "/missing/a.txt")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func prepareRemovesOnlyTheTemporariesAKilledWriteLeft() throws {
        let folder = Self.temporaryFolder()
        let output = StepOutput(root: folder, step: "step1")
        try output.prepare()
        for name in [
            ".metrics.json.tmp-123", ".sae_weights.safetensors.tmp-9", "metrics.json", ".hidden",
            ".notes.tmp-", "a.tmp-12", ".b.tmp-1x"
        ] {
            try AtomicFile.write("x", to: output.path(name))
        }
        try output.prepare()
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: output.directory).sorted() == [
                ".b.tmp-1x", ".hidden", ".notes.tmp-", "a.tmp-12", "metrics.json"
            ])
    }

    @Test func stepOutputRejectsAFileWhereTheFolderShouldBe() throws {
        let folder = Self.temporaryFolder()
        try AtomicFile.write("x", to: folder + "/step1")
        #expect(throws: UserError("--out: \(folder)/step1 exists and is not a folder")) {
            try StepOutput(root: folder, step: "step1").prepare()
        }
    }
}
