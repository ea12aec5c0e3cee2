// .npy: files written by NumPy (Tests/Fixtures/npy, made by make_fixtures.py) read exactly; every
// dtype and rank SAEKit writes reads back bit-exactly; every malformed file is rejected with a
// reason.

@testable import SAEKit
import Foundation
import Testing

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures/npy")

@Suite(".npy files")
struct NumPyFileTests {
    func fixture(_ name: String) throws -> Tensor {
        try NumPyFile.read(fixtures.appendingPathComponent(name).path)
    }

    @Test func readsWhatNumPyWrote() throws {
        let f8 = try fixture("f8_2d.npy")
        #expect(f8.shape == [3, 4] && f8.dtype == .float64)
        #expect(f8.values == (0..<12).map { Double($0) / 7 })
        let f4 = try fixture("f4_3d_v2.npy")
        #expect(f4.shape == [2, 3, 4] && f4.dtype == .float32)
        // numpy.linspace(-1, 1, 24): i·(2/23) − 1, the last one exactly 1, then cast to float32.
        let step = 2.0 / 23.0
        let linspace: [Double] = (0..<24).map { i in i == 23 ? 1.0 : Double(i) * step - 1.0 }
        #expect(f4.values == linspace.map { Double(Float($0)) })
        #expect(try fixture("i8_labels.npy").values == [0, 7, 3, -2])
        #expect(
            try fixture("i4_2d.npy")
                == Tensor(shape: [2, 3], values: [-2, -1, 0, 1, 2, 3], dtype: .int32))
        #expect(try fixture("f8_scalar.npy") == Tensor(shape: [], values: [2.5]))
        #expect(try fixture("f8_empty.npy").shape == [0, 3])
        #expect(try fixture("f2_1d.npy").values == [1, -2, 0.5, 65504])
    }

    @Test(arguments: [[], [0, 3], [7], [3, 4], [2, 3, 4], [1, 1, 1, 2]] as [[Int]])
    func everyDtypeAndRankRoundTripsBitExactly(shape: [Int]) throws {
        var random = SeededGenerator(seed: 3)
        let count = shape.reduce(1, *)
        for dtype in TensorDType.allCases where dtype.numpyDescr != nil {
            let values: [Double] = (0..<count).map { _ in
                switch dtype {
                case .int64, .int32: Double(random.integer(in: -1000...1000))
                case .float32: Double(Float(random.normal()))
                case .float16: halfValue(halfBits(Float(random.normal())))
                default: random.normal() * 1e3
                }
            }
            let tensor = Tensor(shape: shape, values: values, dtype: dtype)
            let bytes = NumPyFile.encode(tensor)
            #expect((bytes.count - count * dtype.byteCount) % 64 == 0, "header padded to 64 bytes")
            let decoded = try NumPyFile.decode(bytes)
            #expect(decoded.shape == shape && decoded.dtype == dtype)
            #expect(
                decoded.values.map(\.bitPattern) == values.map(\.bitPattern), "\(dtype) \(shape)")
        }
    }

    @Test func aLongShapeUsesVersionTwo() throws {
        let shape = Array(repeating: 1, count: 30_000)  // a 90 kB header: past version 1.0's 65,535
        let bytes = NumPyFile.encode(Tensor(shape: shape, values: [4]))
        #expect(bytes[6] == 2)
        #expect(try NumPyFile.decode(bytes).shape == shape)
    }

    @Test(arguments: [
        ("fortran.npy", "Fortran (column-major) order"),
        ("big_endian.npy", "dtype '>f8' is not supported"),
        ("complex.npy", "dtype '<c16' is not supported"),
        (
            "truncated.npy",
            "the data is truncated: shape (3, 4) of <f8 needs 96 bytes, the file has 91"
        ),
        ("wrong_magic.npy", "not a .npy file"),
        ("huge_shape.npy", "shape (1000000, 1000) of <f8 needs more data than the file's 16 bytes"),
        ("header_past_end.npy", "header length 5000 runs past the end of the file")
    ])
    func rejectsBadFilesNamingFileAndProblem(name: String, problem: String) {
        let path = fixtures.appendingPathComponent(name).path
        do {
            _ = try NumPyFile.read(path)
            Issue.record("\(name) was accepted")
        } catch {
            #expect(error.message.hasPrefix(path + ": "))
            #expect(error.message.contains(problem), "got: \(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test(arguments: [
        "{'descr': '<f8', 'shape': (2,), }",
        "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': [2], }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
        "['descr']",
    ])
    func rejectsUnreadableHeaders(header: String) {
        #expect(throws: NumPyError.self) { try NumPyHeader(parsing: header) }
    }

    @Test func missingFileIsAUserError() {
        #expect(
            throws: UserError("/nonexistent/a.npy: cannot read the file (missing or not readable)")
        ) {
            try NumPyFile.read("/nonexistent/a.npy")
        }
    }
}
