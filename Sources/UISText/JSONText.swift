/// JSON string literals, written byte by byte.
package enum JSONText {
    /// A JSON string literal: quotes, backslashes and control characters escaped; everything else as is.
    package static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// ``quote(_:)`` appended to `out` as UTF-8, byte by byte: only ASCII controls, `"`, `\\`, DEL and
    /// U+2028/U+2029 (E2 80 A8/A9) and U+FEFF (EF BB BF) are escaped; everything else is copied.
    package static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let bytes = s.utf8
        if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 || $0 == 0xEF }) {
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return
        }
        let digits = Array("0123456789abcdef".utf8)
        func unicodeEscape(_ value: UInt32) {
            out.append(contentsOf: "\\u".utf8)
            for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
        }
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case 0x22: out.append(contentsOf: "\\\"".utf8)
            case 0x5C: out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0x00..<0x20, 0x7F: unicodeEscape(UInt32(byte))
            case 0xE2:
                let second = bytes.index(after: index)
                if second != bytes.endIndex, bytes[second] == 0x80 {
                    let third = bytes.index(after: second)
                    if third != bytes.endIndex, bytes[third] == 0xA8 || bytes[third] == 0xA9 {
                        unicodeEscape(bytes[third] == 0xA8 ? 0x2028 : 0x2029)
                        index = bytes.index(after: third)
                        continue
                    }
                }
                out.append(byte)
            case 0xEF:
                // U+FEFF (EF BB BF): some readers (Foundation on Linux) drop it at the start of a string
                let second = bytes.index(after: index)
                if second != bytes.endIndex, bytes[second] == 0xBB {
                    let third = bytes.index(after: second)
                    if third != bytes.endIndex, bytes[third] == 0xBF {
                        unicodeEscape(0xFEFF)
                        index = bytes.index(after: third)
                        continue
                    }
                }
                out.append(byte)
            default: out.append(byte)
            }
            index = bytes.index(after: index)
        }
        out.append(UInt8(ascii: "\""))
    }
}
