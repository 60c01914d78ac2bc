/// Maven coordinates `group:artifact:version` (an optional classifier may follow).
public struct MavenCoordinate: Sendable, Hashable {
    /// The group id.
    public var group: String
    /// The artifact id.
    public var artifact: String
    /// The version.
    public var version: String
    /// The classifier, when one follows the version.
    public var classifier: String?

    /// Parses `g:a:v` or `g:a:v:classifier`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 || parts.count == 4 else { return nil }
        let ok = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) } }
        guard ok else { return nil }
        group = parts[0]; artifact = parts[1]; version = parts[2]; classifier = parts.count == 4 ? parts[3] : nil
    }

    /// Creates coordinates.
    public init(group: String, artifact: String, version: String, classifier: String? = nil) {
        self.group = group; self.artifact = artifact; self.version = version; self.classifier = classifier
    }

    /// `g:a:v[:c]`.
    public var description: String { [group, artifact, version].joined(separator: ":") + (classifier.map { ":" + $0 } ?? "") }
}
