// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
// header {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}},
// then the raw little-endian data. The reader checks every field before touching the data.

import Foundation

/// Why a safetensors file was rejected.
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable {
    public var reason: String
    public var description: String { "not a valid safetensors file: \(reason)" }
    init(_ reason: String) { self.reason = reason }
}

/// A safetensors file's contents: tensors in file order and the string metadata.
public struct SafeTensorsFile: Sendable, Equatable {
    public var tensors: [(name: String, tensor: Tensor)]
    public var metadata: [(key: String, value: String)]

    public init(
        tensors: [(name: String, tensor: Tensor)], metadata: [(key: String, value: String)] = []
    ) {
        self.tensors = tensors
        self.metadata = metadata
    }

    public static func == (lhs: SafeTensorsFile, rhs: SafeTensorsFile) -> Bool {
        lhs.tensors.elementsEqual(rhs.tensors) { $0.name == $1.name && $0.tensor == $1.tensor }
            && lhs.metadata.elementsEqual(rhs.metadata) { $0 == $1 }
    }

    /// The tensor called `name`.
    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name }?.tensor }

    /// The metadata value for `key`.
    public func metadata(_ key: String) -> String? { metadata.first { $0.key == key }?.value }

    /// Largest header we accept (the format's own limit).
    public static let maximumHeaderBytes = 100_000_000
}

// MARK: - Writing

extension SafeTensorsFile {
    /// The file's bytes: header padded with spaces to a multiple of 8, then the tensors in order.
    public func encoded() -> [UInt8] {
        var header: [(String, JSONValue)] = []
        if !metadata.isEmpty {
            header.append(("__metadata__", .object(metadata.map { ($0.key, .string($0.value)) })))
        }
        var offset = 0
        for (name, tensor) in tensors {
            let size = tensor.values.count * tensor.dtype.byteCount
            header.append(
                (
                    name,
                    .object([
                        ("dtype", .string(tensor.dtype.rawValue)), ("shape", .ints(tensor.shape)),
                        ("data_offsets", .ints([offset, offset + size]))
                    ])
                ))
            offset += size
        }
        var headerBytes = Array(JSONValue.object(header).compactText.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        appendLittleEndian(UInt64(headerBytes.count), to: &bytes)
        bytes += headerBytes
        for (_, tensor) in tensors {
            for value in tensor.values { tensor.dtype.append(value, to: &bytes) }
        }
        return bytes
    }

    /// Writes the file atomically.
    public func write(to path: String) throws(FileWriteError) {
        try AtomicFile.write(encoded(), to: path)
    }
}

// MARK: - Reading

extension SafeTensorsFile {
    /// Reads and validates a safetensors file.
    public init(contentsOf path: String) throws(UserError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UserError("\(path): cannot read the file (missing or not readable)")
        }
        do {
            try self.init(decoding: [UInt8](data))
        } catch {
            throw UserError("\(path): \(error.description)")
        }
    }

