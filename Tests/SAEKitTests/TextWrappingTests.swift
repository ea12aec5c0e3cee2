import Testing
@testable import SAEKit

@Suite("Terminal prose within 100 columns")
struct TextWrappingTests {
    static let sentence = "The frontier (one full training per point; L1's NMSE interpolated along "
        + "its frontier, the runs no other L1 run beats on both axes) and a few more words here"

    @Test func aShortLineIsLeftAlone() {
        let line = "  feature  latent     ablation drop"
        #expect(line.wrappedForTerminal() == line)
        #expect("".wrappedForTerminal() == "")
    }

    @Test func aLongLineBreaksAtTheLastSpaceThatFits() {
        let lines = Self.sentence.wrappedForTerminal(width: 40).split(separator: "\n")
        #expect(lines.count > 1)
        for line in lines { #expect(line.count <= 40, "\(line)") }
        // Each break is at the last space that fits: the next word would not have fitted.
        for (line, next) in zip(lines, lines.dropFirst()) {
            let firstWord = next.drop { $0 == " " }.prefix { $0 != " " }
            #expect(line.count + 1 + firstWord.count > 40, "\(line) | \(firstWord)")
        }
        // Only spaces changed: the words, in order, are the same.
        let words = lines.flatMap { $0.split(separator: " ") }
        #expect(words == Self.sentence.split(separator: " "))
    }

    @Test func continuationsAreIndentedTwoPastTheLine() {
        let text = "    " + Self.sentence
        let lines = text.wrappedForTerminal(width: 50).split(separator: "\n")
        #expect(lines[0].hasPrefix("    T"))
        for line in lines.dropFirst() {
            #expect(line.hasPrefix("      ") && !line.hasPrefix("       "), "\(line)")
        }
    }

    @Test func colourCodesTakeNoColumns() {
        let plain = String(repeating: "word ", count: 19) + "end"             // 98 columns
        let coloured = "\u{1B}[1m" + plain + "\u{1B}[0m"
        #expect(coloured.wrappedForTerminal() == coloured)
        #expect((plain + " more").wrappedForTerminal().contains("\n"))
    }

    @Test func aWordWiderThanTheLineStaysWhole() {
        let long = String(repeating: "x", count: 120)
        #expect(("a " + long + " b").wrappedForTerminal() == "a\n  " + long + "\n  b")
    }

    @Test func everyLineOfAManyLineTextIsWrapped() {
        let text = "short\n" + Self.sentence + "\nshort again"
        let lines = text.wrappedForTerminal(width: 60).split(separator: "\n")
        #expect(lines.first == "short" && lines.last == "short again")
        #expect(lines.allSatisfy { $0.count <= 60 })
    }

    @Test func aLineIsNotBrokenBesideAnOperator() {
        let text = "represented features per dimension: 9 / 5 = 1.80, latent 2 → feature 6"
        for width in 20...text.count {
            for line in text.wrappedForTerminal(width: width).split(separator: "\n") {
                let words = line.split(separator: " ")
                for op in ["/", "=", "→"] {
                    #expect(words.first.map(String.init) != op && words.last.map(String.init) != op,
                            "width \(width): \(line)")
                }
            }
        }
    }

    @Test func anIntervalStaysOnOneLine() {
        let text = "standard deviation of the noise (default 0; a number in [0, 100])"
        for width in 20...text.count {
            #expect(!text.wrappedForTerminal(width: width).contains("[0,\n"), "width \(width)")
        }
    }

    @Test func aNumberKeepsItsUnit() {
        let text = "and `swift run step6 --mine` makes 36000 calls: about 85 s in this exercise alone"
        for width in 20...text.count {
            #expect(!text.wrappedForTerminal(width: width).contains("85\n"), "width \(width)")
        }
    }
}
