// Adam (Kingma & Ba 2015) with bias correction, and AdamW's decoupled weight decay
// (Loshchilov & Hutter 2019). One `AdamMoments` per parameter tensor, stored flat.

import Foundation

/// Adam's hyperparameters. `weightDecay > 0` makes it AdamW (decay applied to the weights, not the
/// gradient).
public struct AdamHyperparameters: Sendable, Equatable {
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double

    public init(
        beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0
    ) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// PyTorch's `AdamW` defaults (weight decay 0.01), as used by Elhage et al.'s toy models.
    public static let adamW = AdamHyperparameters(weightDecay: 0.01)
}

/// Running first and second moments of one parameter tensor's gradient, and the step count.
public struct AdamMoments: Sendable, Equatable {
    /// Exponential average of the gradient.
    public var mean: [Double]
    /// Exponential average of the squared gradient.
    public var squaredMean: [Double]
    /// How many updates these moments have seen.
    public var step: Int

    /// Zero moments for a tensor of `count` entries.
    public init(count: Int) {
        mean = Array(repeating: 0, count: count)
        squaredMean = Array(repeating: 0, count: count)
        step = 0
    }
}

/// One Adam(W) update of `parameter` in place.
///
/// m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ),
/// θ ← θ − lr·(m̂/(√v̂ + ε) + wd·θ).
/// - Parameters:
///   - parameter: the flat parameter tensor, updated in place.
///   - gradient: ∂loss/∂parameter, same count.
///   - moments: this tensor's moments, updated in place.
///   - learningRate: this step's learning rate (after any schedule).
// parameter: [n]  gradient: [n]
public func adamUpdate(_ parameter: inout [Double], gradient: [Double], moments: inout AdamMoments,
                       learningRate: Double, hyperparameters h: AdamHyperparameters) {
    ensure(
        parameter.count == gradient.count && parameter.count == moments.mean.count,
        "adamUpdate: parameter \(parameter.count), gradient \(gradient.count), moments "
            + "\(moments.mean.count)"
    )
    moments.step += 1
    let correction1 = 1 - pow(h.beta1, Double(moments.step))
    let correction2 = 1 - pow(h.beta2, Double(moments.step))
    parameter.withUnsafeMutableBufferPointer { theta in
        gradient.withUnsafeBufferPointer { g in
            moments.mean.withUnsafeMutableBufferPointer { m in
                moments.squaredMean.withUnsafeMutableBufferPointer { v in
                    // Four entries at a time (the same IEEE operations per entry as the scalar loop
                    // below).
                    typealias Lane = SIMD4<Double>
                    let vectorEnd = theta.count / 4 * 4
                    let (mp, vp, tp, gp) = (
                        UnsafeMutableRawPointer(m.baseAddress),
                        UnsafeMutableRawPointer(v.baseAddress),
                        UnsafeMutableRawPointer(theta.baseAddress), UnsafeRawPointer(g.baseAddress)
                    )
                    for i in Swift.stride(from: 0, to: vectorEnd, by: 4) {
                        let offset = i * MemoryLayout<Double>.stride
                        let gi = gp!.loadUnaligned(fromByteOffset: offset, as: Lane.self)
                        let mi =
                            Lane(repeating: h.beta1)
                            * mp!.loadUnaligned(fromByteOffset: offset, as: Lane.self) + Lane(
                                repeating: 1 - h.beta1) * gi
                        let vi =
                            Lane(repeating: h.beta2)
                            * vp!.loadUnaligned(fromByteOffset: offset, as: Lane.self) + Lane(
                                repeating: 1 - h.beta2) * gi * gi
                        let mHat = mi / Lane(repeating: correction1),
                            vHat = vi / Lane(repeating: correction2)
                        let ti = tp!.loadUnaligned(fromByteOffset: offset, as: Lane.self)
                        let stepSize =
                            mHat / (vHat.squareRoot() + Lane(repeating: h.epsilon)) + Lane(
                                repeating: h.weightDecay) * ti
                        mp!.storeBytes(of: mi, toByteOffset: offset, as: Lane.self)
                        vp!.storeBytes(of: vi, toByteOffset: offset, as: Lane.self)
                        tp!.storeBytes(
                            of: ti - Lane(repeating: learningRate) * stepSize, toByteOffset: offset,
                            as: Lane.self)
                    }
                    for i in vectorEnd..<theta.count {
                        m[i] = h.beta1 * m[i] + (1 - h.beta1) * g[i]
                        v[i] = h.beta2 * v[i] + (1 - h.beta2) * g[i] * g[i]
                        let mHat = m[i] / correction1
                        let vHat = v[i] / correction2
                        theta[i] -=
                            learningRate
                            * (mHat / (vHat.squareRoot() + h.epsilon) + h.weightDecay * theta[i])
                    }
                }
            }
        }
    }
}
