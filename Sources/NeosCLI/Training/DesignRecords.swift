import Pipeline

/// A point of a design optimisation as a task's JSON result carries it (see ``DesignPoint``).
struct DesignPointRecord {
    var epoch: Int
    var parameters: [Double]
    var deltaMu: Double
    var cost: Double
    var objective: Double

    init(_ point: DesignPoint) {
        (epoch, parameters, deltaMu, cost, objective) = (point.epoch, point.parameters, point.deltaMu, point.cost, point.objective)
    }

    var json: JSONValue {
        .object(["epoch": .integer(epoch), "parameters": .numbers(parameters), "delta_mu": .finite(deltaMu), "cost": .finite(cost),
                 "objective": .finite(objective)])
    }

    init(json: JSONValue) throws {
        guard case let .integer(epoch)? = json["epoch"], let parameters = json["parameters"]?.doubles,
              let deltaMu = json["delta_mu"]?.doubleValue, let cost = json["cost"]?.doubleValue, let objective = json["objective"]?.doubleValue else {
            throw CommandError("a design point lacks epoch, parameters, delta_mu, cost or objective")
        }
        (self.epoch, self.parameters, self.deltaMu, self.cost, self.objective) = (epoch, parameters, deltaMu, cost, objective)
    }
}

/// A gradient check as a task's JSON result carries it (see ``GradientCheck``).
struct GradientCheckRecord {
    var analytic: [Double]
    var finiteDifference: [Double]
    var relativeErrors: [Double]

    var maxRelativeError: Double { relativeErrors.max() ?? 0 }

    init(_ check: GradientCheck) {
        (analytic, finiteDifference, relativeErrors) = (check.analytic, check.finiteDifference, check.relativeErrors)
    }

    var json: JSONValue {
        .object(["analytic": .numbers(analytic), "finite_difference": .numbers(finiteDifference), "relative_errors": .numbers(relativeErrors)])
    }

    init(json: JSONValue) throws {
        guard let analytic = json["analytic"]?.doubles, let finiteDifference = json["finite_difference"]?.doubles,
              let relativeErrors = json["relative_errors"]?.doubles else {
            throw CommandError("a gradient check lacks analytic, finite_difference or relative_errors")
        }
        (self.analytic, self.finiteDifference, self.relativeErrors) = (analytic, finiteDifference, relativeErrors)
    }
}
