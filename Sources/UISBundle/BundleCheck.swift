import Foundation
import UISCompiler
import UISSpec
import Yams

/// The self-check every bundle passes before it is packed: files parse back, names agree, no secret leaks.
public enum BundleCheck {
    /// Files that reach clusters; a `{{secret}}` placeholder must not survive in them.
    static func isDeployable(_ path: String) -> Bool {
        !(path == "README.md" || path.hasSuffix("/README.md") || path.hasPrefix("spec/") || path == "bundle.json")
    }

    /// Every problem found; empty when the bundle is sound.
    public static func problems(_ files: [BundleFile], context: BundleContext) -> [String] {
        var problems: [String] = []
        let p = context.pipeline
        var seen = Set<String>()
        for file in files {
            if !seen.insert(file.path).inserted { problems.append("\(file.path): written twice") }
            if file.path.hasSuffix(".json") {
                if (try? JSONSerialization.jsonObject(with: Data(file.contents.utf8), options: [.fragmentsAllowed])) == nil {
                    problems.append("\(file.path): does not parse back as JSON")
                }
            } else if file.path.hasSuffix(".yaml") || file.path.hasSuffix(".yml") {
                if file.path == "flink/flink-conf.yaml" {
                    for line in file.contents.split(separator: "\n") where !line.hasPrefix("#") && !line.contains(": ") {
                        problems.append("\(file.path): line '\(line)' is not 'key: value'")
                    }
                } else {
                    do { for _ in try Yams.compose_all(yaml: file.contents) {} } catch {
                        problems.append("\(file.path): does not parse back as YAML: \(error)")
                    }
                }
            }
            if isDeployable(file.path) {
                for secret in p.secrets where file.contents.contains("{{\(secret.name)}}") {
                    problems.append("\(file.path): the secret placeholder {{\(secret.name)}} survived; it must become ${\(secret.environmentVariable)} or a Secret key")
                }
            }
        }
        // names agree across files
        if let deployment = files.first(where: { $0.path == "k8s/flinkdeployment.yaml" }),
           let node = try? Yams.compose(yaml: deployment.contents) {
            let spec = node["spec"]
            if node["metadata"]?["name"]?.string != context.deploymentName { problems.append("k8s/flinkdeployment.yaml: metadata.name is not \(context.deploymentName)") }
            if spec?["job"]?["parallelism"]?.int != p.parallelism { problems.append("k8s/flinkdeployment.yaml: job.parallelism is not \(p.parallelism)") }
            if spec?["flinkVersion"]?.string != FlinkRelease.operatorVersion(p.flinkVersion) { problems.append("k8s/flinkdeployment.yaml: flinkVersion is not \(FlinkRelease.operatorVersion(p.flinkVersion))") }
            let conf = spec?["flinkConfiguration"]
            for key in ["execution.checkpointing.dir", "execution.checkpointing.savepoint-dir"] {
                let expected = p.flinkConfiguration.first { $0.key == key }?.value
                if conf?[key]?.string != expected { problems.append("k8s/flinkdeployment.yaml: \(key) disagrees with the Flink configuration") }
            }
            if conf?["pipeline.name"]?.string != p.jobName { problems.append("k8s/flinkdeployment.yaml: pipeline.name is not \(p.jobName)") }
        } else {
            problems.append("k8s/flinkdeployment.yaml: missing or unreadable")
        }
        if let sql = files.first(where: { $0.path == "sql/pipeline.sql" }) {
            if !sql.contents.contains("SET 'pipeline.name' = \(SQLText.literal(p.jobName));") { problems.append("sql/pipeline.sql: pipeline.name is not \(p.jobName)") }
            if sql.contents.contains("{{") && p.secrets.contains(where: { sql.contents.contains("{{\($0.name)}}") }) { problems.append("sql/pipeline.sql: secret placeholder left") }
        }
        if let docker = files.first(where: { $0.path == "Dockerfile" }), !docker.contents.contains("FROM \(p.image)") {
            problems.append("Dockerfile: FROM is not \(p.image)")
        }
        return problems
    }
}
