import Foundation
import Testing
@testable import UISBundle
import UISCompiler
import UISSpec
import UISTestSupport
import Yams

/// Pipelines from Examples/ and helpers shared by the k8s, monitoring and DolphinScheduler tests.
enum DeployFixtures {
    static var examples: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Examples").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted().map { "Examples/" + $0 }
    }

    /// The example's pipeline, with a fixed spec digest so image tags and labels do not follow edits of the example.
    static func pipeline(_ example: String) throws -> Pipeline {
        let result = BundlePipeline.run(.path(repositoryRoot.appendingPathComponent(example).path), options: BundlePipelineOptions(goal: .resolve))
        var pipeline = try #require(result.pipeline, "\(example): \(result.diagnostics.map(\.formatted))")
        pipeline.identity.specSHA256 = String(repeating: "ab", count: 32)
        return pipeline
    }

    static func context(_ example: String) throws -> BundleContext { BundleContext(pipeline: try pipeline(example)) }

    static func templates() throws -> TemplateSet { try TemplateSet.bundled.get() }

    /// Text with everything that breaks YAML, Prometheus templates, shells and Markdown.
    static let hostile = "O'Brien \"the\" {{ $labels.x }} #1: a: b\nline2\t\\ {{secret}} }} 😀 é — %s ${HOME} `id`"

    /// A pipeline with hostile owner, tenant and description.
    static func hostileContext(_ example: String = "Examples/orders-cdc.yaml") throws -> BundleContext {
        var p = try pipeline(example)
        p.identity.owner = hostile
        p.identity.tenantID = hostile + " tenant"
        p.identity.description = hostile + " description"
        return BundleContext(pipeline: p)
    }

    static func yaml(_ file: BundleFile) throws -> [String: Any] {
        try #require(try Yams.load(yaml: file.contents) as? [String: Any], "\(file.path) is not a mapping")
    }

    static func file(_ files: [BundleFile], _ path: String) throws -> BundleFile {
        try #require(files.first { $0.path == path }, "no \(path)")
    }

    static func isLabelValue(_ value: String) -> Bool {
        value.count <= 63 && (value.isEmpty || value.range(of: #"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$"#, options: .regularExpression) != nil)
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

@Suite struct KubernetesFilesTests {
    @Test(arguments: DeployFixtures.examples) func flinkDeploymentAgreesWithContext(_ example: String) throws {
        let context = try DeployFixtures.context(example)
        let p = context.pipeline
        let files = try KubernetesFiles.render(context, alerts: PipelineAlerts(context), templates: DeployFixtures.templates())
        #expect(files.map(\.path) == KubernetesFiles.templateNames)
        let doc = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/flinkdeployment.yaml"))
        #expect(doc["apiVersion"] as? String == "flink.apache.org/v1beta1")
        #expect(doc["kind"] as? String == "FlinkDeployment")
        let meta = try #require(doc["metadata"] as? [String: Any])
        #expect(meta["name"] as? String == context.deploymentName)
        #expect(meta["namespace"] as? String == context.namespace)
        #expect(context.deploymentName.range(of: #"^[a-z]([-a-z0-9]{0,43}[a-z0-9])?$"#, options: .regularExpression) != nil)
        let labels = try #require(meta["labels"] as? [String: String])
        #expect(labels == Dictionary(uniqueKeysWithValues: context.labels.map { ($0.key, $0.value) }))
        for value in labels.values { #expect(DeployFixtures.isLabelValue(value), "\(value)") }
        let spec = try #require(doc["spec"] as? [String: Any])
        #expect(spec["image"] as? String == context.image)
        #expect(spec["imagePullPolicy"] as? String == "IfNotPresent")
        #expect(spec["flinkVersion"] as? String == FlinkRelease.operatorVersion(p.flink.version))
        #expect(spec["serviceAccount"] as? String == "flink")
        let conf = try #require(spec["flinkConfiguration"] as? [String: Any])
        #expect(conf.count == context.operatorFlinkConfiguration.count)
        for (key, value) in context.operatorFlinkConfiguration { #expect(conf[key] as? String == value, "\(key)") }
        for key in ["kubernetes.namespace", "kubernetes.cluster-id", "high-availability.cluster-id", "parallelism.default"] { #expect(conf[key] == nil) }
        if p.flink.upgradeMode != .stateless { #expect(conf["execution.checkpointing.dir"] as? String == p.flink.checkpoint.dir) }
        if p.flink.upgradeMode == .savepoint { #expect(conf["execution.checkpointing.savepoint-dir"] as? String == p.flink.savepointDir) }
        let jm = try #require((spec["jobManager"] as? [String: Any])?["resource"] as? [String: Any])
        #expect(jm["memory"] as? String == p.flink.jobManagerMemory)
        let tm = try #require((spec["taskManager"] as? [String: Any])?["resource"] as? [String: Any])
        #expect(tm["memory"] as? String == p.flink.taskManagerMemory)
        #expect(tm["cpu"] as? Int == max(1, p.flink.taskSlots))
        #expect(tm["ephemeralStorage"] as? String == "10Gi")
        // non-root, no privilege escalation, no capabilities
        let podSpec = try #require((spec["podTemplate"] as? [String: Any])?["spec"] as? [String: Any])
        let podSecurity = try #require(podSpec["securityContext"] as? [String: Any])
        #expect(podSecurity["runAsNonRoot"] as? Bool == true && podSecurity["runAsUser"] as? Int == 9999)
        let mainContainer = try #require((podSpec["containers"] as? [[String: Any]])?.first { $0["name"] as? String == "flink-main-container" })
        let containerSecurity = try #require(mainContainer["securityContext"] as? [String: Any])
        #expect(containerSecurity["allowPrivilegeEscalation"] as? Bool == false)
        #expect((containerSecurity["capabilities"] as? [String: Any])?["drop"] as? [String] == ["ALL"])
        let job = try #require(spec["job"] as? [String: Any])
        #expect(job["jarURI"] as? String == "local://" + FlinkCompiler.jarPath)
        #expect(job["entryClass"] as? String == p.identity.javaPackage + ".SqlRunner")
        #expect(job["args"] as? [String] == [FlinkCompiler.sqlPath])
        #expect(job["parallelism"] as? Int == p.flink.parallelism)
        #expect(job["upgradeMode"] as? String == p.flink.upgradeMode.rawValue)
        #expect(job["state"] as? String == "running")

        let pod = try #require(spec["podTemplate"] as? [String: Any])
        let podLabels = try #require((pod["metadata"] as? [String: Any])?["labels"] as? [String: String])
        #expect(podLabels == labels)
        let containers = try #require((pod["spec"] as? [String: Any])?["containers"] as? [[String: Any]])
        let main = try #require(containers.first)
        #expect(main["name"] as? String == "flink-main-container")
        let ports = try #require(main["ports"] as? [[String: Any]])
        #expect(ports.contains { $0["name"] as? String == "metrics" && $0["containerPort"] as? Int == 9249 })
        let env = (main["env"] as? [[String: Any]]) ?? []
        #expect(env.count == p.secrets.count)
        for (entry, secret) in zip(env, p.secrets) {
            #expect(entry["name"] as? String == secret.environmentVariable)
            #expect(entry["value"] == nil)
            let ref = try #require((entry["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: Any])
            #expect(ref["name"] as? String == context.secretName)
            #expect(ref["key"] as? String == secret.name)
        }
    }

    @Test(arguments: DeployFixtures.examples) func otherFilesAgree(_ example: String) throws {
        let context = try DeployFixtures.context(example)
        let files = try KubernetesFiles.render(context, alerts: PipelineAlerts(context), templates: DeployFixtures.templates())
        let secret = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/secret.yaml"))
        #expect(secret["kind"] as? String == "Secret")
        #expect(secret["type"] as? String == "Opaque")
        #expect((secret["metadata"] as? [String: Any])?["name"] as? String == context.secretName)
        let data = try #require(secret["stringData"] as? [String: Any])
        #expect(Set(data.keys) == Set(context.pipeline.secrets.map(\.name)))
        for value in data.values { #expect(value as? String == "") }
        let secretText = try DeployFixtures.file(files, "k8s/secret.yaml").contents
        for s in context.pipeline.secrets { #expect(secretText.contains("used at " + s.usedAt.joined(separator: ", "))) }

        let monitor = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/monitoring/podmonitor.yaml"))
        #expect(monitor["apiVersion"] as? String == "monitoring.coreos.com/v1")
        let monitorSpec = try #require(monitor["spec"] as? [String: Any])
        let selector = try #require((monitorSpec["selector"] as? [String: Any])?["matchLabels"] as? [String: String])
        let labels = Dictionary(uniqueKeysWithValues: context.labels.map { ($0.key, $0.value) })
        #expect(!selector.isEmpty)
        for (k, v) in selector { #expect(labels[k] == v) }
        #expect((monitorSpec["namespaceSelector"] as? [String: Any])?["matchNames"] as? [String] == [context.namespace])
        let endpoints = try #require(monitorSpec["podMetricsEndpoints"] as? [[String: Any]])
        #expect(endpoints.first?["port"] as? String == "metrics")
        #expect(endpoints.first?["path"] as? String == "/metrics")
        #expect(endpoints.first?["interval"] as? String == "30s")

        let rule = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/monitoring/prometheusrule.yaml"))
        #expect(rule["kind"] as? String == "PrometheusRule")
        let alerts = try DeployFixtures.yaml(try #require(MonitoringFiles.render(context, alerts: PipelineAlerts(context), templates: DeployFixtures.templates()).first))
        let ruleGroups = try #require((rule["spec"] as? [String: Any])?["groups"] as? [[String: Any]])
        let alertGroups = try #require(alerts["groups"] as? [[String: Any]])
        #expect(NSArray(array: ruleGroups).isEqual(to: alertGroups))

        let kustomization = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/kustomization.yaml"))
        #expect(kustomization["namespace"] as? String == context.namespace)
        // the Prometheus Operator objects are a Component of their own: `apply -k k8s/` needs none of its CRDs
        #expect(kustomization["resources"] as? [String] == ["flinkdeployment.yaml"])
        let component = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/monitoring/kustomization.yaml"))
        #expect(component["kind"] as? String == "Component")
        #expect(component["resources"] as? [String] == ["podmonitor.yaml", "prometheusrule.yaml"])
        let overlay = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s-with-monitoring/kustomization.yaml"))
        #expect(overlay["resources"] as? [String] == ["../k8s"] && overlay["components"] as? [String] == ["../k8s/monitoring"])
        let images = try #require(kustomization["images"] as? [[String: Any]])
        #expect(images.first?["name"] as? String == context.imageName)
        #expect(images.first?["newName"] as? String == context.imageName)
        #expect(images.first?["newTag"] as? String == context.imageTag)
        let labelBlock = try #require((kustomization["labels"] as? [[String: Any]])?.first)
        #expect(labelBlock["includeSelectors"] as? Bool == false)
        #expect(labelBlock["pairs"] as? [String: String] == labels)
        let config = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/kustomizeconfig.yaml"))
        #expect((config["images"] as? [[String: Any]])?.first?["path"] as? String == "spec/image")
    }

    @Test func secretTemplateWithoutSecretsIsValid() throws {
        var p = try DeployFixtures.pipeline("Examples/orders-cdc.yaml")
        p.secrets = []
        let files = try KubernetesFiles.render(BundleContext(pipeline: p), alerts: PipelineAlerts(BundleContext(pipeline: p)), templates: DeployFixtures.templates())
        let secret = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/secret.yaml"))
        #expect(secret["kind"] as? String == "Secret")
        #expect((secret["stringData"] as? [String: Any])?.isEmpty == true)
        let doc = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/flinkdeployment.yaml"))
        let main = (((doc["spec"] as? [String: Any])?["podTemplate"] as? [String: Any])?["spec"] as? [String: Any])?["containers"] as? [[String: Any]]
        #expect(main?.first?["env"] == nil)
    }

    @Test func hostileStringsParseBackExactly() throws {
        let context = try DeployFixtures.hostileContext()
        let files = try KubernetesFiles.render(context, alerts: PipelineAlerts(context), templates: DeployFixtures.templates())
        for file in files { _ = try DeployFixtures.yaml(file) }
        let doc = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/flinkdeployment.yaml"))
        let meta = try #require(doc["metadata"] as? [String: Any])
        let annotations = try #require(meta["annotations"] as? [String: String])
        #expect(annotations["uis-gen.io/owner"] == DeployFixtures.hostile)
        #expect(annotations["uis-gen.io/tenant"] == DeployFixtures.hostile + " tenant")
        for value in (meta["labels"] as? [String: String] ?? [:]).values { #expect(DeployFixtures.isLabelValue(value), "\(value)") }
        // Values never leak into comments as extra lines: every line is a comment, a key or a list item.
        for file in files {
            for line in file.contents.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                let trimmed = line.drop { $0 == " " }
                #expect(trimmed.hasPrefix("#") || trimmed.hasPrefix("- ") || trimmed.contains(":"), "\(file.path): \(line)")
            }
        }
    }

    /// Hostile text in a secret's spec path and in the namespace stays inside its comment or scalar.
    @Test func hostileSecretPathsAndNamespace() throws {
        var p = try DeployFixtures.pipeline("Examples/orders-cdc.yaml")
        var ref = try #require(p.secrets.first)
        ref.name = "db_password"
        ref.usedAt = ["provider.config[\"a\nb: c\u{85}#\"]"]
        p.secrets = [ref]
        var context = BundleContext(pipeline: p)
        context.namespace = "ns\"'\n: #x"
        let files = try KubernetesFiles.render(context, alerts: PipelineAlerts(context), templates: DeployFixtures.templates())
        let secret = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/secret.yaml"))
        #expect((secret["stringData"] as? [String: String]) == ["db_password": ""])
        #expect((secret["metadata"] as? [String: Any])?["namespace"] as? String == context.namespace)
        let kustomization = try DeployFixtures.yaml(DeployFixtures.file(files, "k8s/kustomization.yaml"))
        #expect(kustomization["namespace"] as? String == context.namespace)
    }
}
