import Foundation

/// Rules shared by the decoder, the JSON Schema and `init`.
package enum SpecRules {
    /// Accepted spec versions.
    package static let versions = ["1.0", "1.1"]
    /// Longest pipeline name.
    package static let maxNameLength = 45
    /// The pattern of a pipeline name.
    package static let namePattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
    /// The pattern of an output column.
    package static let columnPattern = "^[A-Za-z_][A-Za-z0-9_]*$"
    /// The pattern of a Kafka topic.
    package static let topicPattern = "^[a-zA-Z0-9._-]{1,249}$"
    /// The pattern of a secret placeholder's name.
    package static let secretNamePattern = "[A-Za-z0-9_.-]+"
    /// The column every sink table gets, naming the endpoint a row came from.
    package static let endpointColumn = "uis_endpoint"
    /// Accepted parallelism.
    package static let parallelismRange = 1...4096
    /// Iceberg catalog types.
    package static let icebergCatalogTypes = ["rest", "hive", "hadoop"]
    /// Kafka sink formats.
    package static let kafkaFormats = ["json", "avro"]
    /// Longest Kubernetes namespace name.
    package static let maxNamespaceLength = 63
    /// Accepted `provider.config.task_slots`.
    package static let taskSlotsRange = 1...1024
    /// Accepted `checkpoint_interval_ms` and `checkpoint_timeout_ms`.
    package static let checkpointMillisRange = 10...Int(Int32.max)
    /// Accepted `state_ttl_ms` (0 disables the retention).
    package static let stateTTLRange = 0...Int(Int64(1) << 50)
    /// Accepted `max_out_of_orderness_ms`.
    package static let outOfOrdernessRange = 0...Int(Int32.max)
    /// Accepted `processing_delay_threshold_ms`.
    package static let delayThresholdRange = 1...Int(Int32.max)
    /// Accepted `checkpoint_failure_threshold`.
    package static let checkpointFailureRange = 1...1_000_000
    /// Accepted Kafka `transaction_timeout_ms`.
    package static let transactionTimeoutRange = 1_000...Int(Int32.max)
    /// The exactly-once Kafka transaction timeout when the spec sets none: the brokers' default
    /// `transaction.max.timeout.ms` (15 minutes), the longest a producer may ask for without broker changes.
    package static let defaultTransactionTimeoutMs = 900_000
    /// Accepted ClickHouse `batch_size`.
    package static let batchSizeRange = 1...10_000_000

    /// True for a lowercase DNS-1123 label of at most 45 characters.
    package static func isValidName(_ name: String) -> Bool {
        isDNSLabel(name, maxLength: maxNameLength)
    }

    /// True for a lowercase DNS-1123 label (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`) of at most `maxLength` characters.
    package static func isDNSLabel(_ name: String, maxLength: Int) -> Bool {
        guard !name.isEmpty, name.count <= maxLength else { return false }
        let chars = Array(name.utf8)
        func ok(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) }
        guard ok(chars.first!), ok(chars.last!) else { return false }
        return chars.allSatisfy { ok($0) || $0 == 0x2D }
    }

    /// True for `[A-Za-z_][A-Za-z0-9_]*`.
    package static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, first == UInt8(ascii: "_") || isASCIILetter(first) else { return false }
        return text.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isASCIILetter($0) || isASCIIDigit($0) }
    }

    /// True for a Flink connector identifier (`kafka`, `http-webhook`, `clickhouse`): `[A-Za-z0-9._-]+`.
    package static func isConnectorIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { isASCIILetter($0) || isASCIIDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// True for a Kafka topic name.
    package static func isValidTopic(_ topic: String) -> Bool {
        guard !topic.isEmpty, topic.utf8.count <= 249, topic != ".", topic != ".." else { return false }
        return topic.utf8.allSatisfy { isASCIILetter($0) || isASCIIDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// `[A-Za-z]` (byte tests: Unicode property look-ups were a measurable part of decoding a large spec).
    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    /// `[0-9]`.
    @inline(__always) static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// A lowercase SQL identifier from any name: every character outside `[A-Za-z0-9_]` becomes `_`
    /// (one per Unicode scalar), and a leading digit gets a `_` before it.
    package static func normalisedIdentifier(_ name: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count + 1)
        for scalar in name.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                if isASCIILetter(byte) { out.append(byte | 0x20) }
                else if isASCIIDigit(byte) || byte == UInt8(ascii: "_") { out.append(byte) }
                else { out.append(UInt8(ascii: "_")) }
            } else {
                out.append(UInt8(ascii: "_"))
            }
        }
        if let first = out.first, isASCIIDigit(first) { out.insert(UInt8(ascii: "_"), at: 0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first `${NAME}` (NAME = `[A-Za-z_][A-Za-z0-9_]*`) in a string: the SQL runner replaces such a
    /// reference by an environment variable wherever it stands in the script (literals and quoted
    /// identifiers included), so text that reaches the SQL as written must not hold one.
    package static func runnerReference(in text: String) -> String? { runnerReferences(in: text).first }

    /// Secret placeholders `{{name}}` in a string, in order.
    package static func secretNames(in text: String) -> [String] {
        placeholders(in: text).compactMap { $0.valid ? $0.name : nil }
    }

    /// Every `{{…}}` run in a string, valid or not.
    package static func placeholders(in text: String) -> [(name: String, valid: Bool)] {
        placeholderSpans(in: text).map { ($0.name, $0.valid) }
    }

    /// Every `{{…}}` run with its range (`{{` to the first `}}` after it), in one linear pass.
    package static func placeholderSpans(in text: String) -> [(range: Range<String.Index>, name: String, valid: Bool)] {
        var result: [(Range<String.Index>, String, Bool)] = []
        let utf8 = text.utf8
        var i = utf8.startIndex
        var open: String.Index?
        while i != utf8.endIndex {
            let next = utf8.index(after: i)
            guard next != utf8.endIndex else { break }
            if open == nil, utf8[i] == UInt8(ascii: "{"), utf8[next] == UInt8(ascii: "{") {
                open = i
                i = utf8.index(after: next)
                continue
            }
            if let start = open, utf8[i] == UInt8(ascii: "}"), utf8[next] == UInt8(ascii: "}") {
                let nameStart = utf8.index(start, offsetBy: 2)
                let name = String(text[nameStart..<i])
                let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)) }
                let end = utf8.index(after: next)
                result.append((start..<end, name, valid))
                open = nil
                i = end
                continue
            }
            i = next
        }
        return result
    }

    /// Every `${NAME}` reference the SQL runner would substitute, in order (one linear pass).
    package static func runnerReferences(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var result: [String] = []
        var i = 0
        func word(_ s: Unicode.Scalar, first: Bool) -> Bool {
            s.isASCII && (s == "_" || s.properties.isAlphabetic || (!first && ("0"..."9").contains(s)))
        }
        while i + 1 < scalars.count {
            if scalars[i] == "$", scalars[i + 1] == "{" {
                var j = i + 2
                while j < scalars.count, word(scalars[j], first: j == i + 2) { j += 1 }
                if j > i + 2, j < scalars.count, scalars[j] == "}" {
                    var out = String.UnicodeScalarView()
                    out.append(contentsOf: scalars[i...j])
                    result.append(String(out))
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        return result
    }

    /// True for a memory size Flink parses (`8g`, `2048m`, `4096 mb`).
    package static func isMemorySize(_ text: String) -> Bool {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        let digits = lower.prefix { $0.isNumber }
        guard !digits.isEmpty, let value = Int(digits), value > 0 else { return false }
        let unit = lower.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        return ["", "b", "bytes", "k", "kb", "kibibytes", "m", "mb", "mebibytes", "g", "gb", "gibibytes", "t", "tb", "tebibytes"].contains(unit)
    }
}
