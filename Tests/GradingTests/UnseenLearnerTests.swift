// The grader against learner code it has never seen (UnseenLearnerCode/): every correct variant
// must pass with no hint, every wrong one must fail (and not as "not implemented"). Hints are not
// required. A verdict the grader gets wrong is kept, marked as a known issue naming the gap.

import Grading
import SAEKit
import Testing

/// One learner's version of an exercise.
struct Variant<Code> {
    let name: String
    let correct: Bool
    let code: Code
}

/// A variant that is right: it must pass, with no hint.
func right<Code>(_ name: String, _ code: Code) -> Variant<Code> {
    Variant(name: name, correct: true, code: code)
}

/// A variant that is wrong: it must fail (hint or not).
func wrong<Code>(_ name: String, _ code: Code) -> Variant<Code> {
    Variant(name: name, correct: false, code: code)
}

/// Verdicts the grader gets wrong today, keyed "exercise/variant": what the gap is.
let graderGaps: [String: String] = [
    "6.2/topKGradientsTiesKept":
        "accepted: pre-activations are continuous, so a tie in 6.2 has probability 0 (and at a tie "
        + "the gradient is undefined, so finite differences cannot judge it); 6.1 grades the tie rule"
]

/// Grades every variant and checks the verdict: correct → passed, no hint; wrong → failed.
func expectVerdicts<Code>(
    _ exercise: String, _ variants: [Variant<Code>], grade: (Code) -> GradeReport,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for variant in variants {
        let report = grade(variant.code)
        let label = "\(exercise) \(variant.name) (\(variant.correct ? "correct" : "wrong"))"
        let check = {
            if variant.correct {
                #expect(report.passed, "\(label): expected a pass:\n\(report)",
                        sourceLocation: sourceLocation)
                #expect(
                    report.mistakes.isEmpty, "\(label): a correct answer got a hint:\n\(report)",
                    sourceLocation: sourceLocation)
            } else {
                #expect(!report.passed && !report.isNotImplemented,
                        "\(label): expected a failure:\n\(report)", sourceLocation: sourceLocation)
            }
        }
        if let gap = graderGaps["\(exercise)/\(variant.name)"] {
            withKnownIssue(Comment(rawValue: "grader gap: " + gap), sourceLocation: sourceLocation)
            {
                check()
            }
        } else {
            check()
        }
    }
}

@Suite("Unseen learner code") struct UnseenLearnerTests {
    typealias S1 = Step1Unseen
    typealias S2 = Step2Unseen
    typealias S3 = Step3Unseen
    typealias S4 = Step4Unseen
    typealias S5 = Step5Unseen
    typealias S6 = Step6Unseen

    // MARK: - Step 1

    @Test func unseen1_1() {
        expectVerdicts("1.1", [
            right("forwardMatrices", S1.forwardMatrices),
            right("forwardLoops", S1.forwardLoops),
            right("forwardGram", S1.forwardGram),
            wrong("forwardNoReLU", S1.forwardNoReLU),
            wrong("forwardBiasAfterReLU", S1.forwardBiasAfterReLU),
            wrong("forwardReLUOnHidden", S1.forwardReLUOnHidden),
            wrong("forwardBiasSubtracted", S1.forwardBiasSubtracted),
            wrong("forwardOffByOneHidden", S1.forwardOffByOneHidden),
        ]) { Step1Grader.gradeForward($0) }
    }

    @Test func unseen1_2() {
        expectVerdicts("1.2", [
            right("lossLoops", S1.lossLoops),
            right("lossMatrices", S1.lossMatrices),
            right("lossColumnSums", S1.lossColumnSums),
            wrong("lossMeanOverEverything", S1.lossMeanOverEverything),
            wrong("lossUnweighted", S1.lossUnweighted),
            wrong("lossIntegerDivision", S1.lossIntegerDivision),
            wrong("lossSummedOverBatch", S1.lossSummedOverBatch),
            wrong("lossImportanceSquared", S1.lossImportanceSquared),
            wrong("lossAbsolute", S1.lossAbsolute),
            wrong("lossOverBMinusOne", S1.lossOverBMinusOne),
        ]) { Step1Grader.gradeLoss($0) }
    }

