import _Differentiation

extension Array where Element == Double {
    /// `self[index] += value`, differentiable: Swift cannot differentiate an element assignment,
    /// so accumulations inside differentiable code go through this.
    @differentiable(reverse)
    public mutating func accumulate(_ value: Double, at index: Int) {
        self[index] += value
    }

    @derivative(of: accumulate)
    public mutating func vjpAccumulate(_ value: Double, at index: Int)
        -> (value: Void, pullback: (inout Array<Double>.TangentVector) -> Double)
    {
        self[index] += value
        return ((), { tangent in tangent.base.isEmpty ? 0 : tangent.base[index] })
    }
}

/// An array of `count` zeros, as a differentiable constant.
func zeros(_ count: Int) -> [Double] {
    [Double](repeating: 0, count: count)
}
