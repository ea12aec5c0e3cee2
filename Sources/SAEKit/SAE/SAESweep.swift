// The λ sweep: train one SAE per L1 coefficient on the same data and see the trade-off between
// sparsity (L0) and fidelity (normalised MSE), and where recovery of the true features peaks.

import Dispatch
import Foundation

/// One λ of a sweep.
public struct SweepPoint: Sendable {
    public var l1Coefficient: Double
    public var metrics: ReconstructionMetrics
    public var recovery: FeatureRecovery?
}

/// Trains one SAE per λ in `values` (two at a time on two cores; results do not depend on the
/// order). `requireFinite` sees each trained SAE before it is measured and throws if its training
/// diverged.
public func sweepL1(
    activations: Matrix, directions: Matrix?, base: SAETrainingConfig, values: [Double],
    seed: UInt64,
    requireFinite: (TrainedSAE) throws(UserError) -> Void = { _ in },
    progress: ConcurrentProgress? = nil
) throws(UserError) -> [SweepPoint] {
    let configs = values.map { value in
        var config = base
        config.l1Coefficient = value
        return config
    }
    let runs = trainConcurrently(configs, on: activations, seed: seed, progress: progress)
    for run in runs { try requireFinite(run.trained) }
    return runs.map { run in
        SweepPoint(
            l1Coefficient: run.trained.config.l1Coefficient,
            metrics: ReconstructionMetrics(run.trained.autoencoder, on: activations),
            recovery: directions.map {
                FeatureRecovery(decoder: run.trained.autoencoder.W_dec, directions: $0)
            })
    }
}

/// One SAE trained by `trainConcurrently`, and how long it took.
public struct TimedTraining: Sendable {
    public var trained: TrainedSAE
    public var seconds: Double
}

/// Trains one SAE per config on the same data and seed, as many at a time as there are cores;
/// results come back in the order of `configs` and do not depend on the scheduling.
/// - Parameters:
///   - maths: the maths for each config (SAEKit's unless given).
///   - progress: told of the steps as they are done and of each training as it ends (from any
///     thread).
public func trainConcurrently(
    _ configs: [SAETrainingConfig], on activations: Matrix, seed: UInt64,
    maths: @escaping @Sendable (SAETrainingConfig) -> SAETrainingMaths = { _ in .reference },
    progress: ConcurrentProgress? = nil
) -> [TimedTraining] {
    mapConcurrently(configs) { config in
        let start = DispatchTime.now().uptimeNanoseconds
        var reported = 0
        let trained = trainSAE(on: activations, config: config, seed: seed, maths: maths(config)) {
            update in
            progress?.advance(by: update.step - reported)
            reported = update.step
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let withoutAuxK = config.activation != .relu && config.auxKCoefficient == 0
        progress?.finished(
            Scorecard.name(of: config) + (withoutAuxK ? " without AuxK" : ""), seconds: seconds)
        return TimedTraining(trained: trained, seconds: seconds)
    }
}

/// `transform` of every item, as many at a time as there are cores; results come back in the order
/// of `items`. `finished` is called with (done, total) as each one ends, from any thread.
public func mapConcurrently<Item: Sendable, Result: Sendable>(
    _ items: [Item], finished: @Sendable (Int, Int) -> Void = { _, _ in },
    _ transform: @Sendable (Item) -> Result
) -> [Result] {
    let results = ConcurrentSlots<Result>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        finished(results.store(transform(items[index]), at: index), items.count)
    }
    return results.values
}

/// Results filled in from several threads.
final class ConcurrentSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Stores a value and returns how many are done.
    func store(_ value: Value, at index: Int) -> Int {
        lock.withLock {
            slots[index] = value
            return slots.compactMap { $0 }.count
        }
    }

    var values: [Value] { lock.withLock { slots.compactMap { $0 } } }
}

/// The sweep as a table and two figures.
public struct SweepReport {
    public let points: [SweepPoint]
    public let trueL0: Double?
    public let name: String

    public init(points: [SweepPoint], trueL0: Double?, name: String) {
        self.points = points
        self.trueL0 = trueL0
        self.name = name
    }

    /// One row per λ.
    public func lines(style: TerminalStyle) -> [String] {
        var lines = [
            "",
            style.bold("λ sweep")
                + (trueL0.map { " (the data's true L0: \(formatFixed($0, decimals: 2)))" } ?? ""),
            "         λ      L0   normalised MSE   explained var.     MMCS   ≥ 0.99   dead"
        ]
        let best = points.compactMap { $0.recovery?.mmcs }.max()
        for point in points {
            let mmcs = point.recovery.map { formatFixed($0.mmcs, decimals: 4) } ?? "–"
            let marker =
                point.recovery?.mmcs == best && best != nil ? style.green("  ← best recovery") : ""
            lines.append(
                leftPad(tickLabel(point.l1Coefficient), 10)
                    + leftPad(formatFixed(point.metrics.l0, decimals: 2), 8)
                    + leftPad(formatFixed(point.metrics.normalisedMSE, decimals: 4), 17)
                    + leftPad(
                        formatFixed(100 * point.metrics.explainedVariance, decimals: 2) + "%", 17)
                    + leftPad(mmcs, 9)
                    + leftPad(
                        point.recovery.map {
                            "\($0.recovered(atLeast: 0.99))/\($0.presentFeatures.count)"
                        } ?? "–", 9)
                    + leftPad("\(point.metrics.deadLatents.count)", 7) + marker)
        }
        return lines
    }

    /// (file name, SVG) pairs: the frontier, and recovery against λ.
    public var figures: [(String, String)] {
        let frontier = LineChartFigure(
            series: [
                .init(
                    name: "L1 SAE",
                    points: points.map { ($0.metrics.l0, $0.metrics.normalisedMSE) }.sorted {
                        $0.0 < $1.0
                    })
            ],
            title: "Sparsity–fidelity frontier — \(name)",
            xAxisTitle: "L0 (active latents per sample)", yAxisTitle: "normalised MSE",
            logarithmicY: true, showsPoints: true, verticalLine: trueL0.map { ($0, "true L0") })
        var figures = [("frontier.svg", frontier.svg)]
        if points.allSatisfy({ $0.recovery != nil }) {
            let mmcs = LineChartFigure(
                series: [
                    .init(
                        name: "MMCS", points: points.map { ($0.l1Coefficient, $0.recovery!.mmcs) })
                ],
                title: "Recovery of the true features against λ — \(name)",
                xAxisTitle: "λ (L1 coefficient)",
                yAxisTitle: "MMCS", logarithmicX: true, showsPoints: true)
            figures.append(("mmcs-vs-l1.svg", mmcs.svg))
        }
        return figures
    }
}
