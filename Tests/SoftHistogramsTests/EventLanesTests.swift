import Foundation
@testable import SoftHistograms
import XCTest

/// The few-edge kernel (eight events in the SIMD lanes, every edge), in every instruction set this
/// processor runs, against the per-event window kernel: counts and every gradient.
final class EventLanesTests: XCTestCase {
    func testEventLanesOnlyForFewEdges() {
        let few = (0...10).map { Double($0) / 10 }, many = (0...40).map { Double($0) / 40 }
        XCTAssertTrue(KDEKernel(edges: few, openBelow: false, openAbove: false, bandwidth: 0.05).usesEventLanes)
        XCTAssertFalse(KDEKernel(edges: many, openBelow: false, openAbove: false, bandwidth: 0.05).usesEventLanes)
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

    private func checkEventLanesMatchTheWindowKernel(_ instructionSet: KDEKernel.InstructionSet) {
        var random = TestRandom(seed: 5)
        let even = (0...10).map { Double($0) / 10 }
        let uneven = [-2.0, -1.1, -0.3, 0, 0.05, 0.7, 2.5]
        let sixteen = (0..<16).map { Double($0) * 0.3 - 1 }
        for edges in [even, uneven, sixteen] {
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
