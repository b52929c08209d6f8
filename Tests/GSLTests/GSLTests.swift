import Foundation
import XCTest
@testable import GSL

final class SpecialFunctionTests: XCTestCase {
    func testNormalDistribution() {
        XCTAssertEqual(NormalDistribution.cdf(0), 0.5, accuracy: 1e-16)
        XCTAssertEqual(NormalDistribution.cdf(1.959963984540054), 0.975, accuracy: 1e-15)
        XCTAssertEqual(NormalDistribution.upperTail(8), 6.220960574271785e-16, accuracy: 1e-28)
        XCTAssertEqual(NormalDistribution.density(0), 1 / (2 * Double.pi).squareRoot(), accuracy: 1e-16)
        for p in [1e-12, 0.01, 0.3, 0.5, 0.9] {
            XCTAssertEqual(NormalDistribution.cdf(NormalDistribution.quantile(p)), p, accuracy: 1e-14 * max(1, p / 1e-12))
            XCTAssertEqual(NormalDistribution.upperTail(NormalDistribution.upperQuantile(p)), p, accuracy: p * 1e-12)
        }
    }

    func testLogGamma() {
        XCTAssertEqual(SpecialFunctions.logGamma(1), 0, accuracy: 1e-15)
        XCTAssertEqual(SpecialFunctions.logGamma(11), Foundation.log(3628800), accuracy: 1e-12)
        XCTAssertEqual(SpecialFunctions.logGamma(0.5), 0.5 * Foundation.log(Double.pi), accuracy: 1e-14)
        XCTAssertTrue(SpecialFunctions.logGamma(-1).isNaN)
    }
}

final class OptimisationTests: XCTestCase {
    func testBFGSFindsTheRosenbrockMinimum() {
        let result = Minimizer.minimize(start: [-1.2, 1], gradientTolerance: 1e-8) { x, gradient in
            let (a, b) = (x[0], x[1])
            gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a)
            gradient[1] = 200 * (b - a * a)
            return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a)
        }
        XCTAssertTrue(result.converged, "status \(result.status) gradient \(result.gradient) after \(result.iterations)")
        XCTAssertEqual(result.x[0], 1, accuracy: 1e-8)
        XCTAssertEqual(result.x[1], 1, accuracy: 1e-8)
    }

    func testBrentRootAndBracketErrors() throws {
        let root = try RootFinder.brent(lower: 0, upper: 1) { Foundation.cos($0) - $0 }
        XCTAssertEqual(root, 0.7390851332151607, accuracy: 1e-12)
        XCTAssertThrowsError(try RootFinder.brent(lower: 2, upper: 3) { $0 * $0 + 1 })
    }

    func testBrentStopsAtASmallResidualBeforeTheBracketCloses() throws {
        // A function known only to ±1e-12 near its root (as a fitted CLs is): it sits at +1e-16
        // there, so once an iterate lands on that plateau the far end of the bracket only moves in
        // by bisection. Evaluations are counted once per point, as a cached function costs.
        func f(_ x: Double) -> Double { abs(x - 0.5) <= 1e-12 ? 1e-16 : x - 0.5 }
        var withResidual = Set<Double>(), without = Set<Double>()
        let stopped = try RootFinder.brent(lower: 0, upper: 9, absoluteTolerance: 1e-15, relativeTolerance: 1e-15, residualTolerance: 1e-13) { x in
            withResidual.insert(x)
            return f(x)
        }
        let closed = try RootFinder.brent(lower: 0, upper: 9, absoluteTolerance: 1e-15, relativeTolerance: 1e-15) { x in
            without.insert(x)
            return f(x)
        }
        XCTAssertLessThanOrEqual(abs(f(stopped)), 1e-13)
        XCTAssertEqual(stopped, 0.5, accuracy: 2e-12, "on the plateau")
        XCTAssertEqual(closed, 0.5, accuracy: 2e-12, "at the plateau's edge")
        XCTAssertLessThan(withResidual.count, without.count / 2, "\(withResidual.count) against \(without.count) points")
    }
}

final class LinearAlgebraTests: XCTestCase {
    func testCholeskyInverse() throws {
        let a = Matrix([[4, 2, 0.6], [2, 5, 1], [0.6, 1, 3]])
        let inverse = try a.choleskyInverse()
        for i in 0..<3 {
            for j in 0..<3 {
                var product = 0.0
                for k in 0..<3 { product += a[i, k] * inverse[k, j] }
                XCTAssertEqual(product, i == j ? 1 : 0, accuracy: 1e-14)
            }
        }
        XCTAssertThrowsError(try Matrix([[1, 2], [2, 1]]).choleskyInverse())
    }

    func testSymmetricEigen() {
        let (values, vectors) = Matrix([[2, 1], [1, 2]]).symmetricEigen()
        XCTAssertEqual(values[0], 1, accuracy: 1e-14)
        XCTAssertEqual(values[1], 3, accuracy: 1e-14)
        XCTAssertEqual(abs(vectors[0, 0]), 1 / 2.0.squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(vectors[0, 0], -vectors[1, 0], accuracy: 1e-14)
    }
}

final class RandomStreamTests: XCTestCase {
    func testSameSeedSameStream() {
        let a = RandomStream(seed: 42), b = RandomStream(seed: 42), c = RandomStream(seed: 43)
        let first = (0..<5).map { _ in a.gaussian() }
        XCTAssertEqual(first, (0..<5).map { _ in b.gaussian() })
        XCTAssertNotEqual(first, (0..<5).map { _ in c.gaussian() })
        let uniforms = (0..<1000).map { _ in a.uniform() }
        XCTAssertTrue(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(uniforms.reduce(0, +) / 1000, 0.5, accuracy: 0.05)
    }
}

final class BLASTests: XCTestCase {
    func testProductsWithTranspositions() {
        let a: [Double] = [1, 2, 3, 4, 5, 6]        // 2 × 3
        let b: [Double] = [7, 8, 9, 10, 11, 12]     // 3 × 2
        XCTAssertEqual(BLAS.product(a, rows: 2, columns: 3, times: b, rows: 3, columns: 2), [58, 64, 139, 154])
        // Aᵀ (3 × 2) times Aᵀᵀ = A (2 × 3)
        XCTAssertEqual(BLAS.product(a, rows: 2, columns: 3, transposingA: true, times: a, rows: 2, columns: 3),
                       [17, 22, 27, 22, 29, 36, 27, 36, 45])
        // A times Bᵀᵀ written as B transposed twice: A (2×3) · (Bᵀ)ᵀ with Bᵀ stored 2 × 3
        let bT: [Double] = [7, 9, 11, 8, 10, 12]
        XCTAssertEqual(BLAS.product(a, rows: 2, columns: 3, times: bT, rows: 2, columns: 3, transposingB: true), [58, 64, 139, 154])
    }
}
