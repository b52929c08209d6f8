import Foundation
@testable import SoftHistograms
import XCTest

/// The few-edge kernel (eight events in the SIMD lanes, every edge), in every instruction set this
/// processor runs, against the per-event window kernel: counts and every gradient.
final class EventLanesTests: XCTestCase {
    func testGroupingForFewEdgesWideOrNarrowWindows() {
        let few = (0...10).map { Double($0) / 10 }, many = (0...40).map { Double($0) / 40 }, tooMany = (0...200).map { Double($0) / 200 }
        let values = [0.1, 0.5, 0.52, 0.9]
        func grouping(_ edges: [Double], _ h: Double) -> KDEKernel.EventGrouping? {
            KDEKernel(edges: edges, openBelow: false, openAbove: false, bandwidth: h).eventGrouping(values)
        }
        let vector = KDEKernel.InstructionSet.best != .baseline
        guard case .whole = grouping(few, 0.001) else { return XCTFail("few edges go whole") }
        // A window of ±9h = ±0.45 holds 36 of the 41 edges; one of ±0.009 holds under one.
        switch (vector, grouping(many, 0.05)) {
        case (true, .whole?), (false, nil): break
        default: XCTFail("41 edges under wide windows go whole, with AVX2 or AVX-512 only")
        }
        switch (vector, grouping(many, 0.001)) {
        case let (true, .intervals(order, groups)?):
            // 0.1, then 0.5 and 0.52, then 0.9 fall in three intervals; each run of edges reaches ±0.009 around them.
            XCTAssertEqual(order, [0, 1, 2, 3])
            XCTAssertEqual(groups.map(\.events), [0..<1, 1..<3, 3..<4])
            XCTAssertEqual(groups.map(\.edges), [4..<5, 20..<22, 36..<37])
        case (false, nil): break
        default: XCTFail("41 edges under narrow windows go by intervals, with AVX2 or AVX-512 only")
        }
        // Windows over 80% of 201 edges: more than one run may hold.
        XCTAssertNil(grouping(tooMany, 1))
    }

    func testInstructionSetChosenByTheEnvironment() {
        typealias Set = KDEKernel.InstructionSet
        let all: [Set] = [.baseline, .avx2, .avx512]
        XCTAssertEqual(Set.choose(nil, detected: .avx512, supported: all), .success(.avx512))
        XCTAssertEqual(Set.choose("", detected: .avx2, supported: all), .success(.avx2))
        XCTAssertEqual(Set.choose("Baseline", detected: .avx512, supported: all), .success(.baseline))
        XCTAssertEqual(Set.choose("avx2", detected: .avx512, supported: all), .success(.avx2))
        guard case let .failure(unknown) = Set.choose("sse9", detected: .avx2, supported: all) else { return XCTFail("sse9 accepted") }
        XCTAssertEqual(unknown.message, "NEOS_KDE_INSTRUCTION_SET=sse9: expected baseline, avx2 or avx512")
        guard case let .failure(unsupported) = Set.choose("avx512", detected: .avx2, supported: [.baseline, .avx2]) else {
            return XCTFail("an instruction set the processor lacks accepted")
        }
        XCTAssertEqual(unsupported.message, "NEOS_KDE_INSTRUCTION_SET=avx512: this processor does not run AVX-512")
    }

    func testTheBestInstructionSetIsSupported() {
        XCTAssertTrue(KDEKernel.InstructionSet.supported.contains(.baseline))
        XCTAssertTrue(KDEKernel.InstructionSet.supported.contains(KDEKernel.InstructionSet.best))
    }

    func testEventLanesMatchTheWindowKernel() {
        for instructionSet in KDEKernel.InstructionSet.supported {
            checkEventLanesMatchTheWindowKernel(instructionSet)
        }
    }

