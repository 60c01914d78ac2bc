import Foundation
import Testing
import UISBundle
import UISCompiler
import UISSpec
import UISText
import UISTestSupport

/// Mutation fuzzing of the whole in-process pipeline (load → decode → resolve → render + self-check)
/// over the example specs. Each input is one example with 1–4 tree mutations (drop, duplicate, retype,
/// long strings, deep nesting, huge numbers, hostile text, copied subtrees, repeated list items) written
/// as JSON or YAML, and sometimes byte mutations on top (invalid UTF-8, truncation, flipped bytes, NUL).
///
/// It asserts: nothing traps (a trap ends the test process), no input takes longer than the hang guard,
/// every error has a message and — past the loader, whose errors are about the whole file — a spec
/// path, and a spec that resolves renders a bundle that passes its self-check.
///
/// Short run (the default, part of `swift test`): 1,000 inputs. Long run:
///   UIS_FUZZ_ITERATIONS=20000 swift test --filter FuzzTests
/// `UIS_FUZZ_SEED=<n>` replays a run; the seed is printed at the start.
@Suite struct FuzzTests {
    @Test func mutatedExamplesNeverTrapHangOrFailSilently() throws {
        let env = ProcessInfo.processInfo.environment
        let iterations = env["UIS_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 1_000
        let seed = env["UIS_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EED_1234
        print("FuzzTests: \(iterations) inputs, seed \(seed) (UIS_FUZZ_SEED=\(seed) replays)")
        let options = BundlePipelineOptions(templates: try TemplateSet.bundled.get())
        let examples: [(name: String, tree: FuzzNode)] = try examplePaths().map { path in
            let root = try SpecLoader().load(path: repositoryRoot.appendingPathComponent(path).path)
            return (path, FuzzNode(root))
        }
        #expect(!examples.isEmpty)
        // A generous per-input bound that only a hang or a quadratic blow-up crosses (a debug build renders the
        // slowest inputs, 100,000-character strings copied into every alert, in about 1 s).
        let hangGuard = 5.0
        var rng = SplitMix64(seed: seed)
        let watchdog = Watchdog(limit: 60)
        var stats = FuzzStats()
        var failures: [String] = []
        let started = Date()
        for iteration in 0..<iterations {
            let example = examples[Int(rng.next() % UInt64(examples.count))]
            var tree = example.tree
            let mutations = 1 + Int(rng.next() % 4)
            var applied: [String] = []
            for _ in 0..<mutations { applied.append(tree.mutate(&rng)) }
            let asYAML = rng.next() % 2 == 0
            var bytes = Array((asYAML ? tree.yaml() : tree.json()).utf8)
            if rng.next() % 5 == 0 { applied.append(mutateBytes(&bytes, &rng)) }
            let file = asYAML ? "fuzz.yaml" : "fuzz.json"
            let label = "iteration \(iteration) (\(example.name): \(applied.joined(separator: ", ")))"

            watchdog.begin(label)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let outcome = runPipeline(Data(bytes), file: file, options: options)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            watchdog.end()

            if seconds > hangGuard || !outcome.problems.isEmpty {  // keep failing inputs for replay and profiling
                let dump = FileManager.default.temporaryDirectory.appendingPathComponent("uis-fuzz-slow-\(seed)-\(iteration)-" + file)
                try? Data(bytes).write(to: dump)
                print("FuzzTests: \(label) took \(String(format: "%.2f", seconds)) s\(outcome.problems.isEmpty ? "" : " and failed"); input kept at \(dump.path)")
            }
            stats.record(outcome, seconds: seconds, label: label)
            for problem in outcome.problems where failures.count < 20 { failures.append("\(label): \(problem)") }
        }
        let total = Date().timeIntervalSince(started)
        print("FuzzTests: \(iterations) inputs in \(String(format: "%.1f", total)) s; \(stats.summary)")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(stats.maxSeconds < hangGuard, "slowest input took \(stats.maxSeconds) s: \(stats.slowest)")
    }
}

// MARK: - one input

struct FuzzOutcome {
    enum Stage: String { case loader, decoder, resolver, rendered }
    var stage: Stage
    var problems: [String] = []
}

/// Records which stages a run reached.
struct StageRecorder: BundleStageObserver {
    var reached: Set<BundleStage> = []
    mutating func measure<T>(_ stage: BundleStage, _ body: () -> T) -> T {
        reached.insert(stage)
        return body()
    }
}

/// One input through the library's entry point, as `uis-gen bundle` runs it.
func runPipeline(_ data: Data, file: String, options: BundlePipelineOptions) -> FuzzOutcome {
    var problems: [String] = []
    func check(_ diagnostics: [Diagnostic], needPath: Bool) {
        for d in diagnostics {
            if d.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("a \(d.severity) without a message at '\(d.path)'") }
            // the root's own type error is about the whole file, like the loader's
            let wholeFile = d.message.hasPrefix("the spec must be a mapping")
            if needPath && d.path.isEmpty && !wholeFile { problems.append("a \(d.severity) without a spec path: \(d.message)") }
        }
    }
    var recorder = StageRecorder()
    let result = BundlePipeline.run(.data(data, file: file), options: options, observer: &recorder)
    let hasError = result.diagnostics.contains { $0.severity == .error }
    guard result.spec != nil else {
        let loaded = recorder.reached.contains(.validate)
        check(result.diagnostics, needPath: loaded)
        if !hasError { problems.append("the \(loaded ? "decoder" : "loader") rejected the spec without an error") }
        return FuzzOutcome(stage: loaded ? .decoder : .loader, problems: problems)
    }
    guard result.pipeline != nil else {
        check(result.diagnostics, needPath: true)
        if !hasError { problems.append("the resolver rejected the spec without an error") }
        return FuzzOutcome(stage: .resolver, problems: problems)
    }
    check(result.diagnostics, needPath: true)
    if result.bundle == nil {
        problems.append("a valid spec failed to render or its self-check: \(result.diagnostics.map(\.formatted).joined(separator: "\n").prefix(600))")
    }
    return FuzzOutcome(stage: .rendered, problems: problems)
}

struct FuzzStats {
    var counts: [FuzzOutcome.Stage: Int] = [:]
    var maxSeconds = 0.0
    var slowest = ""
    mutating func record(_ outcome: FuzzOutcome, seconds: Double, label: String) {
        counts[outcome.stage, default: 0] += 1
        if seconds > maxSeconds { maxSeconds = seconds; slowest = label }
    }
    var summary: String {
        let stages = [FuzzOutcome.Stage.loader, .decoder, .resolver, .rendered].map { "\($0.rawValue) \(counts[$0] ?? 0)" }
        return "stopped at: " + stages.joined(separator: ", ") + String(format: "; slowest input %.3f s", maxSeconds) + " (\(slowest.prefix(200)))"
    }
}

/// Aborts the process with the current input's label when one input runs longer than `limit` seconds,
/// so a hang reports which input (and, with the printed seed, how to replay it).
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (label: String, start: Date)?
    init(limit: TimeInterval) {
        let thread = Thread { [weak self] in
            while let self {
                Thread.sleep(forTimeInterval: 1)
                self.lock.lock()
                let running = self.current
                self.lock.unlock()
                if let running, Date().timeIntervalSince(running.start) > limit {
                    FileHandle.standardError.write(Data("FuzzTests: HANG > \(limit) s at \(running.label)\n".utf8))
                    abort()
                }
            }
        }
        thread.start()
    }
    func begin(_ label: String) { lock.lock(); current = (label, Date()); lock.unlock() }
    func end() { lock.lock(); current = nil; lock.unlock() }
}

