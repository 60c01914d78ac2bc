import PropertyBased
import Testing
@testable import UISSpec
import UISTestSupport

/// A random Flink type, bounded in depth.
func randomFlinkType(_ rng: inout SplitMix64, depth: Int = 0) -> FlinkType {
    let nullable = rng.int(0...3) != 0
    let leaf = depth >= 3 || rng.int(0...2) != 0
    if leaf {
        switch rng.int(0...9) {
        case 0: return .primitive(name: rng.pick(["STRING", "BOOLEAN", "BYTES", "TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "DATE"]), parameters: [], suffix: "", nullable: nullable)
        case 1: return .primitive(name: rng.pick(["CHAR", "VARCHAR", "BINARY", "VARBINARY"]), parameters: rng.bool() ? [] : [rng.int(1...70_000)], suffix: "", nullable: nullable)
        case 2:
            let p = rng.int(1...38)
            return .primitive(name: "DECIMAL", parameters: rng.bool() ? [p] : [p, rng.int(0...p)], suffix: "", nullable: nullable)
        case 3: return .primitive(name: "TIMESTAMP", parameters: rng.bool() ? [] : [rng.int(0...9)], suffix: rng.bool() ? "" : "WITH LOCAL TIME ZONE", nullable: nullable)
        case 4: return .primitive(name: "TIMESTAMP_LTZ", parameters: rng.bool() ? [] : [rng.int(0...9)], suffix: "", nullable: nullable)
        case 5: return .primitive(name: "TIME", parameters: rng.bool() ? [] : [rng.int(0...9)], suffix: "", nullable: nullable)
        case 6: return .primitive(name: rng.pick(["INTERVAL DAY TO SECOND", "INTERVAL YEAR TO MONTH", "INTERVAL HOUR", "INTERVAL DAY(2) TO SECOND"]), parameters: rng.bool() ? [] : [rng.int(0...9)], suffix: "", nullable: nullable)
        default: return .primitive(name: "BIGINT", parameters: [], suffix: "", nullable: nullable)
        }
    }
    switch rng.int(0...3) {
    case 0: return .array(randomFlinkType(&rng, depth: depth + 1), nullable: nullable)
    case 1: return .multiset(randomFlinkType(&rng, depth: depth + 1), nullable: nullable)
    case 2: return .map(randomFlinkType(&rng, depth: depth + 1), randomFlinkType(&rng, depth: depth + 1), nullable: nullable)
    default:
        let names = ["a", "timestamp", "value", "user id", "we`ird", "ÄÖ", "row", "NULL", "x1", "_"]
        let fields = (0..<rng.int(0...4)).map { _ in
            FlinkType.RowField(name: rng.pick(names), type: randomFlinkType(&rng, depth: depth + 1),
                               description: rng.int(0...3) == 0 ? rng.pick(["desc", "it's", ""]) : nil)
        }
        return .row(fields, nullable: nullable)
    }
}

@Suite("Properties")
struct PropertyTests {
    @Test func flinkTypeRoundTripsThroughSQL() async {
        await propertyCheck(count: 500, input: Gen<UInt64>.value(in: 0...UInt64.max)) { seed in
            var rng = SplitMix64(seed: seed)
            let type = randomFlinkType(&rng)
            let parsed = FlinkType.parse(type.sql)
            #expect((try? parsed.get()) == type, "\(type.sql) → \(parsed)")
        }
    }

    static let anyString = Gen<Character>.oneOf(Gen.letterOrNumber.map { $0 ?? "x" }, Gen.element(of: [" ", ".", "\"", "\\", "\n", "-", "_", "[", "é", "😀"]).map { $0 ?? "." })

    @Test func distanceIsZeroOnEqualAndSymmetric() async {
        await propertyCheck(input: Self.anyString.string(of: 0...12), Self.anyString.string(of: 0...12)) { a, b in
            #expect(Suggest.distance(a, a) == 0)
            #expect(Suggest.distance(a, b) == Suggest.distance(b, a))
            #expect(Suggest.distance(a, b) <= max(a.count, b.count))
            #expect(Suggest.distance(a, b) >= abs(a.count - b.count))
            if a.lowercased() != b.lowercased() { #expect(Suggest.distance(a, b) > 0) }
        }
    }

    @Test func distanceTriangleInequality() async {
        await propertyCheck(input: Gen.letter.map { $0 ?? "a" }.string(of: 0...6), Gen.letter.map { $0 ?? "a" }.string(of: 0...6), Gen.letter.map { $0 ?? "a" }.string(of: 0...6)) { a, b, c in
            #expect(Suggest.distance(a, c) <= Suggest.distance(a, b) + Suggest.distance(b, c))
        }
    }

    @Test func closestFindsAnExactCandidate() async {
        await propertyCheck(input: Gen.lowercaseLetter.string(of: 1...10)) { word in
            #expect(Suggest.closest(to: word, in: ["zzzzzzzzzzzzzzzzzzzz", word]) == word)
        }
    }

    @Test func childPathOfPlainKeyIsDotted() async {
        let plainChar = Gen<Character>.oneOf(Gen.letterOrNumber.map { $0 ?? "a" }, Gen.element(of: ["_", "-"]).map { $0 ?? "_" })
        await propertyCheck(input: plainChar.string(of: 1...10), Gen.lowercaseLetter.string(of: 0...5)) { key, parent in
            #expect(SpecPath.child(parent, key) == (parent.isEmpty ? key : parent + "." + key))
        }
    }

    @Test func childPathQuotesAnyOtherKeyReversibly() async {
        await propertyCheck(input: Self.anyString.string(of: 0...10)) { key in
            let path = SpecPath.child("p", key)
            let plain = !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            if plain { #expect(path == "p." + key) } else {
                #expect(path.hasPrefix("p[\"") && path.hasSuffix("\"]"))
                // unescaping gives the key back
                var inner = Substring(path.dropFirst(3).dropLast(2))
                var out = ""
                while let c = inner.popFirst() {
                    if c == "\\", let n = inner.popFirst() { out.append(n == "n" ? "\n" : n) } else { out.append(c) }
                }
                #expect(out == key)
                #expect(!path.contains("\n"))
            }
        }
    }

    @Test func indexPath() async {
        await propertyCheck(input: Gen.int(in: 0...10_000)) { i in
            #expect(SpecPath.index("provider.endpoints", i) == "provider.endpoints[\(i)]")
        }
    }

    @Test func normalisedIdentifierIsAnIdentifier() async {
        await propertyCheck(input: Self.anyString.string(of: 1...12)) { name in
            let id = SpecRules.normalisedIdentifier(name)
            #expect(SpecRules.isIdentifier(id), "\(name) → \(id)")
            #expect(SpecRules.normalisedIdentifier(id) == id)
        }
    }
}
