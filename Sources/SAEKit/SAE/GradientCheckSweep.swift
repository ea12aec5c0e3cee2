// How the gradient check's answer depends on its step ε (step 3's figure). Central differences
// (L(θ + ε) − L(θ − ε)) / 2ε and one-sided ones (L(θ + ε) − L(θ)) / ε are compared with the
// analytic gradient at ε from 1e-12 to 0.3. Three things show: at small ε rounding wins (the
// difference of two nearly equal losses keeps few digits, so the error grows like 1/ε); the
// one-sided error grows like ε (its first neglected term is ε/2 times the second derivative); and
// the central one stays at rounding's level until ε reaches the nearest ReLU kink, because between
// kinks the SAE's loss is quadratic in each single parameter, and central differences are exact
// for a quadratic.

import Foundation

/// The check's error at one step ε, for both schemes.
public struct GradientCheckStepError: Sendable {
    public var step: Double
    /// The largest relative error over the checked entries of all four parameters, as the check
    /// measures it: |analytic − numeric| over the parameter's largest analytic entry.
    public var central: Double
    public var oneSided: Double
}

extension GradientCheck {
    /// The steps the figure tries: 1 and 3 times each power of ten from 1e-12 to 0.3.
    public static let sweepSteps: [Double] = [
        1e-12, 3e-12, 1e-11, 3e-11, 1e-10, 3e-10, 1e-9, 3e-9, 1e-8, 3e-8, 1e-7, 3e-7,
        1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3,
    ]

    /// The check's error against ε, with SAEKit's central and one-sided differences, on up to
    /// `entriesPerParameter` entries of each parameter (evenly spaced; all of a small one).
    /// - Parameter analytic: the gradients to check (SAEKit's unless given; `--mine`: the
    ///   learner's).
    // sae: W_enc [d, h], b_enc [h], W_dec [h, d], b_dec [d]  batch: [B, d]  ->  a point per step
    public static func errorsAgainstStep(
        _ sae: SparseAutoencoder, batch: Matrix,
        l1Coefficient λ: Double, analytic: SAEGradients? = nil,
        steps: [Double] = sweepSteps,
        entriesPerParameter: Int = 64
    ) -> [GradientCheckStepError] {
        let gradients = analytic ?? sae.lossAndGradients(batch, l1Coefficient: λ).gradients
        let loss = { (candidate: SparseAutoencoder) -> Double in
            let pass = candidate.forwardPass(batch)
            return SAELossTerms(batch, reconstruction: pass.reconstruction, codes: pass.codes,
                                l1Coefficient: λ).total
        }
        let base = loss(sae)
        typealias Parameter = (values: [Double], analytic: [Double],
                               rebuild: ([Double]) -> SparseAutoencoder)
        let parameters: [Parameter] = [
            (sae.W_enc.values, gradients.W_enc.values,
             { var s = sae; s.W_enc.values = $0; return s }),
            (sae.b_enc, gradients.b_enc, { var s = sae; s.b_enc = $0; return s }),
            (sae.W_dec.values, gradients.W_dec.values,
             { var s = sae; s.W_dec.values = $0; return s }),
            (sae.b_dec, gradients.b_dec, { var s = sae; s.b_dec = $0; return s }),
        ]
        return steps.map { ε in
            var worst = (central: 0.0, oneSided: 0.0)
            for parameter in parameters where parameter.values.count == parameter.analytic.count {
                let (values, analytic) = (parameter.values, parameter.analytic)
                let scale = max(analytic.map(abs).max() ?? 0, 1e-12), count = values.count
                let spread = (0..<entriesPerParameter).map { $0 * count / entriesPerParameter }
                let entries = count <= entriesPerParameter ? Array(0..<count) : spread
                var probe = values
                for i in entries {
                    probe[i] = values[i] + ε
                    let above = loss(parameter.rebuild(probe))
                    probe[i] = values[i] - ε
                    let below = loss(parameter.rebuild(probe))
                    probe[i] = values[i]
                    let (central, oneSided) = ((above - below) / (2 * ε), (above - base) / ε)
                    worst.central = max(worst.central, abs(analytic[i] - central) / scale)
                    worst.oneSided = max(worst.oneSided, abs(analytic[i] - oneSided) / scale)
                }
            }
            return GradientCheckStepError(step: ε, central: worst.central, oneSided: worst.oneSided)
        }
    }

    /// The figure: both schemes' error against ε on log axes, the check's own ε marked.
    public static func stepFigure(_ points: [GradientCheckStepError], checkStep: Double,
                                  name: String) -> String {
        let floor = 1e-16                                // an exact answer (error 0): at the bottom
        let central = points.map { ($0.step, max($0.central, floor)) }
        let oneSided = points.map { ($0.step, max($0.oneSided, floor)) }
        var chart = LineChartFigure(
            series: [.init(name: "central (L(θ+ε) − L(θ−ε)) / 2ε", points: central),
                     .init(name: "one-sided (L(θ+ε) − L(θ)) / ε", points: oneSided)],
            title: "Gradient check: the error against the step ε — \(name)",
            xAxisTitle: "ε (the finite-difference step)", yAxisTitle: "largest relative error",
            logarithmicY: true, logarithmicX: true, showsPoints: true,
            verticalLine: (checkStep, "the check's ε"))
        chart.pointRadius = 2.5
        return chart.svg
    }
}
