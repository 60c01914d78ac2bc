/// The only way user text reaches a shell script: single-quoted words.
public enum ShellWord {
    /// `'text'` with every `'` written as `'\''`; plain words stay bare.
    public static func quote(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:@,+%".contains($0)) }) {
            return text
        }
        return "'" + text.replacingBytes("'", with: "'\\''") + "'"
    }
}