    @Test func unseen1_3() {
        expectVerdicts("1.3", [
            right("gradientsMatrices", S1.gradientsMatrices),
            right("gradientsSymmetric", S1.gradientsSymmetric),
            right("gradientsLoops", S1.gradientsLoops),
            wrong("gradientsDecoderOnly", S1.gradientsDecoderOnly),
            wrong("gradientsEncoderOnly", S1.gradientsEncoderOnly),
            wrong("gradientsNoTwo", S1.gradientsNoTwo),
            wrong("gradientsNoMask", S1.gradientsNoMask),
            wrong("gradientsSignFlipped", S1.gradientsSignFlipped),
            wrong("gradientsBiasAveraged", S1.gradientsBiasAveraged),
            wrong("gradientsMaskBeforeBias", S1.gradientsMaskBeforeBias),
            wrong("gradientsNoImportance", S1.gradientsNoImportance),
        ]) { Step1Grader.gradeGradients($0) }
    }

    @Test func unseen1_4() {
        expectVerdicts("1.4", [
            right("metricsLoops", S1.metricsLoops),
            right("metricsGram", S1.metricsGram),
            wrong("metricsInterferenceWithSelf", S1.metricsInterferenceWithSelf),
            wrong("metricsDimensionalityWithoutSelf", S1.metricsDimensionalityWithoutSelf),
            wrong("metricsUnnormalisedDot", S1.metricsUnnormalisedDot),
            wrong("metricsDStarFeatures", S1.metricsDStarFeatures),
            wrong("metricsDStarNorms", S1.metricsDStarNorms),
            wrong("metricsNoZeroGuard", S1.metricsNoZeroGuard),
            wrong("metricsRowNorms", S1.metricsRowNorms),
            wrong("metricsDimensionalityNormNotSquared", S1.metricsDimensionalityNormNotSquared),
            wrong("metricsExactZeroGuard", S1.metricsExactZeroGuard),
        ]) { Step1Grader.gradeMetrics($0) }
    }

    // MARK: - Step 2

    @Test func unseen2_1() {
        expectVerdicts("2.1", [
            right("samplerBernoulliThenMagnitude", S2.samplerBernoulliThenMagnitude),
            right("samplerRowsByMap", S2.samplerRowsByMap),
            wrong("samplerTwoDrawsPerEntry", S2.samplerTwoDrawsPerEntry),
            wrong("samplerOneDrawRescaled", S2.samplerOneDrawRescaled),
            wrong("samplerOffProbability", S2.samplerOffProbability),
            wrong("samplerSameDrawNotRescaled", S2.samplerSameDrawNotRescaled),
            wrong("samplerSharedDrawPerSample", S2.samplerSharedDrawPerSample),
            wrong("samplerNoEmptySamples", S2.samplerNoEmptySamples),
            wrong("samplerCopiesGenerator", S2.samplerCopiesGenerator),
            wrong("samplerSystemRandom", S2.samplerSystemRandom),
            wrong("samplerSeedPerRow", S2.samplerSeedPerRow),
            wrong("samplerMaskPerBatch", S2.samplerMaskPerBatch),
            wrong("samplerFirstProbabilityOnly", S2.samplerFirstProbabilityOnly),
            wrong("samplerMagnitudePerFeature", S2.samplerMagnitudePerFeature),
        ]) { Step2Grader.gradeSampler($0) }
    }

