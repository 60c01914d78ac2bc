import UISCompiler
import UISSpec
import UISText

/// Names and settings every bundle file agrees on, derived once from the pipeline.
package struct BundleContext: Sendable {
    /// The resolved pipeline.
    package var pipeline: Pipeline
    /// The bundle's top folder and tarball stem: the pipeline name.
    package var folder: String
    /// The FlinkDeployment's name (operator rule: `[a-z]([-a-z0-9]{0,43}[a-z0-9])?`).
    package var deploymentName: String
    /// The Kubernetes namespace.
    package var namespace: String
    /// The Secret holding every `{{secret}}` value.
    package var secretName: String
    /// The job image built from the bundle's Dockerfile (`uis-<name>:<digest12>`); kustomize rewrites its registry.
    package var image: String
    /// The image name without tag.
    package var imageName: String
    /// The image tag: the first 12 hex digits of the spec digest (or the uis-gen version).
    package var imageTag: String
    /// Labels on every Kubernetes object and metric (values already sanitised for Kubernetes).
    package var labels: [(key: String, value: String)]
    /// Annotations keeping the originals the labels had to shorten.
    package var annotations: [(key: String, value: String)]
    /// The Flink configuration for `spec.flinkConfiguration`: the operator derives parallelism and memory itself.
    package var operatorFlinkConfiguration: [(key: String, value: String)]
    /// The Java package path of the runner (`io/uisgen/pipeline/x`).
    package var javaPackagePath: String
    /// The Flink release (`2.2.1`).
    package var flinkRelease: String

    /// Derives everything from a pipeline.
    package init(pipeline p: Pipeline) {
        pipeline = p
        folder = p.identity.name
        let startsWithLetter = p.identity.name.first?.isLetter == true
        deploymentName = startsWithLetter ? p.identity.name : String(("p-" + p.identity.name).prefix(45)).trimmingCharacters(in: .init(charactersIn: "-"))
        namespace = p.deployment.namespace
        secretName = String((deploymentName + "-secrets").prefix(63))
        imageName = "uis-" + p.identity.name
        imageTag = p.identity.specSHA256.isEmpty ? UISGenVersion.current : String(p.identity.specSHA256.prefix(12))
        image = imageName + ":" + imageTag
        var labels: [(String, String)] = [
            ("app.kubernetes.io/name", Escape.labelValue(deploymentName)),
            ("app.kubernetes.io/managed-by", "uis-gen"),
            ("uis-gen.io/pipeline", Escape.labelValue(p.identity.name)),
        ]
        if let tenant = p.identity.tenantID, !Escape.labelValue(tenant).isEmpty { labels.append(("uis-gen.io/tenant", Escape.labelValue(tenant))) }
        if !p.identity.specSHA256.isEmpty { labels.append(("uis-gen.io/spec-digest", String(p.identity.specSHA256.prefix(16)))) }
        self.labels = labels
        var annotations: [(String, String)] = [("uis-gen.io/version", UISGenVersion.current)]
        if !p.identity.specSHA256.isEmpty { annotations.append(("uis-gen.io/spec-sha256", p.identity.specSHA256)) }
        if let tenant = p.identity.tenantID { annotations.append(("uis-gen.io/tenant", tenant)) }
        if let owner = p.identity.owner { annotations.append(("uis-gen.io/owner", owner)) }
        self.annotations = annotations
        var config = p.flink.configuration.filter { !FlinkConfigBuilder.operatorDerivedKeys.contains($0.key) }.map { (key: $0.key, value: $0.value) }
        if !config.contains(where: { $0.key == "high-availability.type" }) {
            config.append(("high-availability.type", "kubernetes"))
            let base = p.flink.checkpoint.dir.hasSuffix("/") ? p.flink.checkpoint.dir : p.flink.checkpoint.dir + "/"
            config.append(("high-availability.storageDir", base + "ha"))
        }
        operatorFlinkConfiguration = config
        javaPackagePath = p.identity.javaPackage.replacingBytes(".", with: "/")
        flinkRelease = FlinkRelease.full(p.flink.version)
    }
}
