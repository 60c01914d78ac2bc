/// PromQL text.
package enum PromQLText {
    /// A PromQL double-quoted string literal: controls and DEL as `\uXXXX`, everything else as it is.
    package static func string(_ text: String) -> String {
        "\"" + Escape.backslashEscaped(text) { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F ? "\\u" + String(scalar.value, radix: 16).leftPadded(4) : nil
        } + "\""
    }
}
