import GSL
import XCTest
@testable import HistFactory

/// Block elimination over bin-local parameters gives the dense solve and inverse, and the
/// fitter reaches the same minimum with it.
final class HessianStructureTests: XCTestCase {
    /// Three channels of four bins: a normfactor, a shared normsys and histosys, a staterror per
    /// channel and a shapesys on one channel's background (two bin-local parameters per bin there).
    static func workspace() throws -> Workspace {
        func channel(_ c: Int) -> String {
            let nominal = (0..<4).map { 40.0 + 7 * Double(($0 * 5 + c * 3) % 11) }
            let signal = (0..<4).map { 3.0 + Double($0 + c) }
            let shapesys = c == 1 ? #", {"name": "bkg_shape", "type": "shapesys", "data": \#(nominal.map { $0 * 0.08 })}"# : ""
            return """
            {"name": "ch\(c)", "samples": [
              {"name": "bkg", "data": \(nominal), "modifiers": [
                {"name": "syst", "type": "normsys", "data": {"hi": 1.05, "lo": 0.94}},
                {"name": "shape", "type": "histosys", "data": {"hi_data": \(nominal.map { $0 * 1.03 }), "lo_data": \(nominal.map { $0 * 0.98 })}},
                {"name": "staterror_ch\(c)", "type": "staterror", "data": \(nominal.map { $0.squareRoot() })}\(shapesys)]},
              {"name": "sig", "data": \(signal), "modifiers": [{"name": "mu", "type": "normfactor", "data": null}]}]}
            """
        }
        func observation(_ c: Int) -> String {
            #"{"name": "ch\#(c)", "data": \#((0..<4).map { 45.0 + 6 * Double(($0 * 7 + c * 2) % 9) })}"#
        }
        let text = """
        {"channels": [\((0..<3).map(channel).joined(separator: ","))],
         "observations": [\((0..<3).map(observation).joined(separator: ","))],
         "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": []}}], "version": "1.0.0"}
        """
        return try Workspace.decode(Data(text.utf8))
    }

    func testStructureFindsTheBinLocalParameters() throws {
        let model = try Model(workspace: Self.workspace())
        let structure = try XCTUnwrap(model.hessianStructure)
        for (i, name) in model.parameterNames.enumerated() {
            let isLocal = name.hasPrefix("staterror") || name.hasPrefix("bkg_shape")
            XCTAssertEqual(structure.blockOfParameter[i] != nil, isLocal, name)
        }
        let block = { (name: String) in structure.blockOfParameter[model.parameterIndex(named: name)!] }
        XCTAssertEqual(block("bkg_shape[2]"), block("staterror_ch1[2]"), "same bin, same block")
        XCTAssertNotEqual(block("staterror_ch1[2]"), block("staterror_ch1[3]"))
    }

    func testBlockEliminationSolvesAndInvertsLikeTheDenseFactor() throws {
        let model = try Model(workspace: Self.workspace())
        let data = try Self.workspace().observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
        let theta = model.fit(data: data, computeUncertainties: false).parameters
        let hessian = try XCTUnwrap(model.negativeLogLikelihood(theta, data: data, order: 2).hessian)
        let scale = (0..<model.parameterCount).map { 1 + 0.1 * Double($0 % 3) }
        let inner = (0..<model.parameterCount).filter { $0 != 3 }
        for shift in [0.0, 0.7] {
            let dense = try XCTUnwrap(ShiftedHessianFactor(ScaledHessian(hessian: hessian, scale: scale, inner: inner, structure: nil), shift: shift))
            let blocks = try XCTUnwrap(ShiftedHessianFactor(ScaledHessian(hessian: hessian, scale: scale, inner: inner, structure: model.hessianStructure), shift: shift))
            let rhs = inner.indices.map { sin(Double($0) + 1) }
            XCTAssertRelativelyEqual(blocks.solve(rhs), dense.solve(rhs), 1e-11, absolute: 1e-13, "solve, λ = \(shift)")
            XCTAssertRelativelyEqual(blocks.inverse().elements, dense.inverse().elements, 1e-11, absolute: 1e-13, "inverse, λ = \(shift)")
        }
    }

    func testFitWithBlockEliminationReachesTheDenseMinimum() throws {
        let workspace = try Self.workspace()
        let model = try Model(workspace: workspace)
        let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
        let settings = FitSettings(model: model)
        XCTAssertNil(model.worthwhileStructure(settings.fixed), "16 bin-local parameters: below the size where elimination pays")
        var dense = TrustRegionNewton(model: model, data: data, settings: settings, structure: nil)
        var blocks = TrustRegionNewton(model: model, data: data, settings: settings, structure: model.hessianStructure)
        let a = dense.minimum(from: settings.initialValues), b = blocks.minimum(from: settings.initialValues)
        XCTAssertTrue(a.converged && b.converged)
        XCTAssertEqual(a.value, b.value, accuracy: 1e-10)
        XCTAssertRelativelyEqual(a.parameters, b.parameters, 1e-8, absolute: 1e-10, "θ̂")
    }
}