    @Test func unseen2_2() {
        expectVerdicts("2.2", [
            right("hiddenKernel", S2.hiddenKernel),
            right("hiddenLoops", S2.hiddenLoops),
            right("hiddenColumnVectors", S2.hiddenColumnVectors),
            wrong("hiddenWithReLU", S2.hiddenWithReLU),
            wrong("hiddenThroughGram", S2.hiddenThroughGram),
            wrong("hiddenFlatIndexMixup", S2.hiddenFlatIndexMixup),
            wrong("hiddenOffByOne", S2.hiddenOffByOne),
            wrong("hiddenAveraged", S2.hiddenAveraged),
        ]) { Step2Grader.gradeHiddenActivations($0) }
    }

    @Test func unseen2_3() {
        expectVerdicts("2.3", [
            right("statisticsRowNorms", S2.statisticsRowNorms),
            right("statisticsOnePass", S2.statisticsOnePass),
            right("statisticsWelford", S2.statisticsWelford),
            wrong("statisticsSampleSD", S2.statisticsSampleSD),
            wrong("statisticsRootMeanSquare", S2.statisticsRootMeanSquare),
            wrong("statisticsScaleInverted", S2.statisticsScaleInverted),
            wrong("statisticsScaleRows", S2.statisticsScaleRows),
            wrong("statisticsEntrySD", S2.statisticsEntrySD),
            wrong("statisticsVarianceNotSD", S2.statisticsVarianceNotSD),
            wrong("statisticsSkipsZeroRows", S2.statisticsSkipsZeroRows),
            wrong("statisticsScaleEpsilon", S2.statisticsScaleEpsilon),
        ]) { Step2Grader.gradeStatistics($0) }
    }

    // MARK: - Step 3

    @Test func unseen3_1() {
        expectVerdicts("3.1", [
            right("encodeMatrices", S3.encodeMatrices),
            right("encodeLoops", S3.encodeLoops),
            right("encodeFoldedBias", S3.encodeFoldedBias),
            wrong("encodeNoCentring", S3.encodeNoCentring),
            wrong("encodeAddsDecoderBias", S3.encodeAddsDecoderBias),
            wrong("encodeNoReLU", S3.encodeNoReLU),
            wrong("encodeBatchMeanCentring", S3.encodeBatchMeanCentring),
            wrong("encodeReLUBeforeBias", S3.encodeReLUBeforeBias),
            wrong("encodeSubtractsEncoderBias", S3.encodeSubtractsEncoderBias),
        ]) { Step3Grader.gradeEncode($0) }
    }

    @Test func unseen3_2() {
        expectVerdicts("3.2", [
            right("decodeMatrices", S3.decodeMatrices),
            right("decodeSumOfDirections", S3.decodeSumOfDirections),
            wrong("decodeNoBias", S3.decodeNoBias),
            wrong("decodeSubtractsBias", S3.decodeSubtractsBias),
            wrong("decodeTiedWeights", S3.decodeTiedWeights),
            wrong("decodeWithReLU", S3.decodeWithReLU),
            wrong("decodeNormalisedRows", S3.decodeNormalisedRows),
        ]) { Step3Grader.gradeDecode($0) }
    }

    @Test func unseen3_3() {
        expectVerdicts("3.3", [
            right("lossTermsLoops", S3.lossTermsLoops),
            right("lossTermsMatrices", S3.lossTermsMatrices),
            wrong("lossTermsMeanOverDims", S3.lossTermsMeanOverDims),
            wrong("lossTermsL1Summed", S3.lossTermsL1Summed),
            wrong("lossTermsL0CountsZeros", S3.lossTermsL0CountsZeros),
            wrong("lossTermsNoLambda", S3.lossTermsNoLambda),
            wrong("lossTermsPenalisesL0", S3.lossTermsPenalisesL0),
            wrong("lossTermsL0Fraction", S3.lossTermsL0Fraction),
            wrong("lossTermsNormNotSquared", S3.lossTermsNormNotSquared),
        ]) { Step3Grader.gradeLossTerms($0) }
    }

