import Foundation
import UISText
import Yams

/// Bounds on what a spec file may be; a file beyond any of them is rejected with a clear message.
public struct LoadLimits: Sendable {
    /// Largest accepted file, in bytes.
    public var maxBytes: Int = 16 << 20
    /// Deepest accepted nesting of mappings and lists.
    public var maxDepth: Int = 64
    /// Most nodes after alias expansion (a "billion laughs" file stops here).
    public var maxNodes: Int = 2_000_000

    /// The defaults.
    public init() {}
}

/// Reads `.json`, `.yaml` and `.yml` spec files into a `SpecNode` tree with positions.
public struct SpecLoader: Sendable {
    /// The limits applied to every file.
    public var limits: LoadLimits

    /// Creates a loader.
    public init(limits: LoadLimits = LoadLimits()) { self.limits = limits }

    /// The syntax a file is read as, decided by its extension.
    public enum Syntax: String, Sendable { case json, yaml }

    /// Decides the syntax from a file name (`-` is standard input, read as YAML).
    public static func syntax(forPath path: String) -> Syntax? {
        if path == "-" { return .yaml }
        let lower = path.lowercased()
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        return nil
    }

    /// Reads a file (or standard input for `-`) and parses it: ``read(path:)`` then ``parse(data:file:syntax:)``.
    public func load(path: String) throws(DiagnosticsError) -> SpecNode {
        let data = try read(path: path)
        return try parse(data: data, file: path, syntax: syntax(of: path))
    }

