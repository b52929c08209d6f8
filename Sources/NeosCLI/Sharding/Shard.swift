/// One shard of a sharded run: shard `index` of `count` (0-based), which runs a contiguous block
/// of the run's tasks.
///
/// Tasks are numbered by their identity (patch, seed, λ, toy block), never by shard, so the
/// same task gives the same result whichever shard runs it, and the merged result does not
/// depend on how many shards there were.
struct Shard: Equatable, Hashable, Sendable {
    let index: Int
    let count: Int

    init(index: Int, count: Int) throws {
        guard count >= 1 else { throw CommandError("a run has at least one shard, got \(count)") }
        guard (0..<count).contains(index) else {
            throw CommandError("shard \(index) of \(count) does not exist: shards are numbered 0…\(count - 1)")
        }
        self.index = index
        self.count = count
    }

    /// The tasks of this shard among `total`: tasks ⌊i·T/N⌋ ..< ⌊(i+1)·T/N⌋, so that shard sizes
    /// differ by at most one (a shard may be empty when N > T).
    func tasks(of total: Int) -> Range<Int> {
        (index * total / count)..<((index + 1) * total / count)
    }

    /// `I-of-N.json`, the name of the shard's result file in `OUTPUT/shards/`.
    var fileName: String { "\(index)-of-\(count).json" }

    /// `I/N`, as `--shard` takes it.
    var argument: String { "\(index)/\(count)" }
}