    @Test func unseen3_4() {
        expectVerdicts("3.4", [
            right("gradientsMatrices", S3.gradientsMatrices),
            right("gradientsLoops", S3.gradientsLoops),
            right("gradientsExpanded", S3.gradientsExpanded),
            wrong("gradientsDecoderTermOnly", S3.gradientsDecoderTermOnly),
            wrong("gradientsEncoderTermAdded", S3.gradientsEncoderTermAdded),
            wrong("gradientsL1AfterMask", S3.gradientsL1AfterMask),
            wrong("gradientsNoMask", S3.gradientsNoMask),
            wrong("gradientsNoTwo", S3.gradientsNoTwo),
            wrong("gradientsLambdaNotOverB", S3.gradientsLambdaNotOverB),
            wrong("gradientsRawInput", S3.gradientsRawInput),
            wrong("gradientsL1SignFlipped", S3.gradientsL1SignFlipped),
        ]) { Step3Grader.gradeGradients($0) }
    }

    @Test func unseen3_5() {
        expectVerdicts("3.5", [
            right("differencesCopy", S3.differencesCopy),
            right("differencesInPlace", S3.differencesInPlace),
            wrong("differencesForward", S3.differencesForward),
            wrong("differencesNoHalf", S3.differencesNoHalf),
            wrong("differencesNotRestored", S3.differencesNotRestored),
            wrong("differencesAllAtOnce", S3.differencesAllAtOnce),
            wrong("differencesFixedStep", S3.differencesFixedStep),
            wrong("differencesRelativeStep", S3.differencesRelativeStep),
        ]) { Step3Grader.gradeFiniteDifferences($0) }
    }

    // MARK: - Step 4

    @Test func unseen4_1() {
        expectVerdicts("4.1", [
            right("adamLiteral", S4.adamLiteral),
            right("adamFoldedCorrection", S4.adamFoldedCorrection),
            wrong("adamNoBiasCorrection", S4.adamNoBiasCorrection),
            wrong("adamEpsilonInsideRoot", S4.adamEpsilonInsideRoot),
            wrong("adamL2NotDecoupled", S4.adamL2NotDecoupled),
            wrong("adamIgnoresWeightDecay", S4.adamIgnoresWeightDecay),
            wrong("adamStepNotStored", S4.adamStepNotStored),
            wrong("adamCorrectionOffByOne", S4.adamCorrectionOffByOne),
            wrong("adamDecayAfterUpdate", S4.adamDecayAfterUpdate),
        ] as [Variant<S4.Adam>]) { Step4Grader.gradeAdam($0) }
    }

    @Test func unseen4_2() {
        typealias Pair = (@Sendable (Matrix, Matrix) -> Matrix, @Sendable (Matrix) -> Matrix)
        expectVerdicts(
            "4.2",
            [
                right(
                    "removeParallelLiteral+normaliseGuarded",
                    (S4.removeParallelLiteral, S4.normaliseGuarded)),
                right(
                    "removeParallelNormalised+normaliseSkippingZeroRows",
                    (S4.removeParallelNormalised, S4.normaliseSkippingZeroRows)),
                wrong("normaliseLiteral", (S4.removeParallelNormalised, S4.normaliseLiteral)),
                wrong(
                    "removeParallelAlongGradient",
                    (S4.removeParallelAlongGradient, S4.normaliseGuarded)),
                wrong(
                    "removeParallelKeepsParallel",
                    (S4.removeParallelKeepsParallel, S4.normaliseGuarded)),
                wrong("removeParallelColumns", (S4.removeParallelColumns, S4.normaliseGuarded)),
                wrong("normaliseColumns", (S4.removeParallelLiteral, S4.normaliseColumns)),
                wrong(
                    "normaliseBySquaredNorm", (S4.removeParallelLiteral, S4.normaliseBySquaredNorm)),
                wrong("normaliseWholeMatrix", (S4.removeParallelLiteral, S4.normaliseWholeMatrix)),
                wrong(
                    "normaliseByLargestRow", (S4.removeParallelLiteral, S4.normaliseByLargestRow)),
                wrong("normaliseEpsilon", (S4.removeParallelLiteral, S4.normaliseEpsilon))
            ] as [Variant<Pair>]
        ) { Step4Grader.gradeUnitNormDecoder(removeParallel: $0.0, normalise: $0.1) }
    }