    /// Reads the bytes of a spec file (or standard input for `-`) without parsing them. Fails, in this
    /// order, when the name does not end in `.json`, `.yaml` or `.yml`, when there is no such file, when it
    /// is a directory, when it is larger than `limits.maxBytes` and when it cannot be read. One `stat(2)`
    /// (symlinks followed) makes the checks: Foundation's attribute dictionaries were a measurable part
    /// of a small run's start.
    public func read(path: String) throws(DiagnosticsError) -> Data {
        _ = try syntax(of: path)
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let status = FileStatus.following(path) else { throw fail("no such file", file: path) }
        if status.kind == .directory { throw fail("is a directory, expected a spec file", file: path) }
        if status.size > limits.maxBytes {
            throw fail("file is \(status.size) bytes, larger than the \(limits.maxBytes)-byte limit for a spec", file: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("cannot read the file (permission denied?)", file: path)
        }
        return data
    }

    /// The syntax of `path`, or the error that its name tells none.
    package func syntax(of path: String) throws(DiagnosticsError) -> Syntax {
        guard let syntax = Self.syntax(forPath: path) else {
            throw fail("cannot tell the spec format from the file name: expected a .json, .yaml or .yml file (or - for YAML on standard input)", file: path)
        }
        return syntax
    }

    /// Parses bytes already in memory.
    public func parse(data: Data, file: String, syntax: Syntax) throws(DiagnosticsError) -> SpecNode {
        if data.count > limits.maxBytes {
            throw fail("input is \(data.count) bytes, larger than the \(limits.maxBytes)-byte limit for a spec", file: file)
        }
        var bytes = [UInt8](data)
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        bytes.removeFirst(bom)
        if let nul = bytes.firstIndex(of: 0) {
            throw fail("binary file: it holds a NUL byte, expected \(syntax == .json ? "JSON" : "YAML") text", file: file, location: Self.location(ofByte: nul, in: bytes, file: file))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let bad = Self.firstInvalidUTF8(bytes)
            let at = Self.location(ofByte: bad, in: bytes, file: file)
            throw fail("invalid UTF-8 at byte \(bad + bom) (line \(at.line), column \(at.column)): a spec must be UTF-8 text; save the file as UTF-8", file: file, location: at)
        }
        if text.allSatisfy({ $0.isWhitespace }) {
            throw fail("the file is empty; expected a spec mapping with version, name, created_by and provider", file: file, location: SourceLocation(file: file, line: 1, column: 1))
        }
        let roughDepth = Self.roughNestingDepth(text, stopAbove: limits.maxDepth * 4) ?? 0
        if roughDepth > limits.maxDepth * 4 {
            throw fail("nesting is too deep (more than \(limits.maxDepth) levels); a spec is only a few levels deep", file: file, location: SourceLocation(file: file, line: 1, column: 1))
        }
        let yaml = syntax == .json ? Self.joiningSurrogateEscapes(text) : text
        // Yams composes recursively: a deep document gets a thread with a large stack; a spec of
        // ordinary depth is composed here (a thread per spec was a tenth of a batch's time)
        let composed = roughDepth <= Self.callerStackDepth ? Self.compose(yaml) : Self.composeOnLargeStack(yaml)
        let root: Node
        switch composed {
        case let .failure(error):
            throw DiagnosticsError([Self.diagnostic(for: error, file: file, syntax: syntax)])
        case let .success(node):
            guard let node else {
                throw fail("the file holds no document; expected a spec mapping", file: file, location: SourceLocation(file: file, line: 1, column: 1))
            }
            root = node
        }
        // Aliases share their anchor's node, so a "billion laughs" file is small until expanded:
        // measure the expanded size first, sharing the count of each aliased node, and refuse early.
        var sizes: [NodeKey: Int] = [:]
        // without an anchor (`&name`) there is no alias to expand: the tree is as large as the text allows
        let mayHaveAnchors = text.containsByte(UInt8(ascii: "&"))
        if mayHaveAnchors, Self.expandedSize(root, limit: limits.maxNodes, memo: &sizes) > limits.maxNodes {
            throw fail("the document expands to more than \(limits.maxNodes) nodes (aliases expanding exponentially?); a spec is far smaller", file: file, location: SourceLocation(file: file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1))
        }
        var converter = Converter(file: file, limits: limits)
        let tree = try converter.convert(root, depth: 0)
        return tree
    }

    /// Identifies a composed node by where it starts and what it is; an alias's copy has its anchor's.
    struct NodeKey: Hashable {
        /// Where the node starts, its kind (1 a list, 2 a mapping) and its number of items.
        var line: Int, column: Int, kind: Int, count: Int
    }

    /// The number of nodes (keys included) after alias expansion, saturating just above `limit`.
    static func expandedSize(_ node: Node, limit: Int, memo: inout [NodeKey: Int]) -> Int {
        let key: NodeKey?
        switch node {
        case let .sequence(sequence):
            key = node.mark.map { NodeKey(line: $0.line, column: $0.column, kind: 1, count: sequence.count) }
        case let .mapping(mapping):
            key = node.mark.map { NodeKey(line: $0.line, column: $0.column, kind: 2, count: mapping.count) }
        case .scalar, .alias:
            return 1
        }
        if let key, let known = memo[key] { return known }
        var total = 1
        switch node {
        case let .sequence(sequence):
            for item in sequence where total <= limit { total += expandedSize(item, limit: limit, memo: &memo) }
        case let .mapping(mapping):
            for (k, v) in mapping where total <= limit { total += expandedSize(k, limit: limit, memo: &memo) + expandedSize(v, limit: limit, memo: &memo) }
        case .scalar, .alias:
            break
        }
        total = min(total, limit + 1)
        if let key { memo[key] = total }
        return total
    }

    private func fail(_ message: String, file: String, location: SourceLocation? = nil) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(.error, message, path: "", at: location ?? SourceLocation(file: file, line: 1, column: 1))])
    }

    // MARK: - Helpers

    /// JSON writes a character outside the BMP as a surrogate pair (`\\ud83d\\ude80`, Python's default);
    /// YAML's double-quoted scalars only take `\\UXXXXXXXX` for it. Rewrites each escaped pair, leaving
    /// every other escape (and an escaped backslash before a `u`) alone.
    static func joiningSurrogateEscapes(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "\\")) else { return text }
        func hex(_ i: Int) -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for b in bytes[i..<i + 4] {
                guard let digit = Character(UnicodeScalar(b)).hexDigitValue else { return nil }
                value = value * 16 + UInt32(digit)
            }
            return value
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count else { out.append(bytes[i]); i += 1; continue }
            if bytes[i + 1] == UInt8(ascii: "u"), let high = hex(i + 2), (0xD800...0xDBFF).contains(high),
               i + 11 < bytes.count, bytes[i + 6] == UInt8(ascii: "\\"), bytes[i + 7] == UInt8(ascii: "u"),
               let low = hex(i + 8), (0xDC00...0xDFFF).contains(low) {
                let scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                out += Array("\\U".utf8) + Array(String(scalar, radix: 16).leftPadded(8).utf8)
                i += 12
            } else {
                out.append(bytes[i]); out.append(bytes[i + 1]); i += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The rough depth (``roughNestingDepth(_:stopAbove:)``, an overestimate) up to which a document is
    /// composed on the caller's stack, even a 512 KB worker thread's: a spec is about ten deep.
    static let callerStackDepth = 24

    /// Composes with the basic resolver (every plain scalar a string until `Converter.kind` decides):
    /// Yams resolves each mapping key's tag to check duplicates, and the default resolver's seven
    /// regular expressions per key were most of the parse. Keys are strings in a spec, so a key equal
    /// as text is a duplicate whatever its quoting.
    private static func compose(_ text: String) -> Result<Node?, Error> {
        Result { try Yams.compose(yaml: text, .basic, .default, .utf8) }  // .utf8: Encoding.default reads the environment on every call
    }

    /// Composes on a thread with a large stack.
    private static func composeOnLargeStack(_ text: String) -> Result<Node?, Error> {
        final class Box: @unchecked Sendable { var result: Result<Node?, Error> = .success(nil) }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = compose(text)
            done.signal()
        }
        thread.stackSize = 256 << 20
        thread.start()
        done.wait()
        return box.result
    }

    private static func diagnostic(for error: Error, file: String, syntax: Syntax) -> Diagnostic {
        let what = syntax == .json ? "JSON" : "YAML"
        guard let yamlError = error as? YamlError else {
            return Diagnostic(.error, "cannot parse the \(what): \(error)", path: "", at: SourceLocation(file: file, line: 1, column: 1))
        }
        func make(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> Diagnostic {
            var message = "invalid \(what): \(problem)"
            if let context { message += " \(context.text)" }
            return Diagnostic(.error, message, path: "", at: SourceLocation(file: file, line: mark.line, column: mark.column))
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _): return make(problem, context, mark)
        case let .parser(context, problem, mark, _): return make(problem, context, mark)
        case let .composer(context, problem, mark, _): return make(problem, context, mark)
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(.error, "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping; each key may appear once",
                              path: "", at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
        case let .reader(problem, offset, _, _):
            return Diagnostic(.error, "cannot read the \(what): \(problem)\(offset.map { " at byte \($0)" } ?? "")", path: "", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return Diagnostic(.error, "cannot parse the \(what): \(yamlError)", path: "", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// The offset of the first byte that does not start or continue a well-formed UTF-8 sequence
    /// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            let length: Int, second: ClosedRange<UInt8>
            switch lead {
            case 0xC2...0xDF: length = 2; second = 0x80...0xBF
            case 0xE0: length = 3; second = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3; second = 0x80...0xBF
            case 0xED: length = 3; second = 0x80...0x9F
            case 0xF0: length = 4; second = 0x90...0xBF
            case 0xF1...0xF3: length = 4; second = 0x80...0xBF
            case 0xF4: length = 4; second = 0x80...0x8F
            default: return i
            }
            guard i + 1 < n, second.contains(bytes[i + 1]) else { return i }
            for k in 2..<length where i + k >= n || bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return max(0, n - 1)
    }

    private static func location(ofByte offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1, column = 1
        for byte in bytes[0..<min(offset, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// An upper estimate of nesting, computed without parsing: flow brackets plus indentation
    /// plus compact `- - -` items. Used only to refuse absurd files before the parser recurses.
    static func roughNestingDepth(_ text: String, stopAbove: Int = .max) -> Int? {
        var flow = 0, maxDepth = 0
        var inSingle = false, inDouble = false
        var indent = 0, dashes = 0, atStart = true, inComment = false
        var previous: Unicode.Scalar = " "
        // one pass over the scalars, lazily, so a huge file costs no more than reading it
        for ch in text.unicodeScalars {
            if ch == "\n" {
                if !inDouble { inSingle = false }
                maxDepth = max(maxDepth, flow + indent / 2 + dashes)
                if maxDepth > stopAbove { return maxDepth }
                indent = 0; dashes = 0; atStart = true; inComment = false; previous = " "
                continue
            }
            if inComment { continue }
            if atStart {
                if ch == " " { indent += 1; previous = ch; continue }
                if ch == "-" { dashes += 1; previous = ch; continue }
                atStart = false
            }
            if ch == "#" && !inSingle && !inDouble && (previous == " " || previous == "\t") { inComment = true; continue }
            if ch == "\"" && !inSingle && previous != "\\" { inDouble.toggle() }
            else if ch == "'" && !inDouble { inSingle.toggle() }
            else if !inSingle && !inDouble {
                if ch == "[" || ch == "{" { flow += 1 }
                if ch == "]" || ch == "}" { flow = max(0, flow - 1) }
            }
            previous = ch
            maxDepth = max(maxDepth, flow + indent / 2 + dashes)
            if maxDepth > stopAbove { return maxDepth }
        }
        return max(maxDepth, flow + indent / 2 + dashes)
    }
}

/// Turns Yams nodes into `SpecNode`s, counting every node (aliases expand here) and depth.
private struct Converter {
    /// The spec file, for locations.
    let file: String
    /// The node-count and nesting limits.
    let limits: LoadLimits
    /// Nodes converted so far, mapping keys included.
    var count = 0

    /// A converter for `file` under `limits`.
    init(file: String, limits: LoadLimits) {
        self.file = file
        self.limits = limits
    }

    /// A Yams mark as a location in `file` (line 1, column 1 without one).
    func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// Converts `node` and its children; throws past the limits or on a non-scalar mapping key.
    mutating func convert(_ node: Node, depth: Int) throws(DiagnosticsError) -> SpecNode {
        count += 1
        if count > limits.maxNodes {
            throw DiagnosticsError([Diagnostic(.error, "the document expands to more than \(limits.maxNodes) nodes (aliases expanding exponentially?); a spec is far smaller", path: "", at: location(node.mark))])
        }
        if depth > limits.maxDepth {
            throw DiagnosticsError([Diagnostic(.error, "nesting is deeper than \(limits.maxDepth) levels; a spec is only a few levels deep", path: "", at: location(node.mark))])
        }
        switch node {
        case let .scalar(scalar):
            return SpecNode(.scalar(scalar.string, Self.kind(of: node, scalar)), at: location(node.mark))
        case let .sequence(sequence):
            var items: [SpecNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try convert(item, depth: depth + 1)) }
            return SpecNode(.sequence(items), at: location(node.mark))
        case let .mapping(mapping):
            var entries: [SpecNode.Entry] = []
            entries.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                guard case let .scalar(keyScalar) = key else {
                    throw DiagnosticsError([Diagnostic(.error, "a mapping key must be a plain string, not \(key.sequence != nil ? "a list" : "a mapping")", path: "", at: location(key.mark))])
                }
                count += 1
                entries.append(SpecNode.Entry(key: keyScalar.string, keyLocation: location(key.mark), value: try convert(value, depth: depth + 1)))
            }
            return SpecNode(.mapping(entries), at: location(node.mark))
        case .alias:
            return SpecNode(.scalar("", .null), at: location(node.mark))
        }
    }

    /// The kind of a scalar: a quoted one is a string, a plain one null, bool, int, float or string as YAML reads it.
    static func kind(of node: Node, _ scalar: Node.Scalar) -> SpecNode.ScalarKind {
        if scalar.style != .plain { return .string }
        // Most plain scalars are names: one that starts with none of what can start a null (`~`, `null`,
        // empty), bool (`true`/`false`), int or float (digit, sign, `.`) is a string. Deciding that here
        // skips Yams's tag resolution, a regular expression per scalar (a third of loading a large spec).
        if let first = scalar.string.utf8.first, !"0123456789+-.~nNtTfF".utf8.contains(first) { return .string }
        // Words starting like null or a bool are one of those words or a string (`f0`, `topic`): Yams's
        // float construction, tried on them below, was a sixth of loading a large spec.
        if let first = scalar.string.utf8.first, "nNtTfF".utf8.contains(first) {
            if scalar.tag.description == Tag.Name.str.rawValue { return .string }
            switch scalar.string {
            case "null", "Null", "NULL": return .null
            case "true", "false", "True", "False", "TRUE", "FALSE": return .bool
            default: return .string
            }
        }
        if scalar.tag.description == Tag.Name.str.rawValue { return .string }
        if node.null != nil { return .null }
        if node.bool != nil, ["true", "false", "True", "False", "TRUE", "FALSE"].contains(scalar.string) { return .bool }
        if node.int != nil { return .int }
        if node.float != nil, scalar.string.contains(where: \.isNumber) { return .float }
        return .string
    }
}

private extension String {
    /// Whether the UTF-8 text holds `byte`.
    func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }
}
