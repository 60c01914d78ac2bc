import Foundation
import UISSpec

/// The configuration keys each Flink version really has, extracted from Flink's own jars by
/// `scripts/extract-flink-keys` into `Generated/flink-config-keys/` and embedded by `scripts/regenerate`.
package struct FlinkConfigKeys: Sendable {
    /// What a key is in one Flink version.
    package enum Lookup: Sendable, Equatable {
        case known
        /// A deprecated alias; the canonical key when known.
        case deprecated(canonical: String?)
        case unknown
    }

    /// One version's list, searched in place: the embedded text is sorted by key, so a lookup is a
    /// binary search over line offsets, and building the index is one pass over the bytes (parsing
    /// every line into sets cost ~1 ms, most of a small bundle's resolve stage).
    struct VersionKeys: Sendable {
        /// What a line says of its key.
        enum Kind: Sendable, Equatable { case current, deprecated, deprecatedAlias }
        /// One line: byte ranges of the key and of the rest.
        struct Line: Sendable {
            var keyStart: Int, keyEnd: Int, lineEnd: Int
        }

        let bytes: [UInt8]
        /// Lines sorted by key (as the file is).
        let lines: [Line]
        /// `<name>`-style keys, split at dots.
        let patterns: [[String]]

        init(_ text: String) {
            bytes = Array(text.utf8)
            var lines: [Line] = []
            var patterns: [[String]] = []
            var start = 0
            let count = bytes.count
            bytes.withUnsafeBufferPointer { b in
                while start < count {
                    var end = start
                    while end < count, b[end] != UInt8(ascii: "\n") { end += 1 }
                    var keyEnd = start
                    var hasPlaceholder = false
                    while keyEnd < end, b[keyEnd] != UInt8(ascii: " ") {
                        if b[keyEnd] == UInt8(ascii: "<") { hasPlaceholder = true }
                        keyEnd += 1
                    }
                    if keyEnd > start, b[start] != UInt8(ascii: "#") {
                        lines.append(Line(keyStart: start, keyEnd: keyEnd, lineEnd: end))
                        if hasPlaceholder {
                            patterns.append(String(decoding: b[start..<keyEnd], as: UTF8.self).split(separator: ".").map(String.init))
                        }
                    }
                    start = end + 1
                }
            }
            self.lines = lines
            self.patterns = patterns
        }

        func key(_ line: Line) -> String { String(decoding: bytes[line.keyStart..<line.keyEnd], as: UTF8.self) }

        /// The words after the key (`deprecated`, `deprecated-alias-of A,B`, `alias-of A`).
        func rest(_ line: Line) -> [Substring] {
            String(decoding: bytes[line.keyEnd..<line.lineEnd], as: UTF8.self).split(separator: " ")
        }

        func kind(_ line: Line) -> Kind {
            let words = rest(line)
            if words.first == "deprecated" { return .deprecated }
            if words.first == "deprecated-alias-of", words.count > 1 { return .deprecatedAlias }
            return .current
        }

        /// The line of `key`, by binary search.
        func find(_ key: String) -> Line? {
            var key = key
            return key.withUTF8 { k -> Line? in
                bytes.withUnsafeBufferPointer { b -> Line? in
                    var low = 0, high = lines.count
                    while low < high {
                        let mid = (low + high) / 2
                        let line = lines[mid]
                        let order = Self.compare(b, line.keyStart, line.keyEnd, k)
                        if order == 0 { return line }
                        if order < 0 { low = mid + 1 } else { high = mid }
                    }
                    return nil
                }
            }
        }

        /// Byte order of `b[start..<end]` against `key`: negative, zero or positive.
        private static func compare(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ key: UnsafeBufferPointer<UInt8>) -> Int {
            let length = min(end - start, key.count)
            for index in 0..<length where b[start + index] != key[index] {
                return Int(b[start + index]) - Int(key[index])
            }
            return (end - start) - key.count
        }
    }

    /// The lists, each parsed on first use: a run needs one Flink version's keys, and parsing all of
    /// them (~200 KB) at every start cost more than the rest of a small bundle.
    private final class Store: @unchecked Sendable {
        let lists: [FlinkVersion: String]
        let lock = NSLock()
        var parsed: [FlinkVersion: VersionKeys] = [:]

        init(lists: [FlinkVersion: String]) { self.lists = lists }

        func keys(_ version: FlinkVersion) -> VersionKeys? {
            lock.lock()
            defer { lock.unlock() }
            if let keys = parsed[version] { return keys }
            guard let text = lists[version] else { return nil }
            let keys = VersionKeys(text)
            parsed[version] = keys
            return keys
        }
    }

    private let store: Store

    /// Keys the Flink Kubernetes Operator forbids in `flinkConfiguration`.
    package static let operatorForbidden: Set<String> = ["kubernetes.namespace", "kubernetes.cluster-id", "high-availability.cluster-id"]

    /// Keys the original SDK invented, with what to use instead (flink-facts.md section 3.3).
    package static let inventedKeys: [String: String] = [
        "state.checkpointing.mode": "'execution.checkpointing.mode' (EXACTLY_ONCE or AT_LEAST_ONCE)",
        "state.checkpointing.interval": "'execution.checkpointing.interval'",
        "kafka.bootstrap.servers": "a sink's config.bootstrap_servers or provider.config.kafka_bootstrap_servers",
        "flink.debug.mode": "nothing: Flink has no debug mode key",
        "logging.level": "the log4j configuration (rootLogger.level)",
        "metrics.reporter.prometheus.enabled": "nothing: uis-gen always configures metrics.reporter.prom.factory.class",
    ]

    /// Parses the generated key lists (format in their header): one key a line, `#` comments,
    /// `KEY deprecated`, `KEY alias-of CANONICAL`, `KEY deprecated-alias-of CANONICAL[,…]`;
    /// `<name>`-style segments match any one segment.
    package init(lists: [FlinkVersion: String]) {
        store = Store(lists: lists)
    }

    /// The lists embedded in this build.
    package static let bundled = FlinkConfigKeys(lists: FlinkConfigKeysData.lists)

    /// What `key` is in `version`.
    package func lookup(_ key: String, version: FlinkVersion) -> Lookup {
        guard let keys = store.keys(version) else { return .unknown }
        if let line = keys.find(key) {
            switch keys.kind(line) {
            case .current: return .known
            case .deprecated: return .deprecated(canonical: nil)
            case .deprecatedAlias: return .deprecated(canonical: keys.rest(line)[1].split(separator: ",").first.map(String.init))
            }
        }
        let segments = key.split(separator: ".", omittingEmptySubsequences: false)
        for pattern in keys.patterns where pattern.count == segments.count {
            if zip(pattern, segments).allSatisfy({ $0.hasPrefix("<") || $0 == $1 }) { return .known }
        }
        return .unknown
    }

    /// True when `key` is a current or deprecated key of `version`.
    package func isKnown(_ key: String, version: FlinkVersion) -> Bool { lookup(key, version: version) != .unknown }

    /// The nearest current key, for "did you mean".
    package func closest(to key: String, version: FlinkVersion) -> String? {
        guard let keys = store.keys(version) else { return nil }
        var best: (String, Int)?
        for line in keys.lines where keys.kind(line) == .current {
            let candidate = keys.key(line)
            if candidate.contains("<") { continue }
            let d = Suggest.distance(key, candidate)
            if d < (best?.1 ?? Int.max) || (d == best?.1 && candidate < best!.0) { best = (candidate, d) }
        }
        guard let best, best.1 <= max(3, key.count / 3) else { return nil }
        return best.0
    }

    /// How many keys a version has (current + deprecated).
    package func count(_ version: FlinkVersion) -> Int { store.keys(version)?.lines.count ?? 0 }
}