    @Test func unseen4_3() {
        expectVerdicts("4.3", [
            right("scheduleLiteral", S4.scheduleLiteral),
            right("scheduleCosSquared", S4.scheduleCosSquared),
            wrong("scheduleWarmupFromZero", S4.scheduleWarmupFromZero),
            wrong("scheduleSpanOffByOne", S4.scheduleSpanOffByOne),
            wrong("scheduleIgnoresFloor", S4.scheduleIgnoresFloor),
            wrong("scheduleProgressFromZero", S4.scheduleProgressFromZero),
            wrong("scheduleIgnoresConstant", S4.scheduleIgnoresConstant),
            wrong("scheduleIntegerWarmup", S4.scheduleIntegerWarmup),
            wrong("scheduleWarmupBoundary", S4.scheduleWarmupBoundary),
            wrong("scheduleFloorAdded", S4.scheduleFloorAdded),
        ]) { Step4Grader.gradeSchedule($0) }
    }

    @Test func unseen4_4() {
        expectVerdicts("4.4", [
            right("resampleLiteral", S4.resampleLiteral),
            right("resampleRowsAndColumns", S4.resampleRowsAndColumns),
            wrong("resampleScaleOverAll", S4.resampleScaleOverAll),
            wrong("resampleScaleFromDecoder", S4.resampleScaleFromDecoder),
            wrong("resampleEncoderNotNormalised", S4.resampleEncoderNotNormalised),
            wrong("resampleKeepsBias", S4.resampleKeepsBias),
            wrong("resampleFiredOnceIsDead", S4.resampleFiredOnceIsDead),
            wrong("resampleReportsSlots", S4.resampleReportsSlots),
            wrong("resampleScaleFromEncoderRows", S4.resampleScaleFromEncoderRows),
        ]) { Step4Grader.gradeResampling($0) }
    }

    // MARK: - Step 5

    @Test func unseen5_1() {
        expectVerdicts("5.1", [
            right("cosinesLoops", S5.cosinesLoops),
            right("cosinesNormaliseFirst", S5.cosinesNormaliseFirst),
            wrong("cosinesLearnedOnly", S5.cosinesLearnedOnly),
            wrong("cosinesTruthOnly", S5.cosinesTruthOnly),
            wrong("cosinesNoZeroRule", S5.cosinesNoZeroRule),
            wrong("cosinesTransposed", S5.cosinesTransposed),
            wrong("cosinesAbsolute", S5.cosinesAbsolute),
            wrong("cosinesColumnNormalised", S5.cosinesColumnNormalised),
            wrong("cosinesEpsilon", S5.cosinesEpsilon),
        ]) { Step5Grader.gradeCosines($0) }
    }

    @Test func unseen5_2() {
        expectVerdicts("5.2", [
            right("mmcsLoops", S5.mmcsLoops),
            right("mmcsTranspose", S5.mmcsTranspose),
            wrong("mmcsSwapped", S5.mmcsSwapped),
            wrong("mmcsMaxFromZero", S5.mmcsMaxFromZero),
            wrong("mmcsAbsolute", S5.mmcsAbsolute),
            wrong("mmcsWrongDenominator", S5.mmcsWrongDenominator),
            wrong("mmcsSkipsZeroRows", S5.mmcsSkipsZeroRows),
        ]) { Step5Grader.gradeMeanMaxCosine($0) }
    }

