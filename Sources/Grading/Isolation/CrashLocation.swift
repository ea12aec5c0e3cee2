// Where a crash happened, said in the learner's terms: the line of their exercise file, and when
// the trap itself was inside the engine (a Matrix shape check), that function too.

import Foundation

struct CrashLocation: CustomStringConvertible {
    /// The package's folder, from where this file was compiled.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }       // Sources/Grading/Isolation/…
        return url.path
    }()

    /// The learner's line: "Exercises/Step2/Hidden.swift:17 in hiddenActivations(_:W:)".
    var learnerLine: String?
    /// The engine's function the trap was in, when it was not the learner's code.
    var engineFunction: String?
    /// The run-time check that trapped, when the symbolizer names it ("arithmetic overflow").
    var failedCheck: String?

    init(frames: [(function: String, path: String, line: Int)],
         instruction: (function: String, image: String, offset: UInt64)?,
         rawFrames: [RawFrame] = [], errors: String) {
        // The project's frames, without the crash reporter's own.
        let project = frames.compactMap { frame -> (function: String, path: String, line: Int)? in
            guard let path = Self.relative(frame.path),
                !path.hasPrefix("Sources/Grading/Isolation/")
            else { return nil }
            return (frame.function, path, frame.line)
        }
        // The learner's code: the package's files outside the engine and the grading suites
        // (Exercises/, Solutions/, and the grader's own test fixtures).
        let isLearner = { (path: String) in
            !path.hasPrefix("Sources/") && !path.contains("ExercisesTests/")
                && !path.hasPrefix(".build")
        }
        let learnerIndex = project.firstIndex { isLearner($0.path) }
        // The trapping instruction itself (an overflow in the learner's own function is not in
        // the frames the handler can see), when a symbolizer can place it.
        var placed = instruction.map { Symbolizer.frames(image: $0.image, offset: $0.offset) } ?? []
        if let instruction,
           let index = placed.lastIndex(where: { Self.relative($0.path).map(isLearner) ?? false }),
           placed[index].line == 0 {
            placed[index] = Self.lineNear(
                RawFrame(image: instruction.image, offset: instruction.offset),
                in: placed[index])
        }
        failedCheck = placed.first.flatMap { frame in
            frame.function.hasPrefix("Swift runtime failure: ")
                ? String(frame.function.dropFirst("Swift runtime failure: ".count)) : nil
        }
        if let frame = placed.first(where: { Self.relative($0.path).map(isLearner) ?? false }),
           let path = Self.relative(frame.path) {
            learnerLine = "\(path):\(frame.line) in \(Self.shortName(frame.function))"
        } else if let learnerIndex {
            let frame = project[learnerIndex]
            learnerLine = "\(frame.path):\(frame.line) in \(Self.shortName(frame.function))"
        } else if let line = Self.learnerLineInMessage(errors) {
            learnerLine = line
        } else if let frame = Self.firstLearnerFrame(rawFrames, isLearner: isLearner) {
            learnerLine = "\(frame.path):\(frame.line) in \(Self.shortName(frame.function))"
        }
        // A trap in the engine, below the learner's call (a Matrix shape check).
        // (A Matrix index out of range needs no more: the message names the index and the shape.)
        if let first = project.first, first.path.hasPrefix("Sources/SAEKit/"),
           !first.function.contains("subscript"), learnerIndex.map({ $0 > 0 }) ?? true {
            engineFunction = "\(first.function) (\(first.path):\(first.line))"
        }
    }

    var description: String {
        switch (learnerLine, engineFunction) {
        case let (line?, engine?): "\(line), inside \(engine)"
        case let (line?, nil): line
        case let (nil, engine?): "inside \(engine)"
        case (nil, nil): "an unknown place (no source location was found)"
        }
    }

    /// "Step2Exercises.hiddenActivations(_: SAEKit.Matrix, W: SAEKit.Matrix) -> SAEKit.Matrix"
    /// → "hiddenActivations(_:W:)"; a name already short stays as it is.
    static func shortName(_ function: String) -> String {
        guard let open = function.firstIndex(of: "(") else { return function }
        let words = function[..<open].split(separator: " ")
        guard words.count <= 2, let last = words.last else { return function }   // "static X.f"
        let name = last.split(separator: ".").last.map(String.init) ?? String(last)
        let arguments = function[function.index(after: open)...]
        if let close = arguments.firstIndex(of: ")"),
            arguments[..<close].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
        {
            return name + "(" + arguments[..<close] + ")"                 // already "(_:W:)"
        }
        var depth = 0, parameters: [String] = [], current = ""
        for character in arguments {
            if character == "(" || character == "<" || character == "[" { depth += 1 }
            if character == ")" || character == ">" || character == "]" {
                if depth == 0 { break }
                depth -= 1
            }
            if depth == 0 && character == "," {
                parameters.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { parameters.append(current) }
        let labels = parameters.map { parameter in
            let label = parameter.contains(":")
                ? parameter.split(separator: ":").first.map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                : nil
            return (label ?? "_") + ":"
        }
        return name + "(" + labels.joined() + ")"
    }

    /// The first of the raw return addresses that a symbolizer places in the learner's code (the
    /// runtime's backtrace can lose that frame when the trap is inside the standard library, as
    /// in `array[i] += x`). A return address points after its call, so 1 is subtracted.
    static func firstLearnerFrame(_ rawFrames: [RawFrame], isLearner: @escaping (String) -> Bool)
        -> (function: String, path: String, line: Int)? {
        let inPackage = { (frame: Symbolizer.Frame) in relative(frame.path).map(isLearner) ?? false
        }
        var images: [String] = []
        for frame in rawFrames where !images.contains(frame.image) { images.append(frame.image) }
        var placed: [Int: Symbolizer.Frame] = [:]
        for image in images {
            let indices = rawFrames.indices.filter { rawFrames[$0].image == image }
            let offsets = indices.map { rawFrames[$0].offset > 0 ? rawFrames[$0].offset - 1 : 0 }
            for (index, frames) in zip(indices, Symbolizer.frames(image: image, offsets: offsets)) {
                guard let frame = frames.last(where: inPackage) else { continue }
                let address = RawFrame(
                    image: image, offset: offsets[indices.firstIndex(of: index)!])
                placed[index] = frame.line > 0 ? frame : lineNear(address, in: frame)
            }
        }
        guard let first = placed.keys.min(), let frame = placed[first],
              let path = relative(frame.path) else { return nil }
        return (frame.function, path, frame.line)
    }

    /// An address whose instruction the compiler made (line 0: the call into an array's accessor
    /// in `a[i] += x`, or loop bookkeeping) is placed by the nearest instruction of the same
    /// function that has a line: first after it (the rest of that statement), else before it.
    static func lineNear(_ address: RawFrame, in frame: Symbolizer.Frame) -> Symbolizer.Frame {
        let after = (1...64).map { address.offset + UInt64($0) }
        let before = (1...64).compactMap {
            address.offset >= $0 ? address.offset - UInt64($0) : nil
        }
        for offsets in [after, before] {
            let nearby = Symbolizer.frames(image: address.image, offsets: offsets)
            for frames in nearby {
                guard let same = frames.last(where: { $0.path == frame.path }),
                      same.function == frame.function else { break }
                if same.line > 0 { return same }
            }
        }
        return frame
    }

    /// A path inside the package, relative to its folder.
    static func relative(_ path: String) -> String? {
        let root = packageRoot.hasSuffix("/") ? packageRoot : packageRoot + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : nil
    }

    // MARK: - The runtime's message

    /// The text after "Fatal error: " in what the child wrote to standard error.
    static func fatalErrorMessage(in errors: String) -> String? {
        for line in errors.split(separator: "\n") {
            guard let range = line.range(of: "Fatal error: ") else { continue }
            let message = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            return message.isEmpty ? "(no message)" : message
        }
        return nil
    }

    /// "Step2Exercises/Hidden.swift:11: Fatal error: …" names the learner's line itself (a `!`
    /// on nil, a precondition): turned into the file's path in the package.
    static func learnerLineInMessage(_ errors: String) -> String? {
        for line in errors.split(separator: "\n") where line.contains("Fatal error: ") {
            let place = line.prefix { $0 != " " }.dropLast()     // "Step2Exercises/Hidden.swift:11"
            let parts = place.split(separator: ":")
            guard parts.count == 2, let lineNumber = Int(parts[1]) else { return nil }
            let file = parts[0].split(separator: "/")
            guard file.count == 2, file[0].hasPrefix("Step"), file[0].hasSuffix("Exercises") else {
                return nil
            }
            let step = file[0].dropFirst(4).dropLast(9)
            let folder = SolutionSwap.isSwapped(step: Int(step) ?? 0) ? "Solutions" : "Exercises"
            return "\(folder)/Step\(step)/\(file[1]):\(lineNumber)"
        }
        return nil
    }
}

/// Which steps' exercise modules are built from `Solutions/` (the `SAE_SOLUTIONS` swap, read the
/// way Package.swift reads it).
enum SolutionSwap {
    static func isSwapped(step: Int) -> Bool {
        guard let raw = ProcessInfo.processInfo.environment["SAE_SOLUTIONS"], !raw.isEmpty else {
            return false
        }
        if raw.lowercased() == "all" { return true }
        return raw.split(separator: ",").contains { Int($0.filter { $0 != " " }) == step }
    }
}
