/// A JSON (RFC 8259) syntax check on UTF-8 bytes, for the self-check: whether a generated file is one
/// JSON value, without building it (Foundation's `JSONSerialization` built every object only to
/// throw it away, a twentieth of a batch).
enum JSONSyntax {
    /// Whether `text` is exactly one JSON value, with optional whitespace around it.
    static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            reader.skipWhitespace()
            guard reader.value(depth: 0) else { return false }
            reader.skipWhitespace()
            return reader.position == bytes.count
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        /// Deeper than this is refused rather than recursed into.
        static let maxDepth = 512

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            position += 1
            return true
        }

        mutating func value(depth: Int) -> Bool {
            guard depth < Self.maxDepth, let byte = current else { return false }
            switch byte {
            case UInt8(ascii: "{"):
                position += 1
                skipWhitespace()
                if expect(UInt8(ascii: "}")) { return true }
                while true {
                    guard string() else { return false }
                    skipWhitespace()
                    guard expect(UInt8(ascii: ":")) else { return false }
                    skipWhitespace()
                    guard value(depth: depth + 1) else { return false }
                    skipWhitespace()
                    if expect(UInt8(ascii: "}")) { return true }
                    guard expect(UInt8(ascii: ",")) else { return false }
                    skipWhitespace()
                }
            case UInt8(ascii: "["):
                position += 1
                skipWhitespace()
                if expect(UInt8(ascii: "]")) { return true }
                while true {
                    guard value(depth: depth + 1) else { return false }
                    skipWhitespace()
                    if expect(UInt8(ascii: "]")) { return true }
                    guard expect(UInt8(ascii: ",")) else { return false }
                    skipWhitespace()
                }
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for index in 0..<count where bytes[position + index] != word.utf8Start[index] { return false }
            position += count
            return true
        }

        mutating func string() -> Bool {
            guard expect(UInt8(ascii: "\"")) else { return false }
            while let byte = current {
                position += 1
                switch byte {
                case UInt8(ascii: "\""): return true
                case UInt8(ascii: "\\"):
                    guard let escaped = current else { return false }
                    position += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        for _ in 0..<4 {
                            guard let hex = current, Self.isHexDigit(hex) else { return false }
                            position += 1
                        }
                    default: return false
                    }
                default:
                    if byte < 0x20 { return false }
                }
            }
            return false
        }

        static func isHexDigit(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }

        mutating func digits() -> Int {
            let start = position
            while let byte = current, (0x30...0x39).contains(byte) { position += 1 }
            return position - start
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        mutating func number() -> Bool {
            _ = expect(UInt8(ascii: "-"))
            if expect(UInt8(ascii: "0")) {
                // no leading zeros
            } else {
                guard let first = current, (0x31...0x39).contains(first) else { return false }
                _ = digits()
            }
            if expect(UInt8(ascii: ".")) { guard digits() > 0 else { return false } }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { return false }
            }
            return true
        }
    }
}
