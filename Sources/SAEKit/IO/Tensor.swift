// A named n-dimensional array as stored in files (.npy, safetensors): a shape and flat values.

/// Element types our files use.
public enum TensorDType: String, Sendable, CaseIterable {
    case float64 = "F64"
    case float32 = "F32"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case int64 = "I64"
    case int32 = "I32"

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .bfloat16: 2
        }
    }

    /// NumPy's name for the little-endian type (`nil` for bfloat16, which NumPy lacks).
    public var numpyDescr: String? {
        switch self {
        case .float64: "<f8"
        case .float32: "<f4"
        case .float16: "<f2"
        case .int64: "<i8"
        case .int32: "<i4"
        case .bfloat16: nil
        }
    }
}

/// A shape and its row-major (C order) values, held as `Double` whatever the stored dtype.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Double]
    /// The dtype to store (or that was read).
    public var dtype: TensorDType

    public init(shape: [Int], values: [Double], dtype: TensorDType = .float64) {
        ensure(
            shape.reduce(1, *) == values.count,
            "Tensor shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        self.shape = shape
        self.values = values
        self.dtype = dtype
    }

    /// A rank-2 tensor from a matrix.
    public init(_ matrix: Matrix, dtype: TensorDType = .float64) {
        self.init(shape: matrix.shape, values: matrix.values, dtype: dtype)
    }

    /// A rank-1 tensor.
    public init(vector: [Double], dtype: TensorDType = .float64) {
        self.init(shape: [vector.count], values: vector, dtype: dtype)
    }

    /// This tensor as a matrix, when it has rank 2.
    public var matrix: Matrix? {
        shape.count == 2 ? Matrix(rows: shape[0], cols: shape[1], values: values) : nil
    }
}

// MARK: - Element encoding

extension TensorDType {
    /// Appends `value` little-endian in this dtype.
    func append(_ value: Double, to bytes: inout [UInt8]) {
        switch self {
        case .float64: appendLittleEndian(value.bitPattern, to: &bytes)
        case .float32: appendLittleEndian(Float(value).bitPattern, to: &bytes)
        case .bfloat16:
            // Round to nearest even on the 16 bits we keep.
            let bits = Float(value).bitPattern
            let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
            appendLittleEndian(
                UInt16(truncatingIfNeeded: (Float(value).isNaN ? bits : rounded) >> 16), to: &bytes)
        case .float16: appendLittleEndian(halfBits(Float(value)), to: &bytes)
        case .int64: appendLittleEndian(Int64(value), to: &bytes)
        case .int32: appendLittleEndian(Int32(value), to: &bytes)
        }
    }

    /// Reads the element at `offset` (little-endian).
    func read(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Double {
        switch self {
        case .float64:
            Double(
                bitPattern: UInt64(
                    littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        case .float32:
            Double(
                Float(
                    bitPattern: UInt32(
                        littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            )
        case .bfloat16:
            Double(
                Float(
                    bitPattern: UInt32(
                        UInt16(
                            littleEndian: bytes.loadUnaligned(
                                fromByteOffset: offset, as: UInt16.self))) << 16))
        case .float16:
            halfValue(
                UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
        case .int64:
            Double(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
        case .int32:
            Double(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        }
    }
}

func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
}

/// IEEE half-precision bits of `value` (round to nearest even, overflow to ∞). Written by hand:
/// `Float16` is not available on every platform we support.
func halfBits(_ value: Float) -> UInt16 {
    let bits = value.bitPattern
    let sign = UInt16((bits >> 16) & 0x8000)
    let exponent = Int((bits >> 23) & 0xFF)
    let mantissa = bits & 0x7F_FFFF
    if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }
    let unbiased = exponent - 127 + 15
    if unbiased >= 0x1F { return sign | 0x7C00 }
    if unbiased <= 0 {
        if unbiased < -10 { return sign }
        let full = mantissa | 0x80_0000
        let shift = UInt32(14 - unbiased)
        var half = full >> shift
        let remainder = full & ((1 << shift) - 1), halfway = UInt32(1) << (shift - 1)
        if remainder > halfway || (remainder == halfway && half & 1 == 1) { half += 1 }
        return sign | UInt16(half)
    }
    var half = UInt32(unbiased) << 10 | (mantissa >> 13)
    let remainder = mantissa & 0x1FFF
    if remainder > 0x1000 || (remainder == 0x1000 && half & 1 == 1) { half += 1 }
    return sign | UInt16(half)
}

/// The value of IEEE half-precision `bits`.
func halfValue(_ bits: UInt16) -> Double {
    let sign: Double = bits & 0x8000 != 0 ? -1 : 1
    let exponent = Int((bits >> 10) & 0x1F)
    let mantissa = Double(bits & 0x3FF)
    switch exponent {
    case 0: return sign * mantissa * 0x1p-24
    case 0x1F: return mantissa == 0 ? sign * .infinity : .nan
    default:
        return sign * (1 + mantissa / 1024)
            * Double(sign: .plus, exponent: exponent - 15, significand: 1)
    }
}
