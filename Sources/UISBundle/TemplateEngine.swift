/// A Mustache template, parsed once and rendered many times against typed ``TemplateValue``s.
///
/// The syntax is Mustache's (https://mustache.github.io/mustache.5.html) as swift-mustache reads it,
/// byte for byte the same output for the same template and values: variables (`{{name}}`, `{{a.b}}`,
/// `{{.}}`), unescaped variables (`{{{name}}}`, `{{&name}}`), sections (`{{#name}}…{{/name}}`), inverted
/// sections (`{{^name}}`), comments (`{{! … }}`), partials (`{{> name}}`, another template of the same
/// set, indented like its tag), changed delimiters (`{{=<% %>=}}`) and the pragma
/// `{{%CONTENT_TYPE:TEXT}}` (no HTML escaping) or `{{%CONTENT_TYPE:HTML}}` (the default). Standalone
/// tags take their whole line with them. Not supported (a parse error names the tag): transforms
/// (`{{uppercased(name)}}`), template inheritance (`{{<parent}}`, `{{$block}}`), dynamic partials.
///
/// Truth in sections: a missing value, `false` and an empty list are false; everything else, the
/// empty text included, is true.
package struct Template: Sendable {
    /// The parsed nodes.
    let nodes: [Node]

    /// One piece of a parsed template.
    indirect enum Node: Sendable {
        /// Literal text.
        case text(String)
        /// `{{name}}` (escaped under HTML) or `{{{name}}}`.
        case variable(Name, escaped: Bool)
        /// `{{#name}}` or `{{^name}}` with its body.
        case section(Name, inverted: Bool, body: [Node])
        /// `{{> name}}`; `indentation` is set when the tag stands alone on its line.
        case partial(String, indentation: String?)
        /// `{{%CONTENT_TYPE:…}}`: whether variables are HTML-escaped from here on.
        case contentType(escapesHTML: Bool)
    }

    /// A variable name split at dots; `{{.}}` and `{{}}` have no parts.
    struct Name: Sendable {
        /// The name as written.
        var written: String
        /// Its parts (`a.b` → `a`, `b`).
        var parts: [String]
        /// `.a`: looked up in the innermost value only.
        var innermostOnly: Bool
    }

    /// Parses `text`; errors give the line and column of the tag.
    package init(parsing text: String) throws(TemplateSyntaxError) {
        var parser = TemplateParser(Array(text.utf8))
        do throws(TemplateParser.Failure) {
            nodes = try parser.parse(section: nil)
        } catch {
            throw TemplateSyntaxError(message: error.message, line: parser.line(of: error.offset), column: parser.column(of: error.offset))
        }
    }

    /// Renders with `context`; `partials` resolves `{{> name}}` (an unknown name renders nothing).
    package func render(_ context: TemplateContext, partials: [String: Template] = [:]) -> String {
        var output = ""
        var renderer = TemplateRenderer(partials: partials)
        var stack: [TemplateValue] = [.object(context)]
        renderer.render(nodes, stack: &stack, escapesHTML: true, indentation: nil, into: &output)
        return output
    }
}

/// A template that does not parse.
package struct TemplateSyntaxError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    package var message: String
    /// 1-based line of the offending tag.
    package var line: Int
    /// 1-based column (in bytes) of the offending tag.
    package var column: Int
    /// `line:column: message`.
    package var description: String { "\(line):\(column): \(message)" }
}

// MARK: - Parsing

/// A recursive-descent parser over the template's UTF-8 bytes, following swift-mustache's rules for
/// standalone lines so that output stays identical.
struct TemplateParser {
    /// A parse failure at a byte offset.
    struct Failure: Error {
        /// What is wrong.
        var message: String
        /// Where, as a byte offset into the template.
        var offset: Int
    }

    private let bytes: [UInt8]
    private var position = 0
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    /// At the start of a line (or after a standalone tag): leading blanks may belong to a standalone tag.
    private var atLineStart = true

    /// A parser over a template's UTF-8 bytes.
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")