    @Test func unseen5_3() {
        expectVerdicts("5.3", [
            right("matchingHungarian", S5.matchingHungarian),
            right("matchingMinCostFlow", S5.matchingMinCostFlow),
            wrong("matchingGreedyBestPair", S5.matchingGreedyBestPair),
            wrong("matchingRowByRow", S5.matchingRowByRow),
            wrong("matchingArgmax", S5.matchingArgmax),
            wrong("matchingMinimises", S5.matchingMinimises),
            wrong("matchingTransposeNotInverted", S5.matchingTransposeNotInverted),
            wrong("matchingPaddedSquare", S5.matchingPaddedSquare),
            wrong("matchingPositiveOnly", S5.matchingPositiveOnly),
        ]) { Step5Grader.gradeMatching($0) }
    }

    @Test func unseen5_4() {
        expectVerdicts("5.4", [
            right("isolatedOnePass", S5.isolatedOnePass),
            right("isolatedPerFeature", S5.isolatedPerFeature),
            wrong("isolatedOnNotOnly", S5.isolatedOnNotOnly),
            wrong("isolatedTransposed", S5.isolatedTransposed),
            wrong("isolatedNaNWhenNever", S5.isolatedNaNWhenNever),
            wrong("isolatedDividesByN", S5.isolatedDividesByN),
            wrong("isolatedDominantFeature", S5.isolatedDominantFeature),
            wrong("isolatedAbsolute", S5.isolatedAbsolute),
        ]) { Step5Grader.gradeIsolatedResponses($0) }
    }

    @Test func unseen5_5() {
        expectVerdicts("5.5", [
            right("ablationMatrices", S5.ablationMatrices),
            right("ablationZeroDecoderRow", S5.ablationZeroDecoderRow),
            right("ablationSilencedBias", S5.ablationSilencedBias),
            wrong("ablationRawBaseline", S5.ablationRawBaseline),
            wrong("ablationNoReLU", S5.ablationNoReLU),
            wrong("ablationNoReadoutBias", S5.ablationNoReadoutBias),
            wrong("ablationNoDecoderBias", S5.ablationNoDecoderBias),
            wrong("ablationSignFlipped", S5.ablationSignFlipped),
            wrong("ablationOverAblated", S5.ablationOverAblated),
            wrong("ablationNoZeroRule", S5.ablationNoZeroRule),
            wrong("ablationControlCopyPaste", S5.ablationControlCopyPaste),
            wrong("ablationMeanOfRatios", S5.ablationMeanOfRatios),
            wrong("ablationZeroNeuron", S5.ablationZeroNeuron),
            wrong("ablationActiveSamplesOnly", S5.ablationActiveSamplesOnly),
        ] as [Variant<S5.Ablate>]) { Step5Grader.gradeAblation($0) }
    }

    // MARK: - Step 6

    @Test func unseen6_1() {
        expectVerdicts("6.1", [
            right("topKSorted", S6.topKSorted),
            right("topKRepeatedArgmax", S6.topKRepeatedArgmax),
            right("topKThreshold", S6.topKThreshold),
            wrong("topKAtLeastKth", S6.topKAtLeastKth),
            wrong("topKNoReLU", S6.topKNoReLU),
            wrong("topKHigherIndexFirst", S6.topKHigherIndexFirst),
            wrong("topKByMagnitude", S6.topKByMagnitude),
            wrong("topKOneTooFew", S6.topKOneTooFew),
            wrong("topKDropsTies", S6.topKDropsTies),
            wrong("topKWholeBatch", S6.topKWholeBatch),
            wrong("topKShortcutNoReLU", S6.topKShortcutNoReLU),
            wrong("topKZeroMeansAll", S6.topKZeroMeansAll),
        ]) { Step6Grader.gradeTopK($0) }
    }

