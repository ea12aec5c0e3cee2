// metrics.json of step 6: every number the chapter quotes. Training times are left out on purpose:
// they depend on the machine, and the same flags and seed must give the same file.

extension Scorecard {
    /// The scorecard as JSON.
    public var record: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("name", .string(name)), ("family", .string(family)), ("l0", .number(metrics.l0)),
            ("normalized_mse", .number(fidelity.normalisedMSE)),
            ("explained_variance", .number(fidelity.explainedVariance)),
            ("dead_latents", .int(metrics.deadLatents.count)), ("dead_at_end", .int(deadAtEnd)),
            ("dead_count_falls", .int(trained.deadCountFalls)),
            ("reconstruction_bias", .number(reconstructionBias))
        ]
        switch trained.config.activation {
        case .relu, .jumpReLU:
            pairs.append(("l1_coefficient", .number(trained.config.l1Coefficient)))
        case let .topK(k): pairs.append(("k", .int(k)))
        case let .batchTopK(k): pairs.append(("k", .number(k)))
        }
        if case let .jumpReLU(thresholds) = trained.autoencoder.activation, let θ = thresholds.first
        {
            pairs.append(("threshold", .number(θ)))
        }
        if let recovery {
            pairs += [
                ("mmcs", .number(recovery.mmcs)),
                ("recovered_0_99", .int(recovery.recovered(atLeast: 0.99))),
                ("present_features", .int(recovery.presentFeatures.count))
            ]
        }
        if let shrinkage {
            pairs += [
                ("shrinkage_ratio", .number(shrinkage.meanRatio)),
                ("shrinkage_features", .ints(shrinkage.pairs.map(\.feature))),
                ("shrinkage_ratios", .numbers(shrinkage.pairs.map(\.ratio))),
                ("silent_pairs", .int(shrinkage.silentPairs))
            ]
        }
        return .object(pairs)
    }
}

extension Frontier {
    /// Every point (and the run of its family that dominates it, if any), each family's
    /// non-dominated runs, and for each family other than `baseline`, the L0s where it wins and
    /// loses.
    public func record(baseline: String = "L1") -> [(String, JSONValue)] {
        let points = families.flatMap { family in
            family.points.map { card in
                JSONValue.object([
                    ("name", .string(card.name)), ("family", .string(family.name)),
                    ("l0", .number(card.metrics.l0)),
                    ("normalized_mse", .number(card.fidelity.normalisedMSE)),
                    ("mmcs", card.recovery.map { .number($0.mmcs) } ?? .null),
                    ("dead_latents", .int(card.metrics.deadLatents.count)),
                    ("dominated_by", dominator(of: card).map { .string($0.name) } ?? .null)
                ])
            }
        }
        let verdicts = families.filter { $0.name != baseline }.map { family in
            let comparisons = self.comparisons(family.name, against: baseline)
            return (
                family.name,
                JSONValue.object([
                    ("points", .int(comparisons.count)),
                    ("wins", .int(comparisons.filter { $0.dominates == true }.count)),
                    ("dominated", .int(comparisons.filter { $0.dominatedBy != nil }.count)),
                    ("losses", .int(comparisons.filter { $0.dominates == false }.count)),
                    ("wins_at_l0", .numbers(comparisons.filter { $0.dominates == true }.map(\.l0))),
                    (
                        "loses_at_l0",
                        .numbers(comparisons.filter { $0.dominates == false }.map(\.l0))
                    ),
                    (
                        "baseline_nmse",
                        .array(comparisons.map { $0.baselineNMSE.map(JSONValue.number) ?? .null })
                    )
                ])
            )
        }
        let fronts = families.map { family in
            (family.name, JSONValue.array(frontier(of: family.name).map { .string($0.name) }))
        }
        return [
            ("frontier", .array(points)),
            ("frontier_against_\(baseline.lowercased())", .object(verdicts)),
            ("non_dominated", .object(fronts))
        ]
    }
}

extension TrainedSAE {
    /// Latents that fired again after counting as dead, at least: the falls of the dead count
    /// between consecutive history points, summed (a latent that dies and one that comes back
    /// within the same interval cancel, hence "at least").
    public var deadCountFalls: Int {
        zip(deadHistory, deadHistory.dropFirst()).map { max(0, $0 - $1) }.reduce(0, +)
    }
}