    /// Parses up to the end, or up to `{{/section}}` when `section` is set (its tag at `sectionTag`).
    mutating func parse(section: String?, sectionTag: Int = 0) throws(Failure) -> [Template.Node] {
        var nodes: [Template.Node] = []
        var blanks: ArraySlice<UInt8> = []
        while position < bytes.count {
            if atLineStart {
                let start = position
                while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab { position += 1 }
                blanks = bytes[start..<position]
            }
            let textStart = position
            let (textEnd, foundTag) = scanText()
            if !foundTag, position < bytes.count, bytes[position] == Self.newline {
                // a whole line of text
                position += 1
                nodes.append(.text(String(decoding: blanks, as: UTF8.self) + String(decoding: bytes[textStart..<position], as: UTF8.self)))
                atLineStart = true
                continue
            }
            if textEnd > textStart {
                nodes.append(.text(String(decoding: blanks, as: UTF8.self) + String(decoding: bytes[textStart..<textEnd], as: UTF8.self)))
                blanks = []
                atLineStart = false
            }
            // at the end, trailing blanks on the last line and a lone opening delimiter are dropped (as swift-mustache does)
            guard foundTag, position < bytes.count else { break }
            let tagStart = textEnd
            var standalone = false
            func flushBlanks() {
                if !blanks.isEmpty { nodes.append(.text(String(decoding: blanks, as: UTF8.self))); blanks = [] }
            }
            switch position < bytes.count ? bytes[position] : 0 {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let inverted = bytes[position] == UInt8(ascii: "^")
                position += 1
                let name = try readName(tagStart: tagStart)
                if isStandalone() { standalone = true } else { flushBlanks() }
                // the body starts a line only after a standalone tag; delimiters it changes end with it
                atLineStart = standalone
                let (outerOpen, outerClose) = (open, close)
                let body = try parse(section: name.written, sectionTag: tagStart)
                (open, close) = (outerOpen, outerClose)
                nodes.append(.section(name, inverted: inverted, body: body))
            case UInt8(ascii: "/"):
                position += 1
                let name = try readName(tagStart: tagStart)
                guard let section, name.written == section else {
                    throw Failure(message: section.map { "{{/\(name.written)}} closes nothing: the open section is {{#\($0)}}" }
                                  ?? "{{/\(name.written)}} closes no open section", offset: tagStart)
                }
                if !isStandalone() { flushBlanks() }
                return nodes
            case UInt8(ascii: "!"):
                position += 1
                guard let end = find(close, from: position) else { throw Failure(message: "comment is not closed", offset: tagStart) }
                position = end + close.count
                standalone = isStandalone()
            case UInt8(ascii: "{"):
                flushBlanks()
                position += 1
                let name = try readName(tagStart: tagStart)
                guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else {
                    throw Failure(message: "{{{\(name.written)}} is missing its third closing brace", offset: tagStart)
                }
                position += 1
                nodes.append(.variable(name, escaped: false))
            case UInt8(ascii: "&"):
                flushBlanks()
                position += 1
                nodes.append(.variable(try readName(tagStart: tagStart), escaped: false))
            case UInt8(ascii: ">"):
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "*") {
                    throw Failure(message: "dynamic partials ({{>*name}}) are not supported", offset: tagStart)
                }
                let name = try readWord(allowed: Self.partialNameBytes, tagStart: tagStart, what: "partial name")
                let indentation = String(decoding: blanks, as: UTF8.self)
                flushBlanks()
                if isStandalone() {
                    standalone = true
                    nodes.append(.partial(name, indentation: indentation))
                } else {
                    nodes.append(.partial(name, indentation: nil))
                }
            case UInt8(ascii: "<"), UInt8(ascii: "$"):
                throw Failure(message: "template inheritance ({{<parent}}, {{$block}}) is not supported", offset: tagStart)
            case UInt8(ascii: "="):
                position += 1
                try readDelimiters(tagStart: tagStart)
                standalone = isStandalone()
            case UInt8(ascii: "%"):
                position += 1
                nodes.append(try readPragma(tagStart: tagStart))
                standalone = isStandalone()
            default:
                flushBlanks()
                nodes.append(.variable(try readName(tagStart: tagStart), escaped: true))
            }
            atLineStart = standalone
        }
        if let section { throw Failure(message: "{{#\(section)}} is not closed before the end of the template", offset: sectionTag) }
        return nodes
    }

    /// Moves past text up to a newline (not consumed) or past an opening delimiter; returns where the
    /// text ends and whether a tag starts.
    private mutating func scanText() -> (end: Int, foundTag: Bool) {
        let first = open[0]
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.newline { return (position, false) }
            if byte == first, matches(open, at: position) {
                let end = position
                position += open.count
                return (end, true)
            }
            position += 1
        }
        return (position, false)
    }

    private func matches(_ delimiter: [UInt8], at offset: Int) -> Bool {
        guard offset + delimiter.count <= bytes.count else { return false }
        for index in 0..<delimiter.count where bytes[offset + index] != delimiter[index] { return false }
        return true
    }

    private func find(_ delimiter: [UInt8], from offset: Int) -> Int? {
        var index = offset
        while index + delimiter.count <= bytes.count {
            if matches(delimiter, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// A tag is standalone when it began a line (after blanks) and only blanks follow it up to the line
    /// end, which is then consumed.
    private mutating func isStandalone() -> Bool {
        guard atLineStart else { return false }
        if position >= bytes.count { return true }
        var index = position
        while index < bytes.count, bytes[index] == Self.space || bytes[index] == Self.tab { index += 1 }
        guard let length = newlineLength(at: index) else { return false }
        position = index + length
        return true
    }

    /// The length of a line break at `index` (what Swift's `Character.isNewline` accepts), if any.
    private func newlineLength(at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case 0x0A, 0x0B, 0x0C: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : nil
        case 0xE2:
            return index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) ? 3 : nil
        default: return nil
        }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
    /// Bytes allowed in names (swift-mustache's set), as a 256-entry table.
    private static let nameBytes = table("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameBytes = table("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*/()")

    private static func table(_ allowed: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in allowed.utf8 { table[Int(byte)] = true }
        return table
    }

    /// Reads `  word  ` and the closing delimiter.
    private mutating func readWord(allowed: [Bool], tagStart: Int, what: String) throws(Failure) -> String {
        skipWhitespace()
        let start = position
        while position < bytes.count, allowed[Int(bytes[position])] { position += 1 }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        skipWhitespace()
        guard matches(close, at: position) else {
            if position < bytes.count, bytes[position] == UInt8(ascii: "(") {
                throw Failure(message: "transforms such as \(word)(…) are not supported", offset: tagStart)
            }
            let shown = String(decoding: bytes[tagStart..<min(bytes.count, position + 1)].prefix(60), as: UTF8.self)
            throw Failure(message: "\(what) in tag \(shown.debugDescription) is not followed by \(String(decoding: close, as: UTF8.self))", offset: tagStart)
        }
        position += close.count
        return word
    }

    private mutating func readName(tagStart: Int) throws(Failure) -> Template.Name {
        let written = try readWord(allowed: Self.nameBytes, tagStart: tagStart, what: "name")
        if written == "." { return Template.Name(written: written, parts: [], innermostOnly: false) }
        return Template.Name(written: written, parts: written.split(separator: ".").map(String.init), innermostOnly: written.hasPrefix("."))
    }

    /// `{{=<% %>=}}`: new opening and closing delimiters.
    private mutating func readDelimiters(tagStart: Int) throws(Failure) {
        let failure = Failure(message: "set-delimiter tag must look like {{=<% %>=}}", offset: tagStart)
        skipWhitespace()
        let openStart = position
        while position < bytes.count, !Self.isWhitespace(bytes[position]) { position += 1 }
        guard position < bytes.count else { throw failure }
        let newOpen = Array(bytes[openStart..<position])
        skipWhitespace()
        let closeStart = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "="), !Self.isWhitespace(bytes[position]) { position += 1 }
        guard position < bytes.count else { throw failure }
        let newClose = Array(bytes[closeStart..<position])
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else { throw failure }
        position += 1
        guard matches(close, at: position) else { throw failure }
        position += close.count
        guard !newOpen.isEmpty, !newClose.isEmpty else { throw failure }
        open = newOpen
        close = newClose
    }

    /// `{{%CONTENT_TYPE:TEXT}}` or `{{%CONTENT_TYPE:HTML}}`.
    private mutating func readPragma(tagStart: Int) throws(Failure) -> Template.Node {
        guard let end = find(close, from: position) else { throw Failure(message: "pragma is not closed", offset: tagStart) }
        let body = String(decoding: bytes[position..<end], as: UTF8.self)
        position = end + close.count
        let parts = body.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map { part -> String in
            var bytes = Array(part.utf8)
            while let last = bytes.last, Self.isWhitespace(last) { bytes.removeLast() }
            return String(decoding: bytes.drop(while: Self.isWhitespace), as: UTF8.self)
        }
        guard parts.count == 2, parts[0] == "CONTENT_TYPE" else {
            throw Failure(message: "unknown pragma {{%\(body)}}: only CONTENT_TYPE:TEXT and CONTENT_TYPE:HTML exist", offset: tagStart)
        }
        switch parts[1] {
        case "TEXT": return .contentType(escapesHTML: false)
        case "HTML": return .contentType(escapesHTML: true)
        default: throw Failure(message: "unknown content type \(parts[1]): only TEXT and HTML exist", offset: tagStart)
        }
    }

    /// 1-based line of a byte offset.
    func line(of offset: Int) -> Int {
        1 + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == Self.newline ? 1 : 0) }
    }

    /// 1-based column (bytes) of a byte offset.
    func column(of offset: Int) -> Int {
        let end = min(offset, bytes.count)
        let lineStart = bytes[..<end].lastIndex(of: Self.newline).map { $0 + 1 } ?? 0
        return end - lineStart + 1
    }
}

