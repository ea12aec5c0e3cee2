// Step 5's analysis of a trained SAE against the truth: geometry (cosines, MMCS both ways,
// one-to-one matching, duplicates, dead latents), behaviour (monosemanticity), and causal checks.

/// MMCS in both directions.
public struct MeanMaxCosine: Sendable, Equatable {
    /// For each true feature (column), its best latent; averaged. "Was every feature found?"
    public var trueToLearned: Double
    /// For each latent (row), its best true feature; averaged. "Is every latent a feature?"
    public var learnedToTrue: Double

    public init(trueToLearned: Double, learnedToTrue: Double) {
        self.trueToLearned = trueToLearned
        self.learnedToTrue = learnedToTrue
    }

    /// Both MMCS of a cosine matrix with latents as rows and true features as columns.
    // cosines: [latents, features]
    public init(cosines: Matrix) {
        let columnBest = (0..<cosines.cols).map { c in
            (0..<cosines.rows).map { cosines[$0, c] }.max() ?? 0
        }
        let rowBest = (0..<cosines.rows).map { r in cosines.row(r).max() ?? 0 }
        self.init(trueToLearned: columnBest.reduce(0, +) / Double(max(1, columnBest.count)),
                  learnedToTrue: rowBest.reduce(0, +) / Double(max(1, rowBest.count)))
    }
}

/// A true feature and the latent matched to it.
public struct FeatureMatch: Sendable {
    public var feature: Int
    public var latent: Int
    public var cosine: Double
}

/// Everything step 5 measures about an SAE on data with known directions.
public struct FeatureMatchingAnalysis: Sendable {
    /// `[latents, features]` cosines between decoder rows and true directions.
    public let cosines: Matrix
    /// The features with a direction in the data (FeatureRecovery.presentFeatures); the others (the
    /// toy model's dropped features) have a direction of norm ≈ 0 that is leftover noise.
    public let presentFeatures: [Int]
    /// ‖d_i‖ of every true direction.
    public let directionNorms: [Double]
    /// Latents that fire on at least one sample, and those that never do.
    public let aliveLatents: [Int]
    public let deadLatents: [Int]
    public let firingRates: [Double]
    /// MMCS over present features (true → learned) and alive latents (learned → true).
    public let mmcs: MeanMaxCosine
    /// The Hungarian matching, one latent per present feature.
    public let matches: [FeatureMatch]
    /// Unmatched alive latents at cosine ≥ 0.9 with some feature's direction: duplicates, a second
    /// latent for a feature another latent already matches (not feature splitting, which is one
    /// feature breaking into several finer ones as the dictionary grows).
    public let duplicates: [FeatureMatch]
    /// Mean code of each latent when exactly one feature is on, `[latents, features]`.
    public let latentResponses: Matrix
    public let latentSelectivity: Selectivity
    /// The same for the activation dimensions (the toy model's hidden neurons), `[neurons,
    /// features]`.
    public let neuronResponses: Matrix
    public let neuronSelectivity: Selectivity
    /// The SAE's codes on the data, `[N, latents]`.
    public let codes: Matrix

    /// - Parameters:
    ///   - sae: an SAE taking `activations` as they are.
    ///   - activations, trueCodes, directions: the dataset and its ground truth.
    ///   - maths: SAEKit's operations, or the learner's.
    public init(
        sae: SparseAutoencoder, activations: Matrix, trueCodes: Matrix, directions: Matrix,
        maths: AnalysisMaths = .reference
    ) {
        let all = maths.cosines(sae.W_dec, directions)
        let present = FeatureRecovery.presentFeatures(of: directions)
        let codes = sae.encode(activations)
        cosines = all
        presentFeatures = present
        directionNorms = directions.rowNorms
        self.codes = codes
        let fired = codes.firingLatents
        aliveLatents = fired.indices.filter { fired[$0] }
        deadLatents = fired.indices.filter { !fired[$0] }
        firingRates = (0..<codes.cols).map { j in
            Double(codes.column(j).filter { $0 > 0 }.count) / Double(max(1, codes.rows))
        }
        let presentColumns = Matrix(rows: all.rows, cols: present.count) { r, c in
            all[r, present[c]]
        }
        mmcs = MeanMaxCosine(
            trueToLearned: maths.meanMaxCosine(presentColumns).trueToLearned,
            learnedToTrue: maths.meanMaxCosine(presentColumns.selectingRows(aliveLatents))
                .learnedToTrue)
        let byLatent = maths.matching(presentColumns).columns
        matches = byLatent.enumerated().compactMap { latent, column in
            column.map {
                FeatureMatch(feature: present[$0], latent: latent, cosine: all[latent, present[$0]])
            }
        }.sorted { $0.feature < $1.feature }
        let matchedLatents = Set(byLatent.indices.filter { byLatent[$0] != nil })
        duplicates = fired.indices.filter { fired[$0] }.filter { !matchedLatents.contains($0) }
            .compactMap { latent in
                guard let best = present.max(by: { all[latent, $0] < all[latent, $1] }),
                    all[latent, best] >= 0.9
                else { return nil }
            return FeatureMatch(feature: best, latent: latent, cosine: all[latent, best])
        }
        latentResponses = maths.isolatedResponses(codes, trueCodes)
        latentSelectivity = Selectivity(responses: latentResponses)
        neuronResponses = maths.isolatedResponses(activations, trueCodes)
        neuronSelectivity = Selectivity(responses: neuronResponses)
    }