    @Test func unseen6_2() {
        expectVerdicts("6.2", [
            right("topKGradientsMatrices", S6.topKGradientsMatrices),
            right("topKGradientsLoops", S6.topKGradientsLoops),
            wrong("topKGradientsReLUMask", S6.topKGradientsReLUMask),
            wrong("topKGradientsReLUForward", S6.topKGradientsReLUForward),
            wrong("topKGradientsDecoderTermOnly", S6.topKGradientsDecoderTermOnly),
            wrong("topKGradientsNoTwo", S6.topKGradientsNoTwo),
            wrong("topKGradientsOneTooMany", S6.topKGradientsOneTooMany),
            wrong("topKGradientsTiesKept", S6.topKGradientsTiesKept),
        ]) { Step6Grader.gradeGradients($0) }
    }

    @Test func unseen6_3() {
        expectVerdicts("6.3", [
            right("auxKMatrices", S6.auxKMatrices),
            right("auxKLoops", S6.auxKLoops),
            wrong("auxKAliveCompete", S6.auxKAliveCompete),
            wrong("auxKNoLimit", S6.auxKNoLimit),
            wrong("auxKResidualFromReLU", S6.auxKResidualFromReLU),
            wrong("auxKLossOverBd", S6.auxKLossOverBd),
            wrong("auxKWithBias", S6.auxKWithBias),
            wrong("auxKGradientSign", S6.auxKGradientSign),
            wrong("auxKBDecEncoderTerm", S6.auxKBDecEncoderTerm),
            wrong("auxKBDecChainRule", S6.auxKBDecChainRule),
            wrong("auxKZeroWhenNoneDead", S6.auxKZeroWhenNoneDead),
        ] as [Variant<S6.AuxK>]) { Step6Grader.gradeAuxK($0) }
    }

    @Test func unseen6_4() {
        typealias Pair = (S6.Ratios, @Sendable (Matrix, Matrix) -> Double)
        expectVerdicts("6.4", [
            right("ratiosLoops+biasSums", (S6.ratiosLoops, S6.biasSums)),
            right("ratiosZipped+biasMeans", (S6.ratiosZipped, S6.biasMeans)),
            wrong("ratiosFeatureOnOnly", (S6.ratiosFeatureOnOnly, S6.biasSums)),
            wrong("ratiosLatentFiresOnly", (S6.ratiosLatentFiresOnly, S6.biasSums)),
            wrong("ratiosMeanOfRatios", (S6.ratiosMeanOfRatios, S6.biasSums)),
            wrong("ratiosInverted", (S6.ratiosInverted, S6.biasSums)),
            wrong("ratiosNoFilter", (S6.ratiosNoFilter, S6.biasSums)),
            wrong("biasInverted", (S6.ratiosLoops, S6.biasInverted)),
            wrong("biasInputSquared", (S6.ratiosLoops, S6.biasInputSquared)),
            wrong("biasMeanOfRatios", (S6.ratiosLoops, S6.biasMeanOfRatios)),
            wrong("biasNormRatio", (S6.ratiosLoops, S6.biasNormRatio)),
            wrong("biasEpsilon", (S6.ratiosLoops, S6.biasEpsilon)),
        ] as [Variant<Pair>]) { Step6Grader.gradeShrinkage(ratios: $0.0, bias: $0.1) }
    }

    @Test func unseen6_5() {
        expectVerdicts("6.5", [
            right("fidelitySums", S6.fidelitySums),
            right("fidelityMeans", S6.fidelityMeans),
            wrong("fidelityUncentred", S6.fidelityUncentred),
            wrong("fidelityRowMeans", S6.fidelityRowMeans),
            wrong("fidelityScalarMean", S6.fidelityScalarMean),
            wrong("fidelityPerDimension", S6.fidelityPerDimension),
            wrong("fidelitySampleVariance", S6.fidelitySampleVariance),
            wrong("fidelityResidualVariance", S6.fidelityResidualVariance),
            wrong("fidelityExplainedNotComplemented", S6.fidelityExplainedNotComplemented),
            wrong("fidelityEpsilon", S6.fidelityEpsilon),
        ]) { Step6Grader.gradeFidelity($0) }
    }
}