    /// Parses and validates safetensors bytes.
    public init(decoding bytes: [UInt8]) throws(SafeTensorsError) {
        guard bytes.count >= 8 else {
            throw SafeTensorsError(
                "the file has \(bytes.count) bytes; it must start with an 8-byte header length")
        }
        let declared = bytes.withUnsafeBytes {
            UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))
        }
        guard declared <= UInt64(Self.maximumHeaderBytes) else {
            throw SafeTensorsError(
                "header length \(declared) exceeds the format's limit of "
                    + "\(Self.maximumHeaderBytes) bytes"
            )
        }
        let headerLength = Int(declared)
        guard headerLength <= bytes.count - 8 else {
            throw SafeTensorsError(
                "header length \(headerLength) runs past the end of the file (\(bytes.count) bytes)"
            )
        }
        guard headerLength > 0, bytes[8] == UInt8(ascii: "{") else {
            throw SafeTensorsError("the header is not a JSON object")
        }
        let header: JSONValue
        do {
            header = try JSONValue(parsing: bytes[8..<(8 + headerLength)])
        } catch {
            throw SafeTensorsError("header: \(error.description)")
        }
        guard let entries = header.objectValue else {
            throw SafeTensorsError("the header is not a JSON object")
        }
        let dataStart = 8 + headerLength
        let dataCount = bytes.count - dataStart
        var metadata: [(key: String, value: String)] = []
        var spans:
            [(begin: Int, end: Int, name: String, dtype: TensorDType, shape: [Int], count: Int)] =
                []
        var names = Set<String>()
        for (name, entry) in entries {
            guard names.insert(name).inserted else {
                throw SafeTensorsError("'\(name)' appears twice in the header")
            }
            if name == "__metadata__" {
                guard let pairs = entry.objectValue else {
                    throw SafeTensorsError("__metadata__ must be an object of strings")
                }
                for (key, value) in pairs {
                    guard let text = value.stringValue else {
                        throw SafeTensorsError("__metadata__['\(key)'] is not a string")
                    }
                    metadata.append((key, text))
                }
                continue
            }
            let span = try Self.readSpan(name: name, entry: entry, dataCount: dataCount)
            spans.append((span.begin, span.end, name, span.dtype, span.shape, span.count))
        }
        // The data must be covered exactly once, in order, with no holes or overlaps; checked
        // before any value is read, so overlapping tensors cannot make the reader allocate more
        // than the file holds.
        var expected = 0
        for span in spans.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard span.begin == expected else {
                throw SafeTensorsError(
                    span.begin < expected
                        ? "'\(span.name)' overlaps the tensor before it (offset \(span.begin) < "
                            + "\(expected))"
                        : "a hole in the data before '\(span.name)' (bytes "
                            + "\(expected)..<\(span.begin) belong to no tensor)"
                )
            }
            expected = span.end
        }
        guard expected == dataCount else {
            throw SafeTensorsError(
                "the data has \(dataCount) bytes but the tensors cover \(expected)")
        }
        let tensors = spans.map { span in
            let values = bytes.withUnsafeBytes { raw in
                let data = UnsafeRawBufferPointer(
                    rebasing: raw[(dataStart + span.begin)..<(dataStart + span.end)])
                return (0..<span.count).map { span.dtype.read(data, at: $0 * span.dtype.byteCount) }
            }
            return (
                name: span.name,
                tensor: Tensor(shape: span.shape, values: values, dtype: span.dtype)
            )
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    private static func readSpan(
        name: String, entry: JSONValue, dataCount: Int
    ) throws(SafeTensorsError)
        -> (dtype: TensorDType, shape: [Int], count: Int, begin: Int, end: Int) {
        guard let dtypeName = entry["dtype"]?.stringValue else {
            throw SafeTensorsError("'\(name)' has no dtype")
        }
        guard let dtype = TensorDType(rawValue: dtypeName) else {
            let known = TensorDType.allCases.map(\.rawValue).joined(separator: ", ")
            throw SafeTensorsError("'\(name)' has dtype \(dtypeName); this reader handles \(known)")
        }
        guard let dims = entry["shape"]?.arrayValue else {
            throw SafeTensorsError("'\(name)' has no shape")
        }
        var shape: [Int] = []
        var count = 1
        for dim in dims {
            guard let size = dim.intValue, size >= 0 else {
                throw SafeTensorsError("'\(name)' has a bad dimension in its shape")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= dataCount else {
                throw SafeTensorsError(
                    "'\(name)' has shape [\(dims.map(\.compactText).joined(separator: ", "))] "
                        + "which needs more data than the file holds"
                )
            }
            shape.append(size)
            count = product
        }
        guard let offsets = entry["data_offsets"]?.arrayValue, offsets.count == 2,
              let begin = offsets[0].intValue, let end = offsets[1].intValue else {
            throw SafeTensorsError("'\(name)' needs data_offsets [begin, end]")
        }
        guard 0 <= begin, begin <= end, end <= dataCount else {
            throw SafeTensorsError(
                "'\(name)' has data_offsets [\(begin), \(end)] outside the \(dataCount) data bytes")
        }
        guard end - begin == count * dtype.byteCount else {
            throw SafeTensorsError(
                "'\(name)' spans \(end - begin) bytes but shape \(shape) of \(dtype.rawValue) "
                    + "needs \(count * dtype.byteCount)"
            )
        }
        return (dtype, shape, count, begin, end)
    }
}