    /// No finite edge (one bin open at both ends: every event's whole weight) and one finite
    /// edge (two open bins, split at t by Φ), in every instruction set, against direct sums.
    func testEventLanesWithNoOrOneFiniteEdge() {
        var random = TestRandom(seed: 9)
        let values = random.uniforms(21, -1, 1), weights = random.uniforms(21, 0.5, 2)
        let (t, h) = (0.1, 0.3)
        let below = zip(values, weights).map { x, w in w * StandardNormal.cdf((t - x) / h) }.reduce(0, +)
        let total = weights.reduce(0, +)
        let densities = values.map { x in exp(-0.5 * pow((t - x) / h, 2)) / (2 * Double.pi).squareRoot() }
        for instructionSet in KDEKernel.InstructionSet.supported {
            let none = KDEKernel(edges: [Double](), openBelow: true, openAbove: true, bandwidth: h)
            assertClose(none.countsAcrossEvents(values: values, weights: weights, instructionSet: instructionSet), [total],
                        relative: 1e-15, instructionSet.name)
            let noneGradients = none.pullbackAcrossEvents(cotangent: [2], coefficients: [0, 0, 0, 0], values: values, weights: weights,
                                                          needs: [.values, .weights], instructionSet: instructionSet)
            XCTAssertEqual(noneGradients.values, [Double](repeating: 0, count: values.count), instructionSet.name)
            XCTAssertEqual(noneGradients.weights, [Double](repeating: 2, count: values.count), instructionSet.name)

            let one = KDEKernel(edges: [t], openBelow: true, openAbove: true, bandwidth: h)
            assertClose(one.countsAcrossEvents(values: values, weights: weights, instructionSet: instructionSet), [below, total - below],
                        relative: 1e-14, instructionSet.name)
            // v = (3, −1): c_0 = v_below − v_above = 4.
            let oneGradients = one.pullbackAcrossEvents(cotangent: [3, -1], coefficients: [4, 0, 0, 0, 0], values: values,
                                                        weights: weights, needs: [.values, .weights, .edges], instructionSet: instructionSet)
            assertClose(oneGradients.values, zip(weights, densities).map { w, phi in -w / h * 4 * phi }, relative: 1e-13, instructionSet.name)
            assertClose(oneGradients.weights, values.map { x in 4 * StandardNormal.cdf((t - x) / h) - 1 }, relative: 1e-13, absolute: 1e-15,
                        instructionSet.name)
            assertClose(oneGradients.edges, [zip(weights, densities).map { w, phi in w / h * 4 * phi }.reduce(0, +)], relative: 1e-13,
                        instructionSet.name)
        }
    }

    /// Random uneven grids of 2 to 128 edges, random bandwidths, open ends and weights: the C loop in
    /// every instruction set against the window kernel.
    func testEventLanesMatchTheWindowKernelOnRandomGrids() {
        var random = TestRandom(seed: 21)
        for trial in 0..<24 {
            let count = 2 + Int(random.uniform() * 127)
            var edges = random.uniforms(count, -3, 5).sorted()
            for j in 1..<count where edges[j] <= edges[j - 1] { edges[j] = edges[j - 1] + 1e-3 }
            let span = edges[count - 1] - edges[0]
            let h = span * pow(10, random.uniform(-3, 0.5))
            let values = random.uniforms(37, edges[0] - 0.3 * span, edges[count - 1] + 0.3 * span)
            let weights = random.uniforms(37, -1, 2)
            let (openBelow, openAbove) = (random.uniform() < 0.5, random.uniform() < 0.5)
            guard count - 1 + (openBelow ? 1 : 0) + (openAbove ? 1 : 0) >= 1 else { continue }
            let kernel = KDEKernel(edges: edges, openBelow: openBelow, openAbove: openAbove, bandwidth: h)
            let cotangent = random.normals(kernel.binCount)
            let coefficients = (0..<(count + 4)).map { j -> Double in
                guard j < count else { return 0 }
                let below = j - 1 + kernel.lowerShift, above = j + kernel.lowerShift
                return (below >= 0 ? cotangent[below] : 0) - (above < kernel.binCount ? cotangent[above] : 0)
            }
            let window = kernel.countsPerEvent(values: values, weights: weights)
            let windowGradients = kernel.pullbackPerEvent(cotangent: cotangent, coefficients: coefficients, values: values,
                                                          weights: weights, needs: [.values, .weights, .edges, .bandwidth])
            var groupings: [(String, KDEKernel.EventGrouping)] = [("whole", .whole)]
            if let intervals = kernel.intervalGrouping(values) { groupings.append(("intervals", intervals)) }
            for instructionSet in KDEKernel.InstructionSet.supported {
              for (name, grouping) in groupings {
                let context = "trial \(trial), \(count) edges, h \(h), \(instructionSet.name), \(name)"
                assertClose(kernel.countsAcrossEvents(values: values, weights: weights, grouping: grouping, instructionSet: instructionSet),
                            window, relative: 1e-13, absolute: 1e-13, context)
                let lanes = kernel.pullbackAcrossEvents(cotangent: cotangent, coefficients: coefficients, values: values, weights: weights,
                                                        needs: [.values, .weights, .edges, .bandwidth], grouping: grouping,
                                                        instructionSet: instructionSet)
                assertClose(lanes.values, windowGradients.values, relative: 1e-12, absolute: 1e-12 / h, "values, \(context)")
                assertClose(lanes.weights, windowGradients.weights, relative: 1e-12, absolute: 1e-13, "weights, \(context)")
                assertClose(lanes.edges, windowGradients.edges, relative: 1e-12, absolute: 1e-12 * 37 / h, "edges, \(context)")
                assertClose(lanes.bandwidth, windowGradients.bandwidth, relative: 1e-12, absolute: 1e-12 * 37 / h, "bandwidth, \(context)")
              }
            }
        }
    }

