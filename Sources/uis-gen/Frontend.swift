import UISSpec

/// The stages every command runs before its own: load, decode and validate.
enum Frontend {
    /// All diagnostics for one file (load, decode, validate).
    static func check(path: String) -> [Diagnostic] {
        SpecReader().read(path: path).diagnostics
    }
}
