import Foundation

/// A first-order optimiser acting on a flat parameter vector.
public protocol Optimizer {
    /// One step: updates `parameters` given the gradient of the loss with respect to them.
    /// An empty gradient is the zero gradient.
    mutating func update(_ parameters: inout [Double], along gradient: [Double])
}

extension Optimizer {
    /// One step on a network, given the gradient of the loss (e.g. from `gradient(at:of:)`).
    public mutating func update(_ network: inout MLP, along gradient: MLP.TangentVector) {
        var parameters = network.parameters
        update(&parameters, along: gradient.parameters)
        network.parameters = parameters
    }
}

/// Plain gradient descent: w ← w − learningRate · g.
public struct SGD: Optimizer, Codable, Equatable, Sendable {
    public var learningRate: Double

    public init(learningRate: Double = 0.01) {
        self.learningRate = learningRate
    }

    public mutating func update(_ parameters: inout [Double], along gradient: [Double]) {
        guard !gradient.isEmpty else { return }
        precondition(gradient.count == parameters.count,
                     "SGD: gradient has \(gradient.count) values, parameters \(parameters.count)")
        for i in parameters.indices { parameters[i] -= learningRate * gradient[i] }
    }
}

/// Adam (Kingma & Ba 2015, Algorithm 1), with bias correction, as in optax.adam:
///
///     t ← t + 1
///     m ← β1 m + (1 − β1) g,       v ← β2 v + (1 − β2) g²
///     m̂ = m / (1 − β1ᵗ),           v̂ = v / (1 − β2ᵗ)
///     w ← w − lr · m̂ / (√v̂ + ε)
///
/// The state (step count and both moments) is Codable, so a training can be checkpointed and
/// resumed exactly. The moments are sized on the first step.
public struct Adam: Optimizer, Codable, Equatable, Sendable {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// Steps taken so far (t).
    public private(set) var step: Int
    /// m, the running mean of the gradients (empty before the first step).
    public private(set) var firstMoment: [Double]
    /// v, the running mean of the squared gradients (empty before the first step).
    public private(set) var secondMoment: [Double]

    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.step = 0
        self.firstMoment = []
        self.secondMoment = []
    }

    /// Forgets the moments and the step count.
    public mutating func reset() {
        step = 0
        firstMoment = []
        secondMoment = []
    }

    public mutating func update(_ parameters: inout [Double], along gradient: [Double]) {
        if firstMoment.isEmpty {
            firstMoment = [Double](repeating: 0, count: parameters.count)
            secondMoment = firstMoment
        }
        precondition(firstMoment.count == parameters.count,
                     "Adam: state is for \(firstMoment.count) parameters, got \(parameters.count)")
        precondition(gradient.isEmpty || gradient.count == parameters.count,
                     "Adam: gradient has \(gradient.count) values, parameters \(parameters.count)")
        step += 1
        let correction1 = 1 - Foundation.pow(beta1, Double(step))
        let correction2 = 1 - Foundation.pow(beta2, Double(step))
        for i in parameters.indices {
            let g = gradient.isEmpty ? 0 : gradient[i]
            firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g * g
            let mHat = firstMoment[i] / correction1
            let vHat = secondMoment[i] / correction2
            parameters[i] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
        }
    }
}