    /// Present features recovered by their matched latent at cosine ≥ threshold.
    public func matched(atLeast threshold: Double) -> Int {
        matches.filter { $0.cosine >= threshold }.count
    }

    /// Rows in display order: matched latents by feature, then other alive latents by best feature,
    /// then dead ones.
    public var displayOrder: [Int] {
        let matchedLatents = matches.map(\.latent)
        let others = aliveLatents.filter { !matchedLatents.contains($0) }
            .sorted { (bestFeature(of: $0), $0) < (bestFeature(of: $1), $1) }
        return matchedLatents + others + deadLatents
    }

    /// The present feature whose direction latent `latent`'s decoder row is closest to.
    public func bestFeature(of latent: Int) -> Int {
        presentFeatures.max { cosines[latent, $0] < cosines[latent, $1] } ?? 0
    }

    /// The cosines of the present features only: `[latents, present features]`.
    public var presentCosines: Matrix {
        Matrix(rows: cosines.rows, cols: presentFeatures.count) { r, c in
            cosines[r, presentFeatures[c]]
        }
    }

    /// The features left out of the present ones, each with its direction's norm.
    public var absentFeatures: [(feature: Int, norm: Double)] {
        directionNorms.indices.filter { !presentFeatures.contains($0) }.map {
            ($0, directionNorms[$0])
        }
    }

    /// Mean active latents per sample, split into the matched latents' share and the others'.
    public var l0Split: (matched: Double, others: Double) {
        let matched = Set(matches.map(\.latent))
        let rates = firingRates.indices.map { (matched.contains($0), firingRates[$0]) }
        return (
            rates.filter(\.0).map(\.1).reduce(0, +), rates.filter { !$0.0 }.map(\.1).reduce(0, +)
        )
    }
}

/// The causal checks of one true feature.
public struct CausalRow: Sendable {
    public var feature: Int
    public var latent: Int
    public var effect: AblationEffect
    /// The duplicates of the matched latent (unmatched latents pointing at the same feature).
    public var duplicates: [Int]
    /// The drop when the matched latent and its duplicates are ablated together.
    public var groupDrop: Double
    /// The unrelated latent used as the control: the matched latent of the feature least aligned
    /// with this one.
    public var control: Int
    /// Output `feature` at each steering α.
    public var steered: [Double]
    /// The largest change of any other output across the steering sweep.
    public var largestOtherChange: Double
    /// Output `feature` never decreases as α grows.
    public var monotone: Bool
}

/// Ablation and steering for every matched feature, through the toy model's read-out.
public func causalChecks(
    _ analysis: FeatureMatchingAnalysis, sae: SparseAutoencoder, hidden: Matrix, trueCodes: Matrix,
    readout: ToyModel,
    alphas: [Double], maths: AnalysisMaths = .reference
) -> [CausalRow] {
    analysis.matches.map { match in
        let i = match.feature
        let others = analysis.matches.filter { $0.feature != i }
        let control =
            others.min {
                abs(analysis.cosines[$0.latent, i]) < abs(analysis.cosines[$1.latent, i])
            }?.latent ?? match.latent
        let rows = (0..<trueCodes.rows).filter { trueCodes[$0, i] != 0 }
        let effect = maths.ablation(
            hidden.selectingRows(rows), sae, readout, i, match.latent, control)
        let duplicates = analysis.duplicates.filter { $0.feature == i }.map(\.latent)
        let groupDrop = duplicates.isEmpty ? effect.drop
            : groupAblationDrop(
                hidden: hidden.selectingRows(rows), sae: sae, readout: readout, feature: i,
                latents: [match.latent] + duplicates)
        let outputs = steeringOutputs(
            sae: sae, readout: readout, latent: match.latent, alphas: alphas)
        let steered = outputs.column(i)
        var largest = 0.0
        for k in 0..<outputs.cols where k != i {
            let column = outputs.column(k)
            largest = max(largest, column.map { abs($0 - column[0]) }.max() ?? 0)
        }
        let monotone = zip(steered, steered.dropFirst()).allSatisfy { $0 <= $1 + 1e-12 }
        return CausalRow(
            feature: i, latent: match.latent, effect: effect, duplicates: duplicates,
            groupDrop: groupDrop, control: control,
            steered: steered, largestOtherChange: largest, monotone: monotone)
    }
}
