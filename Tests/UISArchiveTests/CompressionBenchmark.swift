import Foundation
import Testing
import UISArchive

/// Measures gzip levels on a realistic bundle. Prints figures only; never asserts
/// on time. Run with `UIS_ARCHIVE_BENCH=1 swift test -c release --filter CompressionBenchmark`.
@Suite("Compression benchmark")
struct CompressionBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["UIS_ARCHIVE_BENCH"] != nil))
    func measureLevels() throws {
        let input = Corpus.bundle()
        let total = input.reduce(0) { $0 + $1.contents.count }
        print("corpus: \(input.count) files, \(total) bytes")
        let clock = ContinuousClock()
        for level in [1, 6, 9] {
            let options = ArchiveOptions(modificationTime: 0, compressionLevel: level)
            var size = 0
            var times: [Duration] = []
            _ = try TarGz.archive(input, options: options)  // warm-up
            for _ in 0..<30 {
                let start = clock.now
                size = try TarGz.archive(input, options: options).count
                times.append(clock.now - start)
            }
            times.sort()
            let median = times[times.count / 2]
            let ms = Double(median.components.attoseconds) / 1e15 + Double(median.components.seconds) * 1000
            let ratio = Double(size) / Double(total) * 100
            print("level \(level): \(size) bytes (\(String(format: "%.1f", ratio))%), median \(String(format: "%.2f", ms)) ms")
        }
    }
}
