import Foundation
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

    /// Reads a file (or standard input for `-`) and parses it.
    public func load(path: String) throws(DiagnosticsError) -> SpecNode {
        guard let syntax = Self.syntax(forPath: path) else {
            throw fail("cannot tell the spec format from the file name: expected a .json, .yaml or .yml file (or - for YAML on standard input)", file: path)
        }
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw fail("no such file", file: path)
            }
            if isDirectory.boolValue { throw fail("is a directory, expected a spec file", file: path) }
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limits.maxBytes {
                throw fail("file is \(size) bytes, larger than the \(limits.maxBytes)-byte limit for a spec", file: path)
            }
            guard let read = FileManager.default.contents(atPath: path) else {
                throw fail("cannot read the file (permission denied?)", file: path)
            }
            data = read
        }
        return try parse(data: data, file: path, syntax: syntax)
    }

    /// Parses bytes already in memory.
    public func parse(data: Data, file: String, syntax: Syntax) throws(DiagnosticsError) -> SpecNode {
        if data.count > limits.maxBytes {
            throw fail("input is \(data.count) bytes, larger than the \(limits.maxBytes)-byte limit for a spec", file: file)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let nul = bytes.firstIndex(of: 0) {
            throw fail("binary file: it holds a NUL byte, expected \(syntax == .json ? "JSON" : "YAML") text", file: file, location: Self.location(ofByte: nul, in: bytes, file: file))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let bad = Self.firstInvalidUTF8(bytes)
            throw fail("invalid UTF-8 at byte \(bad): a spec must be UTF-8 text", file: file, location: Self.location(ofByte: bad, in: bytes, file: file))
        }
        if text.allSatisfy({ $0.isWhitespace }) {
            throw fail("the file is empty; expected a spec mapping with version, name, created_by and provider", file: file, location: SourceLocation(file: file, line: 1, column: 1))
        }
        if let deep = Self.roughNestingDepth(text), deep > limits.maxDepth * 4 {
            throw fail("nesting is too deep (more than \(limits.maxDepth) levels); a spec is only a few levels deep", file: file, location: SourceLocation(file: file, line: 1, column: 1))
        }
        let composed = Self.composeOnLargeStack(text)
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
        var converter = Converter(file: file, limits: limits)
        let tree = try converter.convert(root, depth: 0)
        return tree
    }

    private func fail(_ message: String, file: String, location: SourceLocation? = nil) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(.error, message, path: "", at: location ?? SourceLocation(file: file, line: 1, column: 1))])
    }

    // MARK: - Helpers

    /// Parses on a thread with a large stack: Yams composes recursively.
    private static func composeOnLargeStack(_ text: String) -> Result<Node?, Error> {
        final class Box: @unchecked Sendable { var result: Result<Node?, Error> = .success(nil) }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result { try Yams.compose(yaml: text) }
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

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var low = 0, high = bytes.count
        // The longest valid prefix, found by bisection on whole-prefix validity.
        while low < high {
            let mid = (low + high + 1) / 2
            var prefix = Array(bytes[0..<mid])
            // allow a cut in the middle of a valid sequence
            for trim in 0...3 where prefix.count >= trim {
                if String(validating: prefix.dropLast(trim), as: UTF8.self) != nil { prefix = [] ; break }
            }
            if prefix.isEmpty { low = mid } else { high = mid - 1 }
        }
        return min(low, bytes.count - 1)
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
    static func roughNestingDepth(_ text: String) -> Int? {
        var flow = 0, maxDepth = 0
        var inSingle = false, inDouble = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var indent = 0, dashes = 0, atStart = true
            var previous: Character = " "
            for ch in line {
                if atStart {
                    if ch == " " { indent += 1; previous = ch; continue }
                    if ch == "-" { dashes += 1; previous = ch; continue }
                    atStart = false
                }
                if ch == "#" && !inSingle && !inDouble && previous == " " { break }
                if ch == "\"" && !inSingle && previous != "\\" { inDouble.toggle() }
                else if ch == "'" && !inDouble { inSingle.toggle() }
                else if !inSingle && !inDouble {
                    if ch == "[" || ch == "{" { flow += 1 }
                    if ch == "]" || ch == "}" { flow = max(0, flow - 1) }
                }
                previous = ch
                maxDepth = max(maxDepth, flow + indent / 2 + dashes)
            }
            if !inDouble { inSingle = false }
            maxDepth = max(maxDepth, flow + indent / 2 + dashes)
        }
        return maxDepth
    }
}

/// Turns Yams nodes into `SpecNode`s, counting every node (aliases expand here) and depth.
private struct Converter {
    let file: String
    let limits: LoadLimits
    var count = 0

    init(file: String, limits: LoadLimits) {
        self.file = file
        self.limits = limits
    }

    func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

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

    static func kind(of node: Node, _ scalar: Node.Scalar) -> SpecNode.ScalarKind {
        if scalar.style != .plain { return .string }
        if scalar.tag.description == Tag.Name.str.rawValue { return .string }
        if node.null != nil { return .null }
        if node.bool != nil, ["true", "false", "True", "False", "TRUE", "FALSE"].contains(scalar.string) { return .bool }
        if node.int != nil { return .int }
        if node.float != nil, scalar.string.contains(where: \.isNumber) { return .float }
        return .string
    }
}
