import Dispatch

/// Work split over the cores for one large spec (a batch already keeps every core busy with whole
/// specs, so callers pass `parallel: false` for small ones and the work runs in order on this thread).
package enum ParallelWork {
    /// Whether a pipeline is large enough for its stages to be split: the thread hand-off costs
    /// tens of microseconds, a small bundle's whole compile stage about a hundred.
    package static func isLarge(_ pipeline: Pipeline) -> Bool { pipeline.sources.count * max(1, pipeline.sinks.count) >= 256 }

    /// `body(index)` for every index, on all cores when `parallel`, results in index order.
    package static func map<T: Sendable>(_ count: Int, parallel: Bool, _ body: @Sendable (Int) -> T) -> [T] {
        guard parallel, count > 1 else { return (0..<count).map(body) }
        let slots = Slots<T>(count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.values[index] = body(index)  // each index written by exactly one iteration
        }
        return slots.values.map { $0! }
    }
}

/// Result slots written by concurrent iterations, each index by exactly one.
private final class Slots<T>: @unchecked Sendable {
    /// One slot an index.
    var values: [T?]
    /// `count` empty slots.
    init(_ count: Int) { values = Array(repeating: nil, count: count) }
}
