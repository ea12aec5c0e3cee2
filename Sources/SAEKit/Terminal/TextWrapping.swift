// Terminal prose broken at spaces, so that what the steps print, and the chapters quote, stays
// within 100 columns: a laptop's terminal, a chapter on GitHub.

/// How many columns a line the steps print may take.
public let terminalLineWidth = 100

extension String {
    /// The text with every line wider than `width` columns broken at spaces: a continuation is
    /// indented `hangingIndent` columns (by default two past its line's own indentation), and a
    /// word wider than the whole width stays in one piece. Colour codes take no columns.
    public func wrappedForTerminal(width: Int = terminalLineWidth, hangingIndent: Int? = nil)
        -> String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { wrappedLine(Array($0), width: width, hangingIndent: hangingIndent) }
            .joined(separator: "\n")
    }
}

/// Prints `text` for the learner, its lines within `terminalLineWidth` columns.
public func show(_ text: String = "") {
    print(text.wrappedForTerminal())
}

// MARK: - One line

/// `line` as lines of at most `width` columns, each broken at the last space that fits.
private func wrappedLine(_ line: [Character], width: Int, hangingIndent: Int?) -> [String] {
    let indent = line.prefix { $0 == " " }.count
    let continuation = [Character](repeating: " ", count: hangingIndent ?? indent + 2)
    var lines: [String] = []
    var rest = line
    while true {
        let columns = visibleColumns(rest)
        guard let end = columns.last, end > width else { break }
        // The last space (the first of a run, past the indentation) with the text before it
        // fitting; when a word alone is too wide, the space after it.
        let start = lines.isEmpty ? indent : continuation.count
        let spaces = rest.indices.filter { i in
            i > start && rest[i] == " " && rest[i - 1] != " " && !joinsAnOperator(rest, at: i)
        }
        let breakAt = spaces.last { columns[$0 - 1] <= width } ?? spaces.first
        let next = breakAt.map { rest[($0 + 1)...].drop { $0 == " " } } ?? []
        guard let breakAt, !next.isEmpty else { break }
        lines.append(String(rest[..<breakAt]))
        rest = continuation + next
    }
    lines.append(String(rest))
    return lines
}

/// Whether the space at `i` sits beside an operator ("9 / 5 = 1.80", "latent 2 → feature 6"),
/// inside an interval ("[0, 100]") or after a number ("85 s"), which read badly split.
private func joinsAnOperator(_ line: [Character], at i: Int) -> Bool {
    let operators: Set<String> = ["=", "→", "←", "−", "-", "+", "×", "/", "·", "≤", "≥", "<", ">"]
    let before = String(line[..<i].reversed().prefix { $0 != " " }.reversed())
    let after = line[(i + 1)...].prefix { $0 != " " }
    let intervalStart = before.count > 2 && "[(".contains(before.first!) && before.last == ","
    let number = !before.isEmpty && before.allSatisfy { $0.isNumber || ".,−-".contains($0) }
    return operators.contains(before) || operators.contains(String(after)) || intervalStart
        || number
}

/// For each character, the columns taken up to and including it (an ANSI escape takes none).
private func visibleColumns(_ line: [Character]) -> [Int] {
    var columns: [Int] = []
    columns.reserveCapacity(line.count)
    var count = 0, inEscape = false
    for character in line {
        if character == "\u{1B}" {
            inEscape = true
        } else if inEscape {
            if character.isLetter { inEscape = false }
        } else {
            count += 1
        }
        columns.append(count)
    }
    return columns
}
