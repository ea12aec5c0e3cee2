// swift-tools-version: 6.2
// The SAE curriculum: one engine (SAEKit), a grader, and one executable + exercise module per step.
// No package dependencies: a fresh clone needs only a Swift 6 toolchain.
import Foundation
import PackageDescription

/// The steps that exist so far. Adding a step is adding its number here (and its folders).
let steps = [1, 2, 3, 4, 5, 6]

/// Steps whose exercise module is built from `Solutions/StepN` instead of `Exercises/StepN`.
/// `SAE_SOLUTIONS=all` swaps every step; `SAE_SOLUTIONS=3,5` swaps steps 3 and 5.
/// SwiftPM re-evaluates this manifest when the variable changes, so the swap is real.
let swappedSteps: Set<Int> = {
    guard let raw = Context.environment["SAE_SOLUTIONS"], !raw.isEmpty else { return [] }
    if raw.lowercased() == "all" { return Set(steps) }
    var chosen = Set<Int>()
    for part in raw.split(separator: ",") {
        let token = part.filter { $0 != " " }
        guard let step = Int(token), steps.contains(step) else {
            fatalError("SAE_SOLUTIONS=\(raw): expected 'all' or a comma list of step numbers from \(steps)")
        }
        chosen.insert(step)
    }
    return chosen
}()

/// Code generation for the machine building the package, in every target (one ABI for SIMD values):
/// on a 64-bit Intel/AMD CPU with AVX2 and FMA (Linux: read from /proc/cpuinfo; every Mac that runs
/// macOS 13 has them) the kernels use 256-bit registers and fused multiply-adds (`SAEKIT_FMA`);
/// on ARM64, FMA is part of the base architecture. `SAE_GENERIC_CPU=1` turns it off (a build meant for
/// another machine).
let cpuSettings: [SwiftSetting] = {
    if Context.environment["SAE_GENERIC_CPU"] == "1" { return [] }
    #if arch(arm64)
    return [.define("SAEKIT_FMA")]
    #elseif arch(x86_64) && os(macOS)
    return [.define("SAEKIT_FMA"), .unsafeFlags(["-target-cpu", "haswell"])]
    #elseif arch(x86_64) && os(Linux)
    let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? []
    return flags.contains("avx2") && flags.contains("fma") ? [.define("SAEKIT_FMA"), .unsafeFlags(["-target-cpu", "haswell"])] : []
    #else
    return []
    #endif
}()

/// Square roots in the engine compile to the CPU's vector instruction (Adam's √v̂ four entries at a
/// time): on Linux, Swift's `squareRoot()` reaches C's `sqrt`, which must set `errno` for a negative
/// input, and that kept LLVM from vectorising it (four scalar roots, each with a branch). Results do
/// not change: an IEEE square root is correctly rounded either way; only `errno` is no longer set.
let vectorSquareRoots: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno"])]

/// The engine is compiled with optimisation even in debug builds, so `swift run stepN` is quick
/// while the learner's exercise code (built without optimisation) stays easy to debug.
let optimisedEvenInDebug: [SwiftSetting] = cpuSettings + vectorSquareRoots + [.unsafeFlags(["-O", "-wmo", "-num-threads", "2", "-disable-batch-mode"], .when(configuration: .debug))]

var targets: [Target] = [
    .target(name: "SAEKit", swiftSettings: optimisedEvenInDebug),
    .target(name: "Grading", dependencies: ["SAEKit", "GradingPace"], swiftSettings: optimisedEvenInDebug),
    // Built like the learner's code: the grader times it to tell how fast such code runs here.
    .target(name: "GradingPace", dependencies: ["SAEKit"], swiftSettings: cpuSettings),
    .target(name: "Literate", dependencies: ["SAEKit"], swiftSettings: cpuSettings),
    .executableTarget(name: "chapters", dependencies: ["Literate"], swiftSettings: cpuSettings),
    .executableTarget(name: "bench", dependencies: ["SAEKit"], swiftSettings: cpuSettings),
    .testTarget(name: "SAEKitTests", dependencies: ["SAEKit"], swiftSettings: cpuSettings),
    .testTarget(name: "GradingTests", dependencies: ["Grading", "GradingPace", "SAEKit"], swiftSettings: cpuSettings),
    .testTarget(name: "ChapterTests", dependencies: [.target(name: "Literate"), .target(name: "Grading")] + steps.map { .target(name: "step\($0)") }, swiftSettings: cpuSettings),
    .testTarget(name: "StepsTests", dependencies: [.target(name: "SAEKit"), .target(name: "Literate")] + steps.flatMap { [.target(name: "step\($0)"), .target(name: "Step\($0)Exercises")] }, swiftSettings: cpuSettings),
]

for step in steps {
    let folder = swappedSteps.contains(step) ? "Solutions" : "Exercises"
    targets += [
        .target(name: "Step\(step)Exercises", dependencies: ["SAEKit"], path: "\(folder)/Step\(step)", swiftSettings: cpuSettings),
        // A step can run with the learner's code from its own and every earlier step (step 4 --mine trains with 3.x and 4.x).
        .executableTarget(name: "step\(step)", dependencies: ["SAEKit"] + steps.filter { $0 <= step }.map { .target(name: "Step\($0)Exercises") }, swiftSettings: cpuSettings),
        .testTarget(name: "Step\(step)ExercisesTests", dependencies: ["Grading", .target(name: "Step\(step)Exercises")], swiftSettings: cpuSettings),
    ]
}

let package = Package(
    name: "sae-curriculum",
    platforms: [.macOS(.v13)],
    targets: targets,
    swiftLanguageModes: [.v6]
)