/// The Flink configuration uis-gen writes for a job: real keys only, in a fixed order.
package struct FlinkConfigBuilder: Sendable {
    /// The settings it is built from (`configuration` is not read).
    package var settings: FlinkSettings
    /// The Flink job name.
    package var jobName: String

    /// Creates a builder.
    package init(settings: FlinkSettings, jobName: String) {
        self.settings = settings
        self.jobName = jobName
    }

    /// The Prometheus reporter's port (PodMonitor scrapes it).
    package static let prometheusPort = 9249

    /// Keys the operator derives from the FlinkDeployment itself; left out of `flinkConfiguration`.
    package static let operatorDerivedKeys: Set<String> = ["parallelism.default", "taskmanager.memory.process.size", "jobmanager.memory.process.size"]

    /// All entries; raw keys from the spec replace generated ones of the same key in place.
    package func entries() -> [ConfigEntry] {
        let s = settings
        let generated: [(String, String)] = [
            ("pipeline.name", jobName),
            ("parallelism.default", String(s.parallelism)),
            ("taskmanager.numberOfTaskSlots", String(s.taskSlots)),
            ("taskmanager.memory.process.size", s.taskManagerMemory),
            ("jobmanager.memory.process.size", s.jobManagerMemory),
            ("state.backend.type", "rocksdb"),
            ("execution.checkpointing.incremental", "true"),
            ("execution.checkpointing.interval", "\(s.checkpoint.intervalMs) ms"),
            ("execution.checkpointing.mode", "EXACTLY_ONCE"),
            ("execution.checkpointing.timeout", "\(s.checkpoint.timeoutMs) ms"),
            ("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"),
            ("execution.checkpointing.dir", s.checkpoint.dir),
            ("execution.checkpointing.savepoint-dir", s.savepointDir),
            ("restart-strategy.type", "exponential-delay"),
            ("restart-strategy.exponential-delay.initial-backoff", "1 s"),
            ("restart-strategy.exponential-delay.max-backoff", "1 min"),
            ("table.exec.state.ttl", "\(s.stateTTLMs) ms"),
            ("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory"),
            ("metrics.reporter.prom.port", String(Self.prometheusPort)),
        ]
        var entries = generated.map { ConfigEntry($0.0, $0.1) }
        for raw in s.rawKeys {
            if let i = entries.firstIndex(where: { $0.key == raw.key }) { entries[i].value = raw.value }
            else { entries.append(raw) }
        }
        return entries
    }
}
