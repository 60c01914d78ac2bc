import UISSpec

extension ResolveRun {
    // MARK: raw keys

    /// The spec's raw Flink keys that Flink `version` has, canonical names for deprecated ones; the rest are errors or warnings.
    mutating func checkRawKeys(version: FlinkVersion) -> [ConfigEntry] {
        var result: [ConfigEntry] = []
        for pair in spec.provider.config.rawFlinkKeys {
            let path = SpecPath.child("provider.config", pair.key)
            if !SpecRules.secretNames(in: pair.value).isEmpty {
                error("raw Flink key '\(pair.key)' holds a secret placeholder; Flink configuration cannot read secrets from the environment, set it in the connector options instead", path)
                continue
            }
            if FlinkConfigKeys.operatorForbidden.contains(pair.key) {
                error("'\(pair.key)' is set by the Flink Kubernetes Operator and may not be configured", path)
                continue
            }
            if let replacement = FlinkConfigKeys.inventedKeys[pair.key] {
                warning("'\(pair.key)' is not a Flink configuration key; it is left out. Use \(replacement)", path)
                continue
            }
            if !version.isTwoX, let problem = Self.legacyConfigProblem(pair.value) {
                error("the value of '\(pair.key)' \(problem)", path)
                continue
            }
            switch keys.lookup(pair.key, version: version) {
            case .known:
                result.append(ConfigEntry(pair.key, pair.value))
            case let .deprecated(canonical):
                if let canonical {
                    warning("'\(pair.key)' is a deprecated Flink key; it is written as '\(canonical)'", path)
                    result.append(ConfigEntry(canonical, pair.value))
                } else {
                    warning("'\(pair.key)' is a deprecated Flink key", path)
                    result.append(ConfigEntry(pair.key, pair.value))
                }
            case .unknown:
                var message = "'\(pair.key)' is not a configuration key of Flink \(version.rawValue); it is left out"
                if let near = keys.closest(to: pair.key, version: version) { message += ". Did you mean '\(near)'?" }
                warning(message, path)
            }
        }
        return result
    }

    /// Why a value cannot be written to Flink 1.x's legacy `flink-conf.yaml`, which Flink reads line by
    /// line, cutting each line at the first `#` and trimming it; nil when it can.
    static func legacyConfigProblem(_ value: String) -> String? {
        if value.contains(where: { $0.isNewline }) { return "holds a line break, which Flink 1.20's flink-conf.yaml cannot hold" }
        if value.contains("#") { return "holds '#', where Flink 1.20's flink-conf.yaml reader cuts the line; choose Flink 2.x (flink_version) or drop the '#'" }
        if value != value.trimmingCharacters(in: .whitespaces) { return "starts or ends with a space, which Flink 1.20's flink-conf.yaml reader drops" }
        return nil
    }
}
