import XCTest
@testable import HistFactory

/// Every analytic derivative of the likelihood against central finite differences.
final class LikelihoodDerivativeTests: XCTestCase {
    private func centralDifference(_ f: (Double) -> Double, at x: Double, step: Double) -> Double {
        (f(x + step) - f(x - step)) / (2 * step)
    }

    func testInterpolationDerivativesMatchFiniteDifferences() {
        let alphas = [-2.3, -1.4, -0.7, -0.2, 0.15, 0.6, 0.95, 1.3, 2.2]
        let templates: [(lo: Double, nominal: Double, hi: Double)] = [(46, 50, 55), (0.8, 1, 1.15), (9, 10, 10.5)]
        for code in InterpolationCode.allCases {
            for t in templates {
                for alpha in alphas {
                    let d = code.interpolate(alpha, lo: t.lo, nominal: t.nominal, hi: t.hi)
                    let value = { (a: Double) in code.interpolate(a, lo: t.lo, nominal: t.nominal, hi: t.hi).value }
                    let slope = { (a: Double) in code.interpolate(a, lo: t.lo, nominal: t.nominal, hi: t.hi).first }
                    let h = 1e-6
                    XCTAssertEqual(d.first, centralDifference(value, at: alpha, step: h), accuracy: 1e-6 * max(1, abs(d.first)),
                                   "\(code) first derivative at \(alpha) for \(t)")
                    XCTAssertEqual(d.second, centralDifference(slope, at: alpha, step: h), accuracy: 1e-5 * max(1, abs(d.second)),
                                   "\(code) second derivative at \(alpha) for \(t)")
                }
            }
        }
    }

    /// Continuity at the matching points |α| = 1: code4 (value, slope, curvature), code4p and the
    /// ROOT form of code2 (value and slope).
    func testSmoothCodesAreContinuousAtTheMatchingPoints() {
        let (lo, nominal, hi) = (0.8, 1.0, 1.15)
        for alpha in [-1.0, 1.0] {
            let eps = 1e-9
            for code in [InterpolationCode.code4, .code4p, .code2] {
                let left = code.interpolate(alpha - eps, lo: lo, nominal: nominal, hi: hi)
                let right = code.interpolate(alpha + eps, lo: lo, nominal: nominal, hi: hi)
                XCTAssertEqual(left.value, right.value, accuracy: 1e-8, "\(code) value at \(alpha)")
                XCTAssertEqual(left.first, right.first, accuracy: 1e-7, "\(code) slope at \(alpha)")
            }
            let left = InterpolationCode.code4.interpolate(alpha - eps, lo: lo, nominal: nominal, hi: hi)
            let right = InterpolationCode.code4.interpolate(alpha + eps, lo: lo, nominal: nominal, hi: hi)
            XCTAssertEqual(left.second, right.second, accuracy: 1e-6, "code4 curvature at \(alpha)")
        }
    }

    func testGradientAndHessianMatchFiniteDifferences() throws {
        for codes in [InterpolationCodes.pyhfDefaults, InterpolationCodes(normsys: .code1, histosys: .code0),
                      InterpolationCodes(normsys: .code4p, histosys: .code2), InterpolationCodes(normsys: .code0, histosys: .code4)] {
            let model = try Model(workspace: KitchenSinkWorkspace.workspace, interpolationCodes: codes)
            let data = try KitchenSinkWorkspace.workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
            let theta = KitchenSinkWorkspace.probePoint(model)
            let analytic = model.negativeLogLikelihood(theta, data: data, order: 2)
            XCTAssertEqual(analytic.value, -model.logpdf(theta, data: data), accuracy: 1e-12)
            for i in 0..<model.parameterCount {
                let h = 1e-5
                func shifted(_ delta: Double) -> LikelihoodDerivatives {
                    var x = theta
                    x[i] += delta
                    return model.negativeLogLikelihood(x, data: data, order: 1)
                }
                let plus = shifted(h), minus = shifted(-h)
                let numericGradient = (plus.value - minus.value) / (2 * h)
                XCTAssertEqual(analytic.gradient[i], numericGradient, accuracy: 1e-6 * max(1, abs(numericGradient)),
                               "∂/∂\(model.parameterNames[i]) with \(codes)")
                for j in 0..<model.parameterCount {
                    let numeric = (plus.gradient[j] - minus.gradient[j]) / (2 * h)
                    XCTAssertEqual(analytic.hessian![i, j], numeric, accuracy: 1e-5 * max(1, abs(numeric)),
                                   "∂²/∂\(model.parameterNames[i])∂\(model.parameterNames[j]) with \(codes)")
                }
            }
        }
    }

    /// On Asimov data the Hessian is the Fisher information Jᵀ diag(1/ν) J + constraints, with J
    /// the Jacobian of the expected main data taken by finite differences.
    func testFisherInformationEqualsJacobianForm() throws {
        let model = try Model(workspace: KitchenSinkWorkspace.workspace)
        let theta = KitchenSinkWorkspace.probePoint(model)
        let nu = model.expectedMainData(theta)
        let p = model.parameterCount
        let jacobian: [[Double]] = (0..<p).map { i in
            var up = theta, down = theta
            up[i] += 1e-6
            down[i] -= 1e-6
            return zip(model.expectedMainData(up), model.expectedMainData(down)).map { ($0 - $1) / 2e-6 }
        }
        let hessian = model.negativeLogLikelihood(theta, data: model.expectedData(theta), order: 2).hessian!
        for i in 0..<p {
            for j in 0..<p {
                var expected = 0.0
                for b in nu.indices { expected += jacobian[i][b] * jacobian[j][b] / nu[b] }
                if i == j, let set = model.parameterSets.first(where: { $0.indices.contains(i) }) {
                    switch set.constraint {
                    case let .gaussian(sigmas): expected += 1 / (sigmas[i - set.offset] * sigmas[i - set.offset])
                    case let .poisson(factors): expected += factors[i - set.offset] / theta[i]
                    case .unconstrained: break
                    }
                }
                XCTAssertEqual(hessian[i, j], expected, accuracy: 1e-6 * max(1, abs(expected)),
                               "I[\(model.parameterNames[i]), \(model.parameterNames[j])]")
            }
        }
    }
}
