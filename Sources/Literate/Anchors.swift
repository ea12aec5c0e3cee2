// Named regions of source files: `// ANCHOR: name` … `// ANCHOR_END: name`. A chapter's listing is
// the region's text, with other anchor lines removed and the common indentation taken off.

import Foundation

/// Why an anchored region could not be read.
public struct LiterateError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

public enum Anchors {
    /// The text of anchor `name` in `source` (file contents), dedented, without anchor lines.
    public static func region(
        named name: String, in source: String, file: String
    ) throws(LiterateError) -> String {
        let lines = source.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { isMarker($0, "ANCHOR", name) }) else {
            throw LiterateError("\(file) has no '// ANCHOR: \(name)'")
        }
        guard
            let end = lines[(start + 1)...].firstIndex(where: { isMarker($0, "ANCHOR_END", name) })
        else {
            throw LiterateError("\(file): anchor '\(name)' has no '// ANCHOR_END: \(name)'")
        }
        let body = lines[(start + 1)..<end].filter {
            !$0.trimmingCharacters(in: .whitespaces).hasPrefix("// ANCHOR")
        }
        return dedent(Array(body)).joined(separator: "\n")
    }

    /// Every anchor name opened in `source`, with whether each is closed.
    public static func names(in source: String) -> [(name: String, closed: Bool)] {
        let lines = source.components(separatedBy: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return lines.compactMap { line -> String? in
            line.hasPrefix("// ANCHOR: ") ? String(line.dropFirst("// ANCHOR: ".count)) : nil
        }.map { name in (name, lines.contains("// ANCHOR_END: \(name)")) }
    }

    static func isMarker(_ line: String, _ kind: String, _ name: String) -> Bool {
        line.trimmingCharacters(in: .whitespaces) == "// \(kind): \(name)"
    }

    static func dedent(_ lines: [String]) -> [String] {
        let indents = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
            $0.prefix { $0 == " " }.count
        }
        let common = indents.min() ?? 0
        return lines.map {
            $0.count >= common
                ? String($0.dropFirst(common)) : $0.trimmingCharacters(in: .whitespaces)
        }
    }
}
