// Fingerprints tie an artifact to the settings that made it: a later step recomputes the
// fingerprint it expects from its own flags and reuses the artifact only when the two agree.

/// A short, stable fingerprint (16 hex digits of FNV-1a 64) of a JSON record's compact text.
public func fingerprint(_ record: JSONValue) -> String {
    hex16(fnv1a(bytes: record.compactText.utf8))
}

/// A fingerprint of raw bytes (for files a user brings).
public func fingerprint(bytes: [UInt8]) -> String {
    hex16(fnv1a(bytes: bytes))
}

private func hex16(_ value: UInt64) -> String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}
