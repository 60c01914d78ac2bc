import Foundation
import Testing
import UISSpec
import UISTestSupport

/// Every JSON file uis-gen writes (job config, bundle.json, spec.json, the DolphinScheduler files, the JSON
/// Schema) is encoded from a `JSONValue`, never templated, so the encoder alone decides whether it is valid
/// JSON. This checks the encoder against Foundation's parser on random values: whatever it writes parses,
/// and parses back to the same value. (It replaces the self-check's run-time JSON syntax check.)
@Suite struct JSONValueTests {
    /// Strings that stress escaping: quotes, backslashes, every control character, DEL, U+2028/9, non-BMP.
    static let pieces: [String] = ["a", "Z9", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1F}",
                                   "\u{7F}", "\u{80}", "é", "\u{2028}", "\u{2029}", "\u{E2}", "€", "🚀", "{{x}}", "${Y}", "'", "`", "\u{FEFF}"]

    static func randomString(_ random: inout SplitMix64) -> String {
        (0..<random.below(6)).map { _ in random.pick(pieces) }.joined()
    }

    static func randomValue(_ random: inout SplitMix64, depth: Int = 0) -> JSONValue {
        switch random.below(depth > 3 ? 6 : 8) {
        case 0: return .string(randomString(&random))
        case 1: return .int(random.pick([0, -1, 1, Int.max, Int.min, 9_007_199_254_740_993, random.int(-1000...1000)]))
        case 2: return .double(random.pick([0.5, -2.25, 1.0, 1e-7, 123456.789, 6.02e23, Double(random.int(-99...99)) / 8]))
        case 3: return .number(random.pick(["1.0", "1.20", "2.2", "0", "-3", "1e3"]))
        case 4: return .bool(random.bool())
        case 5: return .null
        case 6: return .array((0..<random.below(4)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var keys = Set<String>()
            let pairs: [(String, JSONValue)] = (0..<random.below(4)).compactMap { _ in
                let key = randomString(&random)
                guard keys.insert(key).inserted else { return nil }
                return (key, randomValue(&random, depth: depth + 1))
            }
            return .object(pairs)
        }
    }

    /// Whether Foundation's parse of the encoded text is the value itself.
    static func matches(_ value: JSONValue, _ parsed: Any) -> Bool {
        switch value {
        case let .string(s): return (parsed as? String) == s
        case let .int(i): return (parsed as? NSNumber).map { $0.int64Value == Int64(i) && $0.stringValue == String(i) } ?? false
        case let .double(d): return (parsed as? NSNumber)?.doubleValue == d
        case let .number(n): return (parsed as? NSNumber)?.doubleValue == Double(n)
        case let .bool(b): return (parsed as? Bool) == b || (parsed as? NSNumber)?.boolValue == b
        case .null: return parsed is NSNull
        case let .array(items):
            guard let array = parsed as? [Any], array.count == items.count else { return false }
            return zip(items, array).allSatisfy { matches($0, $1) }
        case let .object(pairs):
            guard let object = parsed as? [String: Any], object.count == pairs.count else { return false }
            return pairs.allSatisfy { key, item in object[key].map { matches(item, $0) } ?? false }
        }
    }

    @Test func encoderOutputParsesBackToTheSameValue() throws {
        let cases = ProcessInfo.processInfo.environment["UIS_JSON_CASES"].flatMap(Int.init) ?? 4_000
        var random = SplitMix64(seed: 0x150_4E)
        for round in 0..<cases {
            let value = Self.randomValue(&random)
            for sorted in [false, true] {
                let text = value.encoded(sortingKeys: sorted)
                let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
                let same = parsed.map { Self.matches(value, $0) } ?? false
                if !same { print("JSONValueTests: round \(round) (UIS_JSON_CASES) failed: \(text.debugDescription) parsed as \(String(describing: parsed))") }
                #expect(same, "round \(round): \(text)")
                if !same { return }
            }
        }
    }

    /// `sortingKeys` orders keys by their UTF-8 bytes at every level; without it, insertion order stays.
    @Test func keyOrder() {
        let value: JSONValue = ["b": 1, "a": ["é": true, "z": false], "B": .null]
        #expect(value.encoded() == "{\n  \"b\": 1,\n  \"a\": {\n    \"é\": true,\n    \"z\": false\n  },\n  \"B\": null\n}\n")
        #expect(value.encoded(sortingKeys: true) == "{\n  \"B\": null,\n  \"a\": {\n    \"z\": false,\n    \"é\": true\n  },\n  \"b\": 1\n}\n")
    }
}
