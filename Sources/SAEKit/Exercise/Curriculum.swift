// The curriculum's chapters, named once: the grader and the steps' `--mine` messages both point
// here.

public enum Curriculum {
    /// The chapter file of each step, e.g. step 3 → "03-sparse-autoencoder.md".
    public static let chapters: [Int: String] = [
        1: "01-superposition.md", 2: "02-activations.md", 3: "03-sparse-autoencoder.md",
        4: "04-training.md", 5: "05-feature-matching.md", 6: "06-topk.md",
    ]

    /// The chapter of an exercise id such as "3.4".
    public static func chapter(ofExercise id: String) -> String {
        chapters[Int(id.prefix { $0 != "." }) ?? 0] ?? "?"
    }
}
