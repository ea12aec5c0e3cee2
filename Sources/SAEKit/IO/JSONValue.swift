// A small JSON value with ordered objects, so files we write are byte-for-byte deterministic
// (keys in the order we chose) and numbers round-trip exactly (shortest representation).

/// A JSON document. Objects keep their key order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.number(a), .number(b)): a == b || (a.isNaN && b.isNaN)
        case let (.int(a), .number(b)), let (.number(b), .int(a)): Double(a) == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// An array of numbers.
    public static func numbers(_ values: [Double]) -> JSONValue {
        .array(values.map(JSONValue.number))
    }
    /// An array of integers.
    public static func ints(_ values: [Int]) -> JSONValue { .array(values.map(JSONValue.int)) }

    // MARK: - Reading values

    /// The value for `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// The number, for `.int` and `.number`.
    public var doubleValue: Double? {
        switch self {
        case let .int(value): Double(value)
        case let .number(value): value
        default: nil
        }
    }

    /// The integer, for `.int` (and for `.number` holding an exact integer).
    public var intValue: Int? {
        switch self {
        case let .int(value): value
        case let .number(value) where value.rounded() == value && abs(value) < 9e15: Int(value)
        default: nil
        }
    }

    /// The string, for `.string`.
    public var stringValue: String? {
        if case let .string(value) = self { value } else { nil }
    }

    /// The elements, for `.array`.
    public var arrayValue: [JSONValue]? {
        if case let .array(values) = self { values } else { nil }
    }

    /// The pairs, for `.object`.
    public var objectValue: [(String, JSONValue)]? {
        if case let .object(pairs) = self { pairs } else { nil }
    }
}

// MARK: - Writing

extension JSONValue {
    /// Compact JSON on one line (no spaces): used inside binary headers.
    public var compactText: String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// Indented JSON (two spaces; arrays of scalars stay on one line), ending with a newline.
    public var prettyText: String {
        var out = ""
        write(to: &out, indent: "  ", level: 0)
        return out + "\n"
    }

    private func write(to out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case let .bool(value): out += value ? "true" : "false"
        case let .int(value): out += String(value)
        case let .number(value): out += JSONValue.format(value)
        case let .string(value): out += JSONValue.quote(value)
        case let .array(values):
            let scalars = values.allSatisfy { !$0.isContainer }
            if indent == nil || scalars {
                out += "["
                for (index, value) in values.enumerated() {
                    if index > 0 { out += indent == nil ? "," : ", " }
                    value.write(to: &out, indent: indent, level: level + 1)
                }
                out += "]"
            } else {
                writeContainer(
                    values.map { (nil, $0) }, open: "[", close: "]", to: &out, indent: indent!,
                    level: level)
            }
        case let .object(pairs):
            if let indent, !pairs.isEmpty {
                writeContainer(
                    pairs.map { ($0.0, $0.1) }, open: "{", close: "}", to: &out, indent: indent,
                    level: level)
            } else {
                out += "{"
                for (index, (key, value)) in pairs.enumerated() {
                    if index > 0 { out += "," }
                    out += JSONValue.quote(key) + ":"
                    value.write(to: &out, indent: nil, level: level + 1)
                }
                out += "}"
            }
        }
    }

    private func writeContainer(_ items: [(String?, JSONValue)], open: String, close: String,
                                to out: inout String, indent: String, level: Int) {
        let inner = String(repeating: indent, count: level + 1)
        out += open + "\n"
        for (index, (key, value)) in items.enumerated() {
            out += inner
            if let key { out += JSONValue.quote(key) + ": " }
            value.write(to: &out, indent: indent, level: level + 1)
            out += index + 1 < items.count ? ",\n" : "\n"
        }
        out += String(repeating: indent, count: level) + close
    }

    private var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }

    /// Shortest round-trip text for a finite double; JSON has no NaN or ∞, so those become null.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) + ".0" }
        return "\(value)"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