    private func checkEventLanesMatchTheWindowKernel(_ instructionSet: KDEKernel.InstructionSet) {
        var random = TestRandom(seed: 5)
        let even = (0...10).map { Double($0) / 10 }
        let uneven = [-2.0, -1.1, -0.3, 0, 0.05, 0.7, 2.5]
        let sixteen = (0..<16).map { Double($0) * 0.3 - 1 }
        let hundred = (0...100).map { Double($0) / 100 }
        for edges in [even, uneven, sixteen, hundred] {
            let low = edges.first!, high = edges.last!, span = high - low
            // 103 events: the last quad is partial. On edges, far outside, and inside.
            let values = random.uniforms(99, low - 0.2 * span, high + 0.2 * span) + [edges[2], edges[edges.count - 1], low - 30 * span, high + 30 * span]
            let weights = random.uniforms(values.count, -0.5, 2)
            for h in [0.001 * span, 0.05 * span, 0.3 * span, 4 * span] {
                for (openBelow, openAbove) in [(false, false), (true, true), (true, false)] {
                    let context = "\(instructionSet.name): edges \(edges.count) h \(h) open \(openBelow) \(openAbove)"
                    let kernel = KDEKernel(edges: edges, openBelow: openBelow, openAbove: openAbove, bandwidth: h)
                    for w in [nil, weights] {
                        let lanes = kernel.countsAcrossEvents(values: values, weights: w, instructionSet: instructionSet)
                        let window = kernel.countsPerEvent(values: values, weights: w)
                        assertClose(lanes, window, relative: 1e-13, absolute: 1e-14 * Double(values.count), context)
                    }
                    let cotangent = random.normals(kernel.binCount)
                    let coefficients = (0..<(edges.count + 4)).map { j -> Double in
                        guard j < edges.count else { return 0 }
                        let below = j - 1 + kernel.lowerShift, above = j + kernel.lowerShift
                        return (below >= 0 ? cotangent[below] : 0) - (above < kernel.binCount ? cotangent[above] : 0)
                    }
                    for w in [nil, weights] {
                        let needs: KDEKernel.Needs = w == nil ? [.values, .edges, .bandwidth] : [.values, .weights, .edges, .bandwidth]
                        let lanes = kernel.pullbackAcrossEvents(cotangent: cotangent, coefficients: coefficients, values: values, weights: w, needs: needs,
                                                                 instructionSet: instructionSet)
                        let window = kernel.pullbackPerEvent(cotangent: cotangent, coefficients: coefficients, values: values, weights: w, needs: needs)
                        let scale = Double(values.count) / h
                        assertClose(lanes.values, window.values, relative: 1e-12, absolute: 1e-13 / h, "values \(context)")
                        assertClose(lanes.weights, window.weights, relative: 1e-12, absolute: 1e-13, "weights \(context)")
                        assertClose(lanes.edges, window.edges, relative: 1e-12, absolute: 1e-13 * scale, "edges \(context)")
                        assertClose(lanes.bandwidth, window.bandwidth, relative: 1e-12, absolute: 1e-13 * scale, "bandwidth \(context)")
                    }
                }
            }
        }
    }
}