// MARK: - Rendering

/// Walks parsed nodes with a stack of values, appending to one output string.
struct TemplateRenderer {
    /// Templates by name, for partials.
    let partials: [String: Template]
    /// Partials deep inside partials: a guard against a template including itself forever.
    private var partialDepth = 0

    /// A renderer that takes partials from `partials`.
    init(partials: [String: Template]) { self.partials = partials }

    /// Renders `nodes` against `stack` into `output`; a non-empty `indentation` goes before every piece that starts a line.
    mutating func render(_ nodes: [Template.Node], stack: inout [TemplateValue], escapesHTML: Bool, indentation: String?,
                         into output: inout String) {
        if let indentation, !indentation.isEmpty {
            // partial indentation: every rendered piece that starts a new line gets it (swift-mustache's rule)
            var local = ""
            var escapes = escapesHTML
            for node in nodes {
                var piece = ""
                renderNode(node, stack: &stack, escapesHTML: &escapes, indentation: indentation, into: &piece)
                if !piece.isEmpty, Self.endsWithLineFeed(local) { local += indentation }
                local += piece
            }
            output += local
            return
        }
        var escapes = escapesHTML
        for node in nodes { renderNode(node, stack: &stack, escapesHTML: &escapes, indentation: indentation, into: &output) }
    }

