import GSL

/// The neos example (Simpson & Heinrich, arXiv:2203.05570; neos `demo.ipynb`): four 2-D Gaussian
/// blobs with identity covariance, drawn from the same standard-normal points translated to their
/// means: signal (−1, 1), nominal background (1, −1), background "up" (2.5, 2) and "down"
/// (−2.5, −1.5). Events are row-major n × 2 arrays.
public struct NeosBlobs: Sendable {
    public static let means: [(Double, Double)] = [(-1, 1), (1, -1), (2.5, 2), (-2.5, -1.5)]

    public let signal: [Double]
    public let background: [Double]
    public let backgroundUp: [Double]
    public let backgroundDown: [Double]

    public var samples: [[Double]] { [signal, background, backgroundUp, backgroundDown] }
    public var count: Int { signal.count / 2 }

    public init(signal: [Double], background: [Double], backgroundUp: [Double], backgroundDown: [Double]) {
        self.signal = signal
        self.background = background
        self.backgroundUp = backgroundUp
        self.backgroundDown = backgroundDown
    }

    /// `count` points per blob.
    public init(count: Int, stream: RandomStream) {
        let base = (0..<(2 * count)).map { _ in stream.gaussian() }
        let blobs = Self.means.map { mean in
            base.enumerated().map { i, x in x + (i % 2 == 0 ? mean.0 : mean.1) }
        }
        self.init(signal: blobs[0], background: blobs[1], backgroundUp: blobs[2], backgroundDown: blobs[3])
    }

    /// Splits off the last `fraction` of the events of every blob as a test set.
    public func split(testFraction fraction: Double) -> (train: NeosBlobs, test: NeosBlobs) {
        let cut = 2 * Int((Double(count) * (1 - fraction)).rounded())
        func part(_ range: Range<Int>) -> NeosBlobs {
            NeosBlobs(signal: Array(signal[range]), background: Array(background[range]),
                      backgroundUp: Array(backgroundUp[range]), backgroundDown: Array(backgroundDown[range]))
        }
        return (part(0..<cut), part(cut..<signal.count))
    }
}
