// The record a step keeps in its folder (`.step-files`) of the files it wrote there, each with a
// fingerprint of its bytes. It is how a run knows which files an earlier run left (a figure another
// preset draws, a folder another mode saves) and may remove: only files in the record, and only
// when their bytes are still the ones the step wrote. A file the user put there or edited is never
// in it with its own bytes, so it stays.
//
//     # Files sae-curriculum's steps wrote in this folder, with fingerprints of their bytes.
//     frontier.svg	3f0c…
//     topk-sae/cfg.json	9a41…

/// Relative path → fingerprint of the bytes, in the order the files were written.
struct FolderRecord: Equatable, Sendable {
    /// The record's file name, in the step's folder.
    static let fileName = ".step-files"
    private(set) var entries: [(path: String, fingerprint: String)] = []

    init() {}

    /// Reads a record's text, ignoring lines that are not `path<TAB>fingerprint` with a safe
    /// relative path.
    init(text: String) {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2, Self.isSafe(String(fields[0])), !fields[1].isEmpty else {
                continue
            }
            set(String(fields[0]), fingerprint: String(fields[1]))
        }
    }

    /// The record as the file holds it.
    var text: String {
        "# Files sae-curriculum's steps wrote in this folder, with fingerprints of their bytes.\n"
            + entries.map { "\($0.path)\t\($0.fingerprint)\n" }.joined()
    }

    /// The fingerprint recorded for `path`.
    subscript(path: String) -> String? { entries.first { $0.path == path }?.fingerprint }

    /// Records `path` with `fingerprint` (in place if it is recorded already, else at the end).
    mutating func set(_ path: String, fingerprint: String) {
        if let index = entries.firstIndex(where: { $0.path == path }) {
            entries[index].fingerprint = fingerprint
        } else {
            entries.append((path, fingerprint))
        }
    }

    /// A path inside the folder: relative, no empty, `.` or `..` component, no tab.
    static func isSafe(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.contains("\t")
            && path.split(separator: "/", omittingEmptySubsequences: false)
                .allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    static func == (lhs: FolderRecord, rhs: FolderRecord) -> Bool {
        lhs.entries.map(\.path) == rhs.entries.map(\.path)
            && lhs.entries.map(\.fingerprint) == rhs.entries.map(\.fingerprint)
    }
}
