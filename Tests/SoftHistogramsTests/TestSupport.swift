import Foundation
import XCTest

/// Central finite differences of a scalar function of a vector.
func centralDifferences(at x: [Double], step: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
    x.indices.map { k in
        var plus = x
        var minus = x
        let h = step * max(1, abs(x[k]))
        plus[k] += h
        minus[k] -= h
        return (f(plus) - f(minus)) / (plus[k] - minus[k])
    }
}

/// Central finite difference of a scalar function of a scalar.
func centralDifference(at x: Double, step: Double = 1e-6, _ f: (Double) -> Double) -> Double {
    let h = step * max(1, abs(x))
    return (f(x + h) - f(x - h)) / ((x + h) - (x - h))
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}

/// Asserts |a_i − b_i| ≤ relative · |b_i| + absolute for every entry.
func assertClose(
    _ a: [Double], _ b: [Double], relative: Double, absolute: Double = 0, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.count, b.count, "length \(message())", file: file, line: line)
    for (i, (x, y)) in zip(a, b).enumerated() where !(abs(x - y) <= relative * abs(y) + absolute) {
        XCTFail("\(message()) [\(i)]: \(x) vs \(y) (difference \(abs(x - y)))", file: file, line: line)
        return
    }
}

func assertClose(
    _ a: Double, _ b: Double, relative: Double, absolute: Double = 0, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    assertClose([a], [b], relative: relative, absolute: absolute, message(), file: file, line: line)
}

/// A small seeded generator (SplitMix64) for test data.
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform(_ lo: Double = 0, _ hi: Double = 1) -> Double {
        lo + (hi - lo) * Double(next() >> 11) / Double(1 << 53)
    }

    mutating func normal() -> Double {
        let u = uniform(1e-300, 1)
        let v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    mutating func uniforms(_ count: Int, _ lo: Double = 0, _ hi: Double = 1) -> [Double] {
        (0..<count).map { _ in uniform(lo, hi) }
    }

    mutating func normals(_ count: Int) -> [Double] {
        (0..<count).map { _ in normal() }
    }
}

/// Φ(z) from Foundation's erfc (the straightforward reference).
func referenceCDF(_ z: Double) -> Double {
    0.5 * erfc(-z / 2.0.squareRoot())
}

/// The bKDE directly from the formula, with Foundation's erfc, summing in event order.
func referenceKDE(values: [Double], weights: [Double]? = nil, edges: [Double], bandwidth h: Double, density: Bool = false, fold: Bool = false) -> [Double] {
    let bins = edges.count - 1
    var counts = [Double](repeating: 0, count: bins)
    for (k, x) in values.enumerated() {
        let w = weights?[k] ?? 1
        for i in 0..<bins {
            let lo = fold && i == 0 ? 0 : referenceCDF((edges[i] - x) / h)
            let hi = fold && i == bins - 1 ? 1 : referenceCDF((edges[i + 1] - x) / h)
            counts[i] += w * (hi - lo)
        }
    }
    if density {
        let total = counts.reduce(0, +)
        counts = counts.indices.map { counts[$0] / (edges[$0 + 1] - edges[$0]) / total }
    }
    return counts
}
