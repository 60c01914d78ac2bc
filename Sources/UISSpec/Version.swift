/// The version of uis-gen, written into every bundle.
public enum UISGenVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
