import Foundation
import UISBundle

/// Wall time of each stage of `bundle`, in seconds (hidden `--timings`, or `UIS_GEN_TIMINGS=1`): the
/// library's stages (see ``BundleStage``), measured as an observer around them, and `pack` (tar + gzip +
/// atomic write, TarGz.write), which the command does itself.
struct StageTimings: BundleStageObserver, Sendable {
    /// Seconds per library stage, in ``BundleStage`` order.
    private(set) var seconds = [Double](repeating: 0, count: BundleStage.allCases.count)
    /// Seconds spent packing.
    var pack = 0.0

    /// Runs and times one stage.
    mutating func measure<T>(_ stage: BundleStage, _ body: () -> T) -> T {
        var clock = StageClock()
        let result = body()
        seconds[BundleStage.allCases.firstIndex(of: stage)!] += clock.lap()
        return result
    }

    /// Every stage with its seconds, `pack` last.
    var stages: [(String, Double)] {
        zip(BundleStage.allCases, seconds).map { ($0.rawValue, $1) } + [("pack", pack)]
    }

    /// The sum of two runs' timings.
    static func + (a: StageTimings, b: StageTimings) -> StageTimings {
        var sum = a
        for index in sum.seconds.indices { sum.seconds[index] += b.seconds[index] }
        sum.pack += b.pack
        return sum
    }

    /// `timings: load 1.23 ms, validate …, total … ms`.
    func line(_ label: String) -> String {
        let parts = stages.map { "\($0.0) \(Self.ms($0.1))" }
        return "\(label): " + parts.joined(separator: ", ") + ", total \(Self.ms(stages.reduce(0) { $0 + $1.1 }))"
    }

    /// `1.23 ms`.
    static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
}

/// A monotonic stopwatch; `lap()` returns the seconds since the last lap.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds

    /// Seconds since the last lap (or since the clock was made).
    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}
