/// The only way user text reaches a shell script: single-quoted words.
package enum ShellWord {
    /// `'text'` with every `'` written as `'\''`; plain words stay bare.
    package static func quote(_ text: String) -> String {
        // bytes, not Characters: a letter followed by a combining mark is not a plain word
        if !text.isEmpty, text.utf8.allSatisfy(isPlain) { return text }
        return "'" + text.replacingBytes("'", with: "'\\''") + "'"
    }

    /// `[A-Za-z0-9-_./=:@,+%]`: bytes that need no quoting.
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: ":"),
             UInt8(ascii: "@"), UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "%"): return true
        default: return false
        }
    }
}
