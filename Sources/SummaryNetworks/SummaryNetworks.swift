// SummaryNetworks: dense networks for summary statistics, differentiable with Swift's
// language-level differentiation (`import _Differentiation`).
//
// - ``Dense`` and ``MLP`` are `Differentiable`; `network(batch)` on a row-major batch
//   (N × features) is `@differentiable(reverse)` wrt the network and the batch, with one
//   hand-written pullback for the whole network (BLAS for Z = X W, W̄ = Xᵀ Z̄, X̄ = Z̄ Wᵀ).
// - ``MLP/withDirectionalDerivatives(_:directions:)`` gives the outputs and exact JVPs along
//   input directions (for nuisance parameters that shift the inputs), differentiable too.
// - ``MLP/TangentVector`` is flat (``MLP/parameters`` order), so ``SGD`` and ``Adam`` act on
//   flat vectors; Adam's state is Codable for checkpoints.
// - Initialisers: ``Initializer`` (He normal, Xavier/Glorot uniform) from a seeded GSL stream.
// - Weight files: ``MLP/jsonData()``, ``MLP/save(to:)``, ``MLP/load(from:)``; bad files and bad
//   batches throw ``NetworkError`` naming the file, layer, row and column.
//
// Example:
//
//     var network = MLP(layerSizes: [2, 100, 100, 1], hidden: .relu, output: .sigmoid,
//                       initializer: .heNormal, seed: 777)
//     var adam = Adam(learningRate: 1e-3)
//     let g = gradient(at: network) { net in loss(net(batch)) }
//     adam.update(&network, along: g)
