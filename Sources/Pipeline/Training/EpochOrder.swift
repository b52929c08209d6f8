import GSL

/// The order in which an epoch visits the training events: a Fisher–Yates shuffle from a stream
/// seeded by (seed, epoch), so any epoch's order is reproducible on its own, which is what lets a
/// resumed training continue bit for bit.
public enum EpochOrder {
    public static func permutation(count: Int, seed: UInt, epoch: Int, stream index: Int = 0) -> [Int] {
        let stream = RandomStream(seed: seed &* 1_000_003 &+ UInt(epoch) &* 7919 &+ UInt(index) &* 104_729 &+ 1)
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(stream.uniform() * Double(i + 1))
            order.swapAt(i, j)
        }
        return order
    }

    /// Rows `indices` of a row-major array with `width` columns.
    public static func rows(_ events: [Double], width: Int, _ indices: ArraySlice<Int>) -> [Double] {
        var batch = [Double]()
        batch.reserveCapacity(indices.count * width)
        for k in indices { batch.append(contentsOf: events[(k * width)..<((k + 1) * width)]) }
        return batch
    }
}
