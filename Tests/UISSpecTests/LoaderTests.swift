import Foundation
import Testing
@testable import UISSpec

@Suite("SpecLoader")
struct LoaderTests {
    let loader = SpecLoader()

    func parse(_ text: String, _ syntax: SpecLoader.Syntax = .yaml) throws -> SpecNode {
        try loader.parse(data: Data(text.utf8), file: "f", syntax: syntax)
    }

    @Test func jsonKeepsKeyOrderAndPositions() throws {
        let root = try parse("{\n  \"zeta\": 1,\n  \"alpha\": [true, null, 2.5],\n  \"mid\": {\"b\": \"x\", \"a\": \"y\"}\n}", .json)
        #expect(root.entries?.map(\.key) == ["zeta", "alpha", "mid"])
        #expect(root["mid"]?.entries?.map(\.key) == ["b", "a"])
        let alpha = try #require(root.entries?[1])
        #expect(alpha.keyLocation.line == 3 && alpha.keyLocation.column == 3)
        #expect(alpha.value.location.line == 3 && alpha.value.location.column == 12)
        #expect(alpha.value.items?.map { $0.scalar?.kind } == [.bool, .null, .float])
        #expect(root["zeta"]?.scalar?.kind == .int)
        #expect(root["mid"]?["b"]?.location.column == 16)
    }

    @Test func yamlKeepsKeyOrderAndPositions() throws {
        let root = try parse("z: 1\ny:\n  - a\n  - \"b\"\nx: {k: v}\nv: 1.1\nw: yes\n")
        #expect(root.entries?.map(\.key) == ["z", "y", "x", "v", "w"])
        let y = try #require(root["y"])
        #expect(y.location.line == 3 && y.location.column == 3)
        #expect(y.items?[1].location.line == 4 && y.items?[1].location.column == 5)
        #expect(root["x"]?["k"]?.location.column == 8)
        #expect(root["v"]?.scalar?.kind == .float)
        #expect(root["v"]?.scalar?.text == "1.1")
        // YAML 1.2 core schema: `yes` is a string
        #expect(root["w"]?.scalar?.kind == .string)
        let keys = try #require(root.entries)
        #expect(keys[3].keyLocation.line == 6 && keys[3].keyLocation.column == 1)
    }

    @Test func quotedNumbersStayStrings() throws {
        let root = try parse("a: \"1.1\"\nb: '4'\nc: 4\nd: !!str 5\n")
        #expect(root["a"]?.scalar?.kind == .string)
        #expect(root["b"]?.scalar?.kind == .string)
        #expect(root["c"]?.scalar?.kind == .int)
        #expect(root["d"]?.scalar?.kind == .string)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let root = try loader.parse(data: Data([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8)), file: "f", syntax: .yaml)
        #expect(root.entries?.first?.key == "a")
        #expect(root.entries?.first?.keyLocation.column == 1)
    }