    private mutating func renderNode(_ node: Template.Node, stack: inout [TemplateValue], escapesHTML: inout Bool, indentation: String?,
                                     into output: inout String) {
        switch node {
        case let .text(text):
            output += text
        case let .variable(name, escaped):
            guard let value = lookup(name, in: stack) else { return }
            let text: String
            switch value {
            case let .text(string): text = string
            case let .flag(flag): text = flag ? "true" : "false"
            case .list, .object: text = ""
            }
            if escaped, escapesHTML { Self.appendHTMLEscaped(text, to: &output) } else { output += text }
        case let .section(name, inverted, body):
            let value = lookup(name, in: stack)
            if inverted {
                switch value {
                case .none, .some(.flag(false)): render(body, stack: &stack, escapesHTML: escapesHTML, indentation: indentation, into: &output)
                case let .some(.list(items)) where items.isEmpty:
                    // the empty list is pushed, as in swift-mustache: `{{.}}` inside is the list
                    stack.append(.list(items))
                    render(body, stack: &stack, escapesHTML: escapesHTML, indentation: indentation, into: &output)
                    stack.removeLast()
                default: break
                }
                return
            }
            switch value {
            case .none, .some(.flag(false)): break
            case .some(.flag(true)): render(body, stack: &stack, escapesHTML: escapesHTML, indentation: indentation, into: &output)
            case let .some(.list(items)):
                for item in items {
                    stack.append(item)
                    render(body, stack: &stack, escapesHTML: escapesHTML, indentation: indentation, into: &output)
                    stack.removeLast()
                }
            case let .some(item):
                stack.append(item)
                render(body, stack: &stack, escapesHTML: escapesHTML, indentation: indentation, into: &output)
                stack.removeLast()
            }
        case let .partial(name, partialIndentation):
            guard partialDepth < 64, let template = partials[name] else { return }
            partialDepth += 1
            let combined = partialIndentation.map { (indentation ?? "") + $0 } ?? indentation
            render(template.nodes, stack: &stack, escapesHTML: true, indentation: combined, into: &output)
            partialDepth -= 1
        case let .contentType(escapes):
            escapesHTML = escapes
        }
    }

    /// Whether the last character is a lone line feed (Swift counts `\r\n` as one other character).
    static func endsWithLineFeed(_ text: String) -> Bool {
        var bytes = text.utf8.reversed().makeIterator()
        return bytes.next() == UInt8(ascii: "\n") && bytes.next() != UInt8(ascii: "\r")
    }

    /// Finds a name: its first part in the innermost value that has it, the rest inside that value.
    private func lookup(_ name: Template.Name, in stack: [TemplateValue]) -> TemplateValue? {
        guard let first = name.parts.first else { return stack.last }
        var found: TemplateValue?
        if name.innermostOnly {
            found = stack.last?[first]
        } else {
            for value in stack.reversed() {
                if let child = value[first] { found = child; break }
            }
        }
        guard var value = found else { return nil }
        for part in name.parts.dropFirst() {
            guard let child = value[part] else { return nil }
            value = child
        }
        return value
    }

    /// `&`, `<`, `>`, `"`, `'` as HTML entities.
    static func appendHTMLEscaped(_ text: String, to output: inout String) {
        var plainStart = text.utf8.startIndex
        var index = plainStart
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let entity: String?
            switch utf8[index] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&#39;"
            default: entity = nil
            }
            if let entity {
                output += text[plainStart..<index]
                output += entity
                plainStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        output += text[plainStart..<utf8.endIndex]
    }
}
