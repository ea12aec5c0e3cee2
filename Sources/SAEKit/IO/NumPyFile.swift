// The .npy format (NumPy's own): the magic bytes "\x93NUMPY", a version (1.0: 2-byte header
// length; 2.0 and 3.0: 4-byte), a Python-literal header such as
// {'descr': '<f8', 'fortran_order': False, 'shape': (50000, 5), } padded with spaces to a multiple
// of 64 bytes and ending in a newline, then the raw data in C (row-major) order.

import Foundation

/// Why a .npy file was rejected.
public struct NumPyError: Error, CustomStringConvertible, Equatable {
    public var reason: String
    public var description: String { reason }
    init(_ reason: String) { self.reason = reason }
}

public enum NumPyFile {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// Element types read and written (little-endian).
    public static let supportedDescrs = TensorDType.allCases.compactMap(\.numpyDescr)

    // MARK: - Writing

    /// The file's bytes: version 1.0 when the header fits in 65,535 bytes, otherwise 2.0.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        guard let descr = tensor.dtype.numpyDescr else {
            preconditionFailure(".npy has no \(tensor.dtype.rawValue)")
        }
        let shape =
            tensor.shape.count == 1
            ? "(\(tensor.shape[0]),)"
            : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        let large = header.utf8.count + 12 >= 65_536
        let prefix = magic.count + 2 + (large ? 4 : 2)
        let padded = (prefix + header.utf8.count + 1 + 63) / 64 * 64
        header += String(repeating: " ", count: padded - prefix - header.utf8.count - 1) + "\n"
        var bytes = magic + (large ? [2, 0] : [1, 0])
        if large {
            appendLittleEndian(UInt32(header.utf8.count), to: &bytes)
        } else {
            appendLittleEndian(UInt16(header.utf8.count), to: &bytes)
        }
        bytes += Array(header.utf8)
        bytes.reserveCapacity(bytes.count + tensor.values.count * tensor.dtype.byteCount)
        for value in tensor.values { tensor.dtype.append(value, to: &bytes) }
        return bytes
    }

    /// Writes `tensor` atomically.
    public static func write(_ tensor: Tensor, to path: String) throws(FileWriteError) {
        try AtomicFile.write(encode(tensor), to: path)
    }

    // MARK: - Reading

    /// Reads a .npy file; errors name the file and the problem.
    public static func read(_ path: String) throws(UserError) -> Tensor {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UserError("\(path): cannot read the file (missing or not readable)")
        }
        do {
            return try decode([UInt8](data))
        } catch {
            throw UserError("\(path): \(error.reason)")
        }
    }

    /// Parses and validates .npy bytes.
    public static func decode(_ bytes: [UInt8]) throws(NumPyError) -> Tensor {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw NumPyError("not a .npy file (it does not start with the bytes \\x93NUMPY)")
        }
        let major = bytes[6], minor = bytes[7]
        guard [1, 2, 3].contains(major), minor == 0 else {
            throw NumPyError(
                "unsupported .npy version \(major).\(minor) (1.0, 2.0 and 3.0 are read)")
        }
        let lengthBytes = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthBytes else {
            throw NumPyError("the file ends inside its header length")
        }
        let headerLength = bytes[8..<(8 + lengthBytes)].reversed().reduce(0) { $0 << 8 | Int($1) }
        let dataStart = 8 + lengthBytes + headerLength
        guard dataStart <= bytes.count else {
            throw NumPyError(
                "header length \(headerLength) runs past the end of the file (\(bytes.count) bytes)"
            )
        }
        guard
            let headerText = String(validating: bytes[(8 + lengthBytes)..<dataStart], as: UTF8.self)
        else {
            throw NumPyError("the header is not text")
        }
        let header = try NumPyHeader(parsing: headerText)
        guard !header.fortranOrder else {
            throw NumPyError(
                "the array is stored in Fortran (column-major) order; save it with "
                    + "numpy.ascontiguousarray(a) first"
            )
        }
        guard let dtype = TensorDType.allCases.first(where: { $0.numpyDescr == header.descr })
        else {
            throw NumPyError(
                "dtype '\(header.descr)' is not supported (supported: "
                    + "\(supportedDescrs.joined(separator: ", ")))"
            )
        }
        let available = bytes.count - dataStart
        var count = 1
        for dim in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= available else {
                throw NumPyError(
                    "shape \(header.shapeText) of \(header.descr) needs more data than the file's "
                        + "\(available) bytes"
                )
            }
            count = product
        }
        let needed = count * dtype.byteCount
        guard needed == available else {
            throw NumPyError(
                needed > available
                    ? "the data is truncated: shape \(header.shapeText) of \(header.descr) needs "
                        + "\(needed) bytes, the file has \(available)"
                    : "the file has \(available - needed) bytes after the data of shape "
                        + "\(header.shapeText)"
            )
        }
        let values = bytes.withUnsafeBytes { raw in
            let data = UnsafeRawBufferPointer(rebasing: raw[dataStart...])
            return (0..<count).map { dtype.read(data, at: $0 * dtype.byteCount) }
        }
        return Tensor(shape: header.shape, values: values, dtype: dtype)
    }
}

/// The three fields of a .npy header, read from its Python dict literal.
struct NumPyHeader {
    var descr = ""
    var fortranOrder = false
    var shape: [Int] = []

    var shapeText: String {
        shape.count == 1
            ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// Parses `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }` (any key order, either
    /// quote).
    init(parsing text: String) throws(NumPyError) {
        var scanner = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        func fail(_ what: String) -> NumPyError {
            NumPyError(
                "unreadable header (\(what)): "
                    + "\(text.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
        func skipSpaces() { scanner = scanner.drop { $0 == " " } }
        func take(_ literal: String) -> Bool {
            skipSpaces()
            guard scanner.hasPrefix(literal) else { return false }
            scanner = scanner.dropFirst(literal.count)
            return true
        }
        func quoted() throws(NumPyError) -> String {
            skipSpaces()
            guard let quote = scanner.first, quote == "'" || quote == "\"" else {
                throw fail("expected a quoted string")
            }
            let body = scanner.dropFirst().prefix { $0 != quote }
            guard body.endIndex < scanner.endIndex else { throw fail("unterminated string") }
            scanner = scanner[body.endIndex...].dropFirst()
            return String(body)
        }
        guard take("{") else { throw fail("expected '{'") }
        var seen = Set<String>()
        while !take("}") {
            let key = try quoted()
            guard take(":") else { throw fail("expected ':'") }
            switch key {
            case "descr":
                descr = try quoted()
            case "fortran_order":
                if take("True") {
                    fortranOrder = true
                } else if take("False") {
                    fortranOrder = false
                } else {
                    throw fail("fortran_order must be True or False")
                }
            case "shape":
                guard take("(") else { throw fail("shape must be a tuple") }
                while !take(")") {
                    skipSpaces()
                    let digits = scanner.prefix { $0.isASCII && $0.isNumber }
                    guard !digits.isEmpty, digits.count <= 18, let dim = Int(digits) else {
                        throw fail("bad dimension in shape")
                    }
                    shape.append(dim)
                    scanner = scanner[digits.endIndex...]
                    _ = take("L")
                    if !take(",") {
                        guard take(")") else { throw fail("expected ',' or ')' in shape") }; break
                    }
                }
            default:
                throw fail("unexpected key '\(key)'")
            }
            seen.insert(key)
            if !take(",") { guard take("}") else { throw fail("expected ',' or '}'") }; break }
        }
        guard seen == ["descr", "fortran_order", "shape"] else {
            throw fail("needs descr, fortran_order and shape")
        }
    }
}