    @Test(arguments: ["", "   \n\n\t\n"])
    func emptyFileIsAnError(text: String) {
        let errors = loadErrors(Data(text.utf8))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("the file is empty") == true)
        #expect(errors.first?.location?.line == 1)
    }

    @Test func commentOnlyFileHoldsNoDocument() {
        let errors = loadErrors(Data("# nothing here\n".utf8))
        #expect(errors.first?.message.contains("no document") == true)
    }

    @Test func binaryFileNamesTheNulByte() {
        let errors = loadErrors(Data(Array("a: 1\nb: ".utf8) + [0x00, 0x01]))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("binary file: it holds a NUL byte, expected YAML text") == true)
        #expect(errors.first?.location?.line == 2)
        #expect(errors.first?.location?.column == 4)
    }

    @Test func invalidUTF8NamesByteOffsetAndLine() {
        // "name: J" then a Latin-1 ü (0xFC) at byte 13 of line 2
        let bytes = Array("version: 1\nname: J".utf8) + [0xFC] + Array("rgen\n".utf8)
        let errors = loadErrors(Data(bytes))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("invalid UTF-8 at byte 18 (line 2, column 8)") == true)
        #expect(errors.first?.location?.line == 2)
        #expect(errors.first?.location?.column == 8)
    }

    @Test func invalidUTF8OffsetCountsTheByteOrderMark() {
        let errors = loadErrors(Data([0xEF, 0xBB, 0xBF, 0x61, 0xC0, 0x80]))
        #expect(errors.first?.message.contains("invalid UTF-8 at byte 4 ") == true)
    }

    @Test(arguments: [
        ([0x61, 0xC3], 1),             // truncated 2-byte sequence
        ([0xE2, 0x82, 0x61], 0),       // truncated 3-byte sequence
        ([0x61, 0x62, 0xED, 0xA0, 0x80], 2), // UTF-16 surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0), // above U+10FFFF
        ([0x63, 0xC1, 0xBF], 1),       // overlong
        ([0xC3, 0xBC, 0xE2, 0x82, 0xAC, 0xFF], 5),
    ] as [([UInt8], Int)])
    func firstInvalidUTF8(bytes: [UInt8], offset: Int) {
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        #expect(SpecLoader.firstInvalidUTF8(bytes) == offset)
    }

    @Test func sizeCapIsEnforced() {
        var limits = LoadLimits()
        limits.maxBytes = 64
        let errors = loadErrors(Data(String(repeating: "a: 1\n", count: 20).utf8), limits: limits)
        #expect(errors.first?.message == "input is 100 bytes, larger than the 64-byte limit for a spec")
    }

    @Test func sizeCapIsCheckedBeforeReadingAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("uis-big-\(UUID().uuidString).yaml")
        try Data(String(repeating: "# padding\n", count: 20).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var limits = LoadLimits()
        limits.maxBytes = 100
        #expect(throws: DiagnosticsError.self) { try SpecLoader(limits: limits).load(path: url.path) }
        do { _ = try SpecLoader(limits: limits).load(path: url.path) } catch {
            #expect(error.diagnostics.first?.message == "file is 200 bytes, larger than the 100-byte limit for a spec")
        }
    }

    @Test func billionLaughsFailsFast() {
        var lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
        var previous = "a"
        for level in 0..<10 {
            let name = String(UnicodeScalar(UInt8(ascii: "b") + UInt8(level)))
            lines.append("\(name): &\(name) [" + Array(repeating: "*" + previous, count: 9).joined(separator: ",") + "]")
            previous = name
        }
        let clock = ContinuousClock()
        var errors: [Diagnostic] = []
        let elapsed = clock.measure { errors = loadErrors(Data(lines.joined(separator: "\n").utf8)) }
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("expands to more than 2000000 nodes") == true)
        // no timing assertion; printed so a regression to expanding the tree shows in the log
        print("billion laughs rejected in \(elapsed)")
    }

    @Test func aliasesWithinLimitsAreExpanded() throws {
        let root = try parse("base: &b {x: 1, y: [a, b]}\ncopy: *b\n")
        #expect(root["copy"]?["y"]?.items?.count == 2)
        #expect(root["copy"]?["x"]?.scalar?.text == "1")
    }

    @Test func nodeLimitCountsExpandedNodes() {
        var limits = LoadLimits()
        limits.maxNodes = 50
        let errors = loadErrors(Data("a: &a [1,2,3,4,5,6,7,8,9,10]\nb: [*a, *a, *a, *a, *a]\n".utf8), limits: limits)
        #expect(errors.first?.message.contains("expands to more than 50 nodes") == true)
    }

    @Test func deepFlowNestingFailsWithoutCrashing() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        for syntax in [SpecLoader.Syntax.json, .yaml] {
            let errors = loadErrors(Data(text.utf8), syntax: syntax)
            #expect(errors.count == 1)
            #expect(errors.first?.message.contains("nesting is too deep (more than 64 levels)") == true)
        }
    }

    @Test func deepBlockNestingFailsWithoutCrashing() {
        let compact = String(repeating: "- ", count: 5_000) + "x\n"
        let indented = (0..<5_000).map { String(repeating: " ", count: $0) + "-\n" }.joined() + String(repeating: " ", count: 5_000) + "x\n"
        for text in [compact, indented] {
            let errors = loadErrors(Data(text.utf8))
            #expect(errors.count == 1)
            #expect(errors.first?.message.contains("nesting is too deep") == true)
        }
    }

    @Test func nestingJustOverTheLimitIsCaughtByTheConverter() {
        // 70 levels: under the rough pre-check (4 × 64) but over the exact limit
        let text = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        let errors = loadErrors(Data(text.utf8), syntax: .json)
        #expect(errors.first?.message.contains("nesting is deeper than 64 levels") == true)
    }

    @Test func nestingWithinTheLimitIsFine() throws {
        let text = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        _ = try parse(text, .json)
    }

    @Test func duplicateKeysAreAnError() {
        let errors = loadErrors(Data("a: 1\nb: 2\na: 3\n".utf8))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("duplicate key 'a' in one mapping") == true)
        let json = loadErrors(Data("{\"a\": 1, \"a\": 2}".utf8), syntax: .json)
        #expect(json.first?.message.contains("duplicate key 'a'") == true)
    }

    @Test func syntaxErrorHasItsPosition() {
        let errors = loadErrors(Data("a: 1\nb: [1, 2\nc: 3\n".utf8))
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("invalid YAML:") == true)
        #expect((errors.first?.location?.line ?? 0) >= 2)
        let json = loadErrors(Data("{\"a\": 1,,}".utf8), syntax: .json)
        #expect(json.first?.message.hasPrefix("invalid JSON:") == true)
    }

    @Test func complexKeysAreRejected() {
        let errors = loadErrors(Data("? [a, b]\n: 1\n".utf8))
        #expect(errors.first?.message.contains("a mapping key must be a plain string, not a list") == true)
    }

    @Test func syntaxFromFileName() {
        #expect(SpecLoader.syntax(forPath: "a.JSON") == .json)
        #expect(SpecLoader.syntax(forPath: "a.yml") == .yaml)
        #expect(SpecLoader.syntax(forPath: "-") == .yaml)
        #expect(SpecLoader.syntax(forPath: "a.txt") == nil)
    }

    @Test func missingFileAndDirectory() {
        let reader = SpecReader()
        #expect(reader.read(path: "/nonexistent/spec.yaml").diagnostics.first?.message == "no such file")
        #expect(reader.read(path: "/tmp/x.toml").diagnostics.first?.message.contains("cannot tell the spec format") == true)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uis-dir-\(UUID().uuidString).yaml")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(reader.read(path: dir.path).diagnostics.first?.message.contains("is a directory") == true)
    }

    /// Specs are composed on the caller's stack up to `callerStackDepth`: the examples must be well
    /// within it, and a document right at it must compose on a small-stack worker thread (batch mode).
    @Test func ordinaryDepthComposesOnTheCallersStack() throws {
        for example in ["realtime-analytics.json", "orders-cdc.yaml", "clickstream-kafka.yaml", "payments-webhook.yaml", "hostile-names.yaml"] {
            let text = try String(contentsOfFile: "Examples/" + example, encoding: .utf8)
            #expect(SpecLoader.roughNestingDepth(text)! <= SpecLoader.callerStackDepth / 2, "\(example)")
        }
        let depth = SpecLoader.callerStackDepth
        let flow = String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth)
        let block = (0..<depth).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n"
        for text in [flow, block] {
            #expect(SpecLoader.roughNestingDepth(text)! <= depth)
            let composed = LockedCount()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                if (try? SpecLoader().parse(data: Data(text.utf8), file: "deep.yaml", syntax: .yaml)) != nil { composed.add() }
            }
            #expect(composed.value == 4)
        }
    }

    @Test func roughNestingIgnoresBracketsInStringsAndComments() {
        let text = "a: \"[[[[[[\"\nb: '{{{{{{' # [[[[[[[\nc: [1]\n"
        #expect(SpecLoader.roughNestingDepth(text) == 1)
    }
}

/// A counter several threads add to.
final class LockedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