// MARK: - random numbers

extension SplitMix64 {
    /// `text` with one to four bytes removed, inserted (from `alphabet`) or replaced.
    mutating func mutated(_ text: String, alphabet: [UInt8]) -> String {
        var bytes = Array(text.utf8)
        for _ in 0...below(3) where !bytes.isEmpty {
            let at = below(bytes.count)
            switch below(3) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(pick(alphabet), at: at)
            default: bytes[at] = pick(alphabet)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

// MARK: - the mutable tree

/// A spec tree the fuzzer edits and writes back as JSON or YAML (keys may repeat; numbers stay raw text).
indirect enum FuzzNode {
    case map([(String, FuzzNode)])
    case list([FuzzNode])
    case string(String)
    case raw(String)  // a number, bool or null, written as is

    init(_ node: SpecNode) {
        switch node.value {
        case let .mapping(entries): self = .map(entries.map { ($0.key, FuzzNode($0.value)) })
        case let .sequence(items): self = .list(items.map(FuzzNode.init))
        case let .scalar(text, kind):
            switch kind {
            case .string: self = .string(text)
            case .null: self = .raw("null")
            case .bool: self = .raw(text.lowercased() == "true" ? "true" : "false")
            case .int, .float: self = Double(text) != nil || Int(text) != nil ? .raw(text) : .string(text)
            }
        }
    }

    // paths: list of child indices
    func paths(_ prefix: [Int] = [], into out: inout [[Int]]) {
        out.append(prefix)
        switch self {
        case let .map(entries): for (i, e) in entries.enumerated() { e.1.paths(prefix + [i], into: &out) }
        case let .list(items): for (i, item) in items.enumerated() { item.paths(prefix + [i], into: &out) }
        default: break
        }
    }

    subscript(path: ArraySlice<Int>) -> FuzzNode {
        get {
            guard let first = path.first else { return self }
            switch self {
            case let .map(entries): return entries[first].1[path.dropFirst()]
            case let .list(items): return items[first][path.dropFirst()]
            default: return self
            }
        }
        set {
            guard let first = path.first else { self = newValue; return }
            switch self {
            case var .map(entries): entries[first].1[path.dropFirst()] = newValue; self = .map(entries)
            case var .list(items): items[first][path.dropFirst()] = newValue; self = .list(items)
            default: self = newValue
            }
        }
    }

    /// Applies one random mutation; returns its name.
    mutating func mutate(_ rng: inout SplitMix64) -> String {
        var all: [[Int]] = []
        paths(into: &all)
        let path = rng.pick(all)
        let target = self[path[...]]
        switch rng.below(11) {
        case 0, 1:  // drop a key or list item from the parent (or this container's child)
            if case var .map(entries) = target, !entries.isEmpty {
                let i = rng.below(entries.count); let key = entries[i].0; entries.remove(at: i); self[path[...]] = .map(entries); return "drop \(key)"
            }
            if case var .list(items) = target, !items.isEmpty { items.remove(at: rng.below(items.count)); self[path[...]] = .list(items); return "drop item" }
            return "drop (none)"
        case 2:  // duplicate a key (same or different value) or a list item
            if case var .map(entries) = target, !entries.isEmpty {
                let i = rng.below(entries.count)
                entries.insert((entries[i].0, rng.below(2) == 0 ? entries[i].1 : FuzzNode.randomScalar(&rng)), at: rng.below(entries.count + 1))
                self[path[...]] = .map(entries); return "duplicate key \(entries[i].0)"
            }
            if case var .list(items) = target, !items.isEmpty {
                let copies = rng.below(4) == 0 ? 200 : 1
                for _ in 0..<copies { items.insert(items[rng.below(items.count)], at: rng.below(items.count + 1)) }
                self[path[...]] = .list(items); return "duplicate item x\(copies)"
            }
            return "duplicate (none)"
        case 3:  // retype
            let replacement: FuzzNode
            switch rng.below(5) {
            case 0: replacement = .map([("x", .string("y"))])
            case 1: replacement = .list([target])
            case 2: replacement = .map([])
            case 3: replacement = .list([])
            default: replacement = FuzzNode.randomScalar(&rng)
            }
            self[path[...]] = replacement; return "retype"
        case 4:  // long string
            let n = rng.pick([300, 5_000, 20_000, 100_000])
            self[path[...]] = .string(FuzzNode.randomText(&rng, length: n)); return "long string \(n)"
        case 5:  // deep nesting
            var node = target
            let depth = rng.pick([10, 63, 70, 200, 1_000])
            for i in 0..<depth { node = i % 2 == 0 ? .list([node]) : .map([("k", node)]) }
            self[path[...]] = node; return "nest \(depth)"
        case 6:  // huge or odd numbers
            self[path[...]] = .raw(rng.pick(["1e400", "-1e400", "99999999999999999999999999999", "-9223372036854775809", "9223372036854775807",
                                             "4096", "4097", "0", "-1", "1.5", "1e-400", "0.0000001", "2147483648", "-0"]))
            return "huge number"
        case 7, 8:  // hostile text
            self[path[...]] = .string(FuzzNode.randomText(&rng, length: 1 + rng.below(40))); return "hostile text"
        case 9:  // copy another subtree here
            let other = self[rng.pick(all)[...]]
            self[path[...]] = other; return "copy subtree"
        default:  // add an unknown or known key with a random value
            if case var .map(entries) = target {
                let key = rng.pick(["name", "type", "config", "schema", "headers", "x", "kafka_topic", "{{k}}", "../../etc", "a.b.c", "", "provider"])
                entries.append((key, FuzzNode.randomScalar(&rng))); self[path[...]] = .map(entries); return "add key \(key)"
            }
            return "add (none)"
        }
    }

    static let pieces: [String] = [
        "'", "\"", "`", "\\", "\n", "\r\n", "\t", "{{", "}}", "{{token}}", "{{a b}}", "${HOME}", "${", "$(id)", "#", ": ", "- ", "--", ";",
        "/*", "*/", "../", "/", "\u{0}", "\u{1}", "\u{7F}", "\u{85}", "\u{2028}", "\u{FEFF}", "\u{202E}", "ñ", "日本", "🚀", "👩‍👩‍👧", "é",
        "a", "b", "Z", "0", "9", "_", "-", ".", " ", "&", "<", ">", "]]>", "<!--", "%", "=", "?", "@", "!", "*", "|", "~", "[", "]", "{", "}",
    ]

    static func randomText(_ rng: inout SplitMix64, length: Int) -> String {
        var out = ""
        out.reserveCapacity(length)
        var count = 0
        while count < length {
            let piece = rng.pick(pieces)
            out += piece
            count += piece.unicodeScalars.count
        }
        return out
    }

    static func randomScalar(_ rng: inout SplitMix64) -> FuzzNode {
        switch rng.below(6) {
        case 0: return .raw("null")
        case 1: return .raw(rng.below(2) == 0 ? "true" : "false")
        case 2: return .raw(rng.pick(["0", "1", "-7", "1e400", "3.25", "99999999999999999999"]))
        case 3: return .string("")
        default: return .string(randomText(&rng, length: 1 + rng.below(20)))
        }
    }

    func json() -> String {
        var out = ""
        writeJSON(&out)
        return out
    }

    private func writeJSON(_ out: inout String) {
        switch self {
        case let .map(entries):
            out += "{"
            for (i, e) in entries.enumerated() { if i > 0 { out += "," }; out += Escape.json(e.0) + ":"; e.1.writeJSON(&out) }
            out += "}"
        case let .list(items):
            out += "["
            for (i, item) in items.enumerated() { if i > 0 { out += "," }; item.writeJSON(&out) }
            out += "]"
        case let .string(s): out += Escape.json(s)
        case let .raw(r): out += r
        }
    }

    /// Block YAML with double-quoted keys and strings (flow style for empty containers).
    func yaml() -> String {
        var out = ""
        writeYAML(&out, indent: 0, inline: false)
        return out + "\n"
    }

    private func writeYAML(_ out: inout String, indent: Int, inline: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case let .map(entries):
            if entries.isEmpty { out += (inline ? " " : "") + "{}"; return }
            if inline { out += "\n" }
            for (i, e) in entries.enumerated() {
                if i > 0 || inline { out += i > 0 ? "\n" + pad : pad }
                out += Escape.yaml(e.0) + ":"
                e.1.writeYAML(&out, indent: indent + 2, inline: true)
            }
        case let .list(items):
            if items.isEmpty { out += (inline ? " " : "") + "[]"; return }
            if inline { out += "\n" }
            for (i, item) in items.enumerated() {
                if i > 0 || inline { out += i > 0 ? "\n" + pad : pad }
                out += "-"
                item.writeYAML(&out, indent: indent + 2, inline: true)
            }
        case let .string(s): out += (inline ? " " : "") + Escape.yaml(s)
        case let .raw(r): out += (inline ? " " : "") + r
        }
    }
}

/// Byte-level damage on the written file.
func mutateBytes(_ bytes: inout [UInt8], _ rng: inout SplitMix64) -> String {
    switch rng.below(6) {
    case 0:
        let bad: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]
        bytes.insert(contentsOf: rng.pick(bad), at: rng.below(bytes.count + 1)); return "invalid UTF-8"
    case 1: bytes = Array(bytes.prefix(rng.below(bytes.count + 1))); return "truncate"
    case 2: if !bytes.isEmpty { bytes[rng.below(bytes.count)] ^= UInt8(1 << rng.below(8)) }; return "flip bit"
    case 3: bytes.insert(0, at: rng.below(bytes.count + 1)); return "NUL byte"
    case 4: bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0); return "BOM"
    default: bytes = bytes + bytes; return "doubled file"
    }
}
