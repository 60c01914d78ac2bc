/// YAML text outside quoted scalars (quoted scalars: ``Escape/yaml(_:)``).
package enum YAMLText {
    /// Text for a `# …` comment: one line; every line break YAML knows (including NEL, LS, PS) and every
    /// other control character becomes a space.
    package static func comment(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF { return " " }
            return scalar
        }))
    }
}
