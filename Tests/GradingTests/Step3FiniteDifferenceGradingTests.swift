// The grader of exercise 3.5, the finite-difference checker: correct checkers written many ways
// pass; one-sided, mis-stepped, mis-divided and mis-restored checkers fail, each with its hint; and
// the report says where a failing checker evaluated the function.

@testable import Grading
import SAEKit
import Testing

@Suite("Grading exercise 3.5")
struct Step3FiniteDifferenceGradingTests {
    typealias Checker = ([Double], Double, ([Double]) -> Double) -> [Double]

    static func grade(_ checker: Checker) -> GradeReport {
        Step3Grader.gradeFiniteDifferences(checker)
    }

    /// Central differences around copies of the point, with the step of each coordinate from `ε`.
    static func central(_ ε: @escaping (Double, Double) -> Double) -> Checker {
        { point, step, f in
            point.indices.map { i in
                let h = ε(step, point[i])
                var plus = point, minus = point
                plus[i] += h
                minus[i] -= h
                return (f(plus) - f(minus)) / (2 * h)
            }
        }
    }

    @Test func referencePassesAndPlaceholderIsNotImplemented() {
        expectPassed(Self.grade { centralDifferences(at: $0, step: $1, of: $2) })
        let report = Self.grade { _, _, _ in .placeholder }
        #expect(report.isNotImplemented)
        #expect(report.description.contains("Exercise 3.5 (finite-difference gradient checker) is "
                                            + "not implemented yet — see "
                                            + "Chapters/03-sparse-autoencoder.md#exercise-35"))
    }

    @Test func theStepSizedCaseIsStep3sGradientCheck() {
        let scale = Step3Differences.gradientCheckScale
        #expect(scale.input.point.count == 16 * 64)
        #expect(scale.callsPerRun == 4, "W_enc, b_enc, W_dec, b_dec")
        #expect(Self.grade { centralDifferences(at: $0, step: $1, of: $2) }.outcome
                == .passed(cases: Step3Differences.cases.count + 1))
    }

    @Test func everyKnownMistakeIsToldApartFromTheOthers() {
        expectEachVariantGetsItsOwnHint(Step3Differences.check(log: EvaluationLog()))
    }

    @Test func correctCheckersWrittenDifferentlyPass() {
        // Probes built from scratch, the division written as a product.
        expectPassed(Self.grade { point, h, f in
            point.indices.map { i in
                var plus = point, minus = point
                plus[i] = point[i] + h
                minus[i] = point[i] - h
                return (f(plus) - f(minus)) * (0.5 / h)
            }
        })
        // One probe moved up, down by 2h, and back (the point may drift by a rounding error).
        expectPassed(Self.grade { point, h, f in
            var probe = point
            var gradient: [Double] = []
            for i in point.indices {
                probe[i] += h
                let up = f(probe)
                probe[i] -= 2 * h
                gradient.append((up - f(probe)) / (2 * h))
                probe[i] += h
            }
            return gradient
        })
        // The average of a forward and a backward difference, with f(θ) evaluated too.
        expectPassed(Self.grade { point, h, f in
            let here = f(point)
            return point.indices.map { i in
                var plus = point, minus = point
                plus[i] += h
                minus[i] -= h
                return ((f(plus) - here) / h + (here - f(minus)) / h) / 2
            }
        })
    }

    @Test func differencesOfTheWrongKindGetTheirHints() {
        expectRejected(Self.grade { point, h, f in
            let base = f(point)
            return point.indices.map { i in var p = point; p[i] += h; return (f(p) - base) / h }
        }, with: Mistakes.forwardDifferences)
        expectRejected(Self.grade { point, h, f in
            let base = f(point)
            return point.indices.map { i in var m = point; m[i] -= h; return (base - f(m)) / h }
        }, with: Mistakes.backwardDifferences)
        expectRejected(Self.grade { point, h, f in
            point.indices.map { i in
                var p = point, m = point
                p[i] += h
                m[i] -= h
                return (f(p) - f(m)) / h
            }
        }, with: Mistakes.centralWithoutHalf)
        expectRejected(Self.grade { point, h, f in
            point.indices.map { i in
                var p = point, m = point
                p[i] += h / 2
                m[i] -= h / 2
                return (f(p) - f(m)) / h
            }
        }, with: Mistakes.centralHalfSteps)
        expectRejected(Self.grade { point, step, f in
            point.indices.map { i in
                var p = point, m = point
                p[i] += step
                m[i] -= step
                return (f(p) - f(m)) / 2 * step
            }
        }, with: Mistakes.divisionPrecedence)
    }

    @Test func checkersThatMoveThePointWronglyGetTheirHints() {
        expectRejected(Self.grade { point, h, f in
            var probe = point
            return point.indices.map { i in
                probe[i] += h
                let up = f(probe)
                probe[i] -= 2 * h
                return (up - f(probe)) / (2 * h)
            }
        }, with: Mistakes.perturbationNotRestored)
        expectRejected(Self.grade { point, h, f in
            point.indices.map { i in
                var p = point
                p[i] += h
                let up = f(p)
                p[i] -= h
                return (up - f(p)) / (2 * h)
            }
        }, with: Mistakes.lowerProbeAtPoint)
    }

    @Test func checkersWithAStepOfTheirOwnGetTheirHints() {
        expectRejected(Self.grade(Self.central { _, _ in 1e-6 }), with: Mistakes.stepIgnored)
        expectRejected(Self.grade(Self.central { _, _ in 1e-3 }), with: Mistakes.stepIgnored)
        // Relative steps, as some numerical-recipes code writes them: these passed the old cases.
        expectRejected(Self.grade(Self.central { step, θ in step * max(1, abs(θ)) }),
                       with: Mistakes.stepScaledByValue)
        expectRejected(Self.grade(Self.central { step, θ in step * abs(θ) }),
                       with: Mistakes.stepScaledByValue)
        // A step kept above a floor "to avoid rounding": right on every case but the small-step
        // one, where it is a fixed step of its own.
        let floored = Self.grade(Self.central { step, _ in max(step, 1e-4) })
        expectRejected(floored, with: Mistakes.stepIgnored)
        #expect(floored.description.contains("a small step, ε = 1e-6"),
                Comment(rawValue: floored.description))
        #expect(floored.description.contains("f was evaluated at θ + 0.0001·e₀, but step = 1e-06"))
    }

    @Test func theReportSaysWhereTheCheckerEvaluatedTheFunction() {
        let fixed = Self.grade(Self.central { _, _ in 1e-6 }).description
        #expect(fixed.contains("your checker evaluated f 6 times"), Comment(rawValue: fixed))
        #expect(fixed.contains("f was evaluated at θ + 1e-06·e₀, but step = 0.1"),
                Comment(rawValue: fixed))
        let forward = Self.grade { point, h, f in
            let base = f(point)
            return point.indices.map { i in var p = point; p[i] += h; return (f(p) - base) / h }
        }.description
        #expect(forward.contains("f was never evaluated at θ − 0.1·e₀"), Comment(rawValue: forward))
        let notRestored = Self.grade { point, h, f in
            var probe = point
            return point.indices.map { i in
                probe[i] += h
                let up = f(probe)
                probe[i] -= 2 * h
                return (up - f(probe)) / (2 * h)
            }
        }.description
        #expect(notRestored.contains("f was evaluated at θ − 0.1·e₀ + 0.1·e₁: 2 coordinates moved "
                                     + "at once"),
                Comment(rawValue: notRestored))
        let halfDivision = Self.grade { point, h, f in
            point.indices.map { i in
                var p = point, m = point
                p[i] += h
                m[i] -= h
                return (f(p) - f(m)) / h
            }
        }.description
        #expect(halfDivision.contains("these are the right points"),
                Comment(rawValue: halfDivision))
        #expect(halfDivision.contains("f(θ) = exp(θ₀) + sin(2θ₁) + θ₂⁴ + θ₀θ₁θ₂"))
    }

    @Test func aLastEntryLeftOutIsRejected() {
        // Unknown mistakes fail too, without a hint: the loop stops one coordinate early.
        expectRejectedWithoutHint(Self.grade { point, h, f in
            var gradient = [Double](repeating: 0, count: point.count)
            for i in 0..<max(0, point.count - 1) {
                var p = point, m = point
                p[i] += h
                m[i] -= h
                gradient[i] = (f(p) - f(m)) / (2 * h)
            }
            return gradient
        })
    }
}
