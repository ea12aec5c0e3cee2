// `--mine` needs every exercise it uses: one message naming the ones that are still stubs.

/// Throws a user error naming the exercises (id, title) still stubs, if any.
/// - Parameter command: the step being run, e.g. "step4".
public func requireImplemented(
    _ stubs: [(id: String, title: String)], command: String
) throws(UserError) {
    guard let first = stubs.first else { return }
    let names = stubs.map { "\($0.id) (\($0.title))" }.joined(separator: ", ")
    var folders: [String] = []
    for stub in stubs {
        let folder = "Exercises/Step\(stub.id.prefix { $0 != "." })/"
        if !folders.contains(folder) { folders.append(folder) }
    }
    throw UserError(
        "\(command) --mine: exercise \(names) \(stubs.count == 1 ? "is" : "are") not implemented "
            + "yet — edit "
            + folders.joined(separator: " and ")
            + " (see Chapters/\(Curriculum.chapter(ofExercise: first.id))#exercise-"
            + "\(first.id.filter(\.isNumber))), or run without --mine")
}
