/// A conservative, line-based recogniser for the plain block YAML the bundled templates write: comments,
/// block mappings and block sequences indented with spaces, keys and values that are either simple plain
/// words or one-line double-quoted scalars. It answers `valid` only for a document it fully understands
/// and otherwise `unknown`, never `invalid`: the self-check then parses the file with Yams, which also
/// gives the error message. So it can only make the check faster, never more lenient (tested against
/// Yams on every generated YAML file and thousands of mutations of them).
///
/// Why: re-parsing every YAML file of every bundle with Yams was a fifth of a batch's CPU time.
enum SimpleYAML {
    /// `valid` for a document fully understood and valid; `unknown` leaves it to Yams.
    enum Verdict: Equatable { case valid, unknown }

    /// One open block: a mapping (with the keys seen) or a sequence, at an indentation.
    private struct Block {
        /// The column where the block's keys or dashes start.
        var indent: Int
        /// True for a sequence, false for a mapping.
        var isSequence: Bool
        /// A mapping's keys so far, as bytes; a repeated key makes the verdict `unknown`.
        var keys: Set<[UInt8]> = []
    }

    /// The verdict on `text`.
    static func check(_ text: String) -> Verdict {
        var text = text
        return text.withUTF8 { bytes in check(bytes) }
    }

    /// The verdict on UTF-8 `bytes`.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
        var blocks: [Block] = []
        /// The indentation of a `key:` or `-` with nothing after it: a nested block must follow, deeper.
        var openedAt: Int?
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            var i = lineStart
            while i < lineEnd, bytes[i] == 0x20 { i += 1 }
            if i == lineEnd { continue }                      // blank line
            if bytes[i] == UInt8(ascii: "#") { continue }     // comment line
            var indent = i - lineStart
            // Either a node opened on the previous line is filled by a deeper block starting here, or this
            // line continues an open block at exactly its indentation; anything else is left to Yams.
            let startsBlock: Bool
            if let opened = openedAt {
                guard indent > opened else { return .unknown }  // `key:` then a sibling: a null value, valid, but left to Yams
                openedAt = nil
                startsBlock = true
            } else if blocks.isEmpty {
                startsBlock = true
            } else {
                while let top = blocks.last, top.indent > indent { blocks.removeLast() }
                guard let top = blocks.last, top.indent == indent else { return .unknown }
                startsBlock = false
            }
            // sequence entries: `- ` then a scalar, a `key: value`, or nothing (a nested block)
            if bytes[i] == UInt8(ascii: "-"), i + 1 == lineEnd || bytes[i + 1] == 0x20 {
                if startsBlock {
                    blocks.append(Block(indent: indent, isSequence: true))
                } else {
                    guard blocks[blocks.count - 1].isSequence else { return .unknown }
                }
                i += 1
                while i < lineEnd, bytes[i] == 0x20 { i += 1 }
                if i == lineEnd { openedAt = indent; continue }
                if bytes[i] == UInt8(ascii: "#") { return .unknown }
                if bytes[i] == UInt8(ascii: "-") { return .unknown }  // `- - x`
                // a scalar item, or the first key of a mapping that starts here
                guard let (scalarEnd, key) = scalar(bytes, i, lineEnd) else { return .unknown }
                let after = skipSpaces(bytes, scalarEnd, lineEnd)
                if after < lineEnd, bytes[after] == UInt8(ascii: ":") {
                    guard after == scalarEnd, let key else { return .unknown }
                    indent = i - lineStart
                    blocks.append(Block(indent: indent, isSequence: false, keys: [key]))
                    guard let opens = value(bytes, after + 1, lineEnd) else { return .unknown }
                    if opens { openedAt = indent }
                    continue
                }
                guard rest(bytes, scalarEnd, lineEnd) else { return .unknown }
                continue
            }
            // mapping entries: `key:` then a value, or nothing (a nested block)
            if startsBlock {
                blocks.append(Block(indent: indent, isSequence: false))
            } else {
                guard !blocks[blocks.count - 1].isSequence else { return .unknown }
            }
            guard let (keyEnd, scalarKey) = scalar(bytes, i, lineEnd), let key = scalarKey,
                  keyEnd < lineEnd, bytes[keyEnd] == UInt8(ascii: ":") else { return .unknown }
            guard blocks[blocks.count - 1].keys.insert(key).inserted else { return .unknown }  // duplicate: Yams says so
            guard let opens = value(bytes, keyEnd + 1, lineEnd) else { return .unknown }
            if opens { openedAt = indent }
        }
        return openedAt == nil ? .valid : .unknown
    }

    private static func skipSpaces(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        var i = from
        while i < end, bytes[i] == 0x20 { i += 1 }
        return i
    }

    /// After `key:` — a space and a scalar (then only a comment), or nothing: returns whether a nested
    /// block opens, nil when the line is not understood.
    private static func value(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Bool? {
        if from == end { return true }
        guard bytes[from] == 0x20 else { return nil }
        let start = skipSpaces(bytes, from, end)
        if start == end { return true }
        if bytes[start] == UInt8(ascii: "#") { return nil }
        guard let (scalarEnd, _) = scalar(bytes, start, end), rest(bytes, scalarEnd, end) else { return nil }
        return false
    }

    /// Only spaces, or spaces and a comment, after a scalar.
    private static func rest(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Bool {
        let i = skipSpaces(bytes, from, end)
        if i == end { return true }
        return i > from && bytes[i] == UInt8(ascii: "#")
    }

    /// A one-line double-quoted scalar or a plain word of `[A-Za-z0-9._/-]` (not starting with `-`);
    /// returns where it ends and its text as a key compares (nil for a quoted scalar with escapes,
    /// which cannot be compared as written: such a key is left to Yams).
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, [UInt8]?)? {
        if bytes[start] == UInt8(ascii: "\"") {
            var i = start + 1
            var escaped = false
            while i < end {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\"") {
                    return (i + 1, escaped ? nil : Array(bytes[(start + 1)..<i]))
                }
                if byte == UInt8(ascii: "\\") {
                    guard i + 1 < end else { return nil }
                    escaped = true
                    switch bytes[i + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"), UInt8(ascii: "0"), UInt8(ascii: "/"):
                        i += 2
                    case UInt8(ascii: "x"):
                        guard hexDigits(bytes, i + 2, 2, end) else { return nil }
                        i += 4
                    case UInt8(ascii: "u"):
                        guard hexDigits(bytes, i + 2, 4, end) else { return nil }
                        i += 6
                    default: return nil
                    }
                    continue
                }
                guard let next = printable(bytes, i, end) else { return nil }
                i = next
            }
            return nil  // not closed on this line
        }
        guard bytes[start] != UInt8(ascii: "-") else { return nil }
        var i = start
        while i < end, isPlainWordByte(bytes[i]) { i += 1 }
        guard i > start else { return nil }
        return (i, Array(bytes[start..<i]))
    }

    private static func isPlainWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "-"):
            return true
        default: return false
        }
    }

    private static func hexDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int, _ end: Int) -> Bool {
        guard from + count <= end else { return false }
        for i in from..<(from + count) {
            let b = bytes[i]
            guard (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) else { return false }
        }
        return true
    }

    /// The end of one printable character at `i` inside quotes: ASCII 0x20–0x7E, or well-formed UTF-8
    /// outside C1 controls, surrogates, U+FEFF and U+FFFE/U+FFFF. Nil otherwise.
    private static func printable(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        let b0 = bytes[i]
        if b0 >= 0x20 && b0 < 0x7F { return i + 1 }
        func continuation(_ k: Int) -> Bool { k < end && bytes[k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            guard continuation(i + 1) else { return nil }
            if b0 == 0xC2, bytes[i + 1] < 0xA0 { return nil }  // U+0080–U+009F
            return i + 2
        case 0xE0...0xEF:
            guard continuation(i + 1), continuation(i + 2) else { return nil }
            let value = (UInt32(b0 & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
            guard value >= 0x800, !(0xD800...0xDFFF).contains(value), value != 0xFEFF, value < 0xFFFE else { return nil }
            return i + 3
        case 0xF0...0xF4:
            guard continuation(i + 1), continuation(i + 2), continuation(i + 3) else { return nil }
            let value = (UInt32(b0 & 0x07) << 18) | (UInt32(bytes[i + 1] & 0x3F) << 12) | (UInt32(bytes[i + 2] & 0x3F) << 6) | UInt32(bytes[i + 3] & 0x3F)
            guard (0x10000...0x10FFFF).contains(value) else { return nil }
            return i + 4
        default:
            return nil
        }
    }
}
