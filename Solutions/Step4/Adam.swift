// Exercise 4.1 — reference solution.

import Foundation
import SAEKit

// parameter: [n]  gradient: [n]  moments: mean [n], squaredMean [n], step
public func adamStep(_ parameter: inout [Double], gradient: [Double], moments: inout AdamMoments,
                     learningRate: Double, hyperparameters h: AdamHyperparameters) {
    moments.step += 1
    let t = Double(moments.step)
    for i in parameter.indices {
        moments.mean[i] = h.beta1 * moments.mean[i] + (1 - h.beta1) * gradient[i]
        moments.squaredMean[i] =
            h.beta2 * moments.squaredMean[i] + (1 - h.beta2) * gradient[i] * gradient[i]
        let mHat = moments.mean[i] / (1 - pow(h.beta1, t))
        let vHat = moments.squaredMean[i] / (1 - pow(h.beta2, t))
        parameter[i] -=
            learningRate * (mHat / (vHat.squareRoot() + h.epsilon) + h.weightDecay * parameter[i])
    }
}
