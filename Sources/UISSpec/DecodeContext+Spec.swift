import Foundation

/// The spec's top level: version, name, created_by, description and provider.
extension DecodeContext {
    /// The whole spec; nil when a required part is missing or wrong.
    func decodeSpec(_ root: SpecNode) -> Spec? {
        // at most one location per node: sized once instead of rehashed as it grows (large specs)
        locations.reserveCapacity(root.nodeCount)
        locations[""] = root.location
        guard let top = mapping(root, "", what: "the spec") else { return nil }
        unknownKeys(top, known: ["version", "name", "created_by", "description", "provider", "$schema"])

        var version: String?
        if let node = required(top, "version", what: "the spec version, \"1.1\"") {
            if let value = text(node, "version", what: "version") {
                if SpecRules.versions.contains(value) { version = value }
                else { error("unsupported spec version '\(value)'; expected \"1.1\" (or \"1.0\")", "version", node.location) }
            }
        }
        var name: String?
        if let node = required(top, "name", what: "the pipeline name, a lowercase DNS-1123 label") {
            if let value = text(node, "name", what: "name") {
                if SpecRules.isValidName(value) { name = value }
                else if value.count > SpecRules.maxNameLength {
                    error("name '\(value.prefix(60))' is \(value.count) characters; at most \(SpecRules.maxNameLength) so derived Kubernetes names stay under 63", "name", node.location)
                } else {
                    error("name '\(value)' is not a lowercase DNS-1123 label: use a-z, 0-9 and '-', starting and ending with a letter or digit (e.g. 'realtime-analytics')", "name", node.location)
                }
            }
        }
        var createdBy: String?
        if let node = required(top, "created_by", what: "the author") {
            createdBy = nonEmptyText(node, "created_by", what: "created_by")
        }
        let description = optionalText(top, "description", what: "description")
        var provider: Provider?
        if let node = required(top, "provider", what: "the source, its endpoints and sinks") {
            provider = decodeProvider(node, pipelineName: name ?? "pipeline")
        }
        guard let version, let name, let createdBy, let provider else { return nil }
        return Spec(version: version, name: name, createdBy: createdBy, description: description,
                    provider: provider, locations: locations, file: file)
    }
}
