import Testing
import UISCompiler
import UISText

/// `replacingBytes` and `containsBytes` against a plain reference on byte arrays.
@Suite struct ByteSearchTests {
    /// The reference: scan the bytes left to right, replacing non-overlapping matches.
    static func reference(_ text: String, _ target: String, _ replacement: String) -> String {
        let hay = Array(text.utf8), pin = Array(target.utf8)
        var out: [UInt8] = [], i = 0
        while i < hay.count {
            if i + pin.count <= hay.count, Array(hay[i..<i + pin.count]) == pin { out += replacement.utf8; i += pin.count }
            else { out.append(hay[i]); i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func matchesTheReferenceOnRandomText() {
        let pieces = ["a", "'", "''", "-", "--", "$", "${", "{", "é", "日", "\u{301}", "\n", "`", "*/", " "]
        var state: UInt64 = 0x1234_5678
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        for _ in 0..<3_000 {
            let text = (0..<next(24)).map { _ in pieces[next(pieces.count)] }.joined()
            let target = ["'", "--", "${", "`", "*/", "\n", "é", "ab"][next(8)]
            let replacement = ["''", "- -", "$ {", "", "x", "\\n"][next(6)]
            #expect(text.replacingBytes(target, with: replacement) == Self.reference(text, target, replacement), "\(text.debugDescription)")
            #expect(text.containsBytes(target) == (Self.reference(text, target, "\u{0}\u{1}") != text), "\(text.debugDescription)")
            #expect(Substring(text).replacingBytes(target, with: replacement) == Self.reference(text, target, replacement))
        }
    }

    /// A quote followed by a combining mark is one character but still a quote to bash and SQL.
    @Test func combiningMarksDoNotHideAQuote() {
        #expect("a'\u{301}b".replacingBytes("'", with: "''") == "a''\u{301}b")
        #expect(ShellWord.quote("x'\u{301}") == "'x'\\''\u{301}'")
        #expect(SQLText.literal("'\u{301}") == "'''\u{301}'")
    }
}
