import UISCompiler
import UISSpec

/// `k8s/`: the FlinkDeployment, a Secret template, the PodMonitor, the PrometheusRule and a kustomization.
/// Each file is a Mustache template fed a view-model in which every value is already a YAML scalar
/// (`Escape.yaml`) or a number the generator computed; comments go through `YAMLText.comment`.
enum KubernetesFiles {
    /// Template names, in the order the files are returned.
    static let templateNames = [
        "k8s/flinkdeployment.yaml", "k8s/secret.yaml", "k8s/podmonitor.yaml",
        "k8s/prometheusrule.yaml", "k8s/kustomization.yaml", "k8s/kustomizeconfig.yaml",
    ]

    /// Renders every file of `k8s/`.
    static func render(_ context: BundleContext, templates: TemplateSet) throws(TemplateError) -> [BundleFile] {
        var files: [BundleFile] = []
        for name in templateNames {
            let view: [String: Any]
            switch name {
            case "k8s/flinkdeployment.yaml": view = flinkDeploymentView(context)
            case "k8s/secret.yaml": view = secretView(context)
            case "k8s/podmonitor.yaml": view = podMonitorView(context)
            case "k8s/prometheusrule.yaml": view = prometheusRuleView(context)
            default: view = kustomizationView(context)
            }
            files.append(BundleFile(path: name, contents: try templates.render(name, view)))
        }
        return files
    }

    /// The labels a PodMonitor selects pods by: stable across spec revisions (no digest).
    static func podSelector(_ context: BundleContext) -> [(key: String, value: String)] {
        context.labels.filter { $0.key == "app.kubernetes.io/name" || $0.key == "uis-gen.io/pipeline" }
    }

    // MARK: view-models

    /// Keys shared by every k8s template.
    static func common(_ context: BundleContext) -> [String: Any] {
        [
            "uisGenVersion": YAMLText.comment(UISGenVersion.current),
            "pipelineComment": YAMLText.comment(context.pipeline.name),
            "name": Escape.yaml(context.deploymentName),
            "namespace": Escape.yaml(context.namespace),
            "labels": YAMLText.pairs(context.labels),
        ]
    }

    static func flinkDeploymentView(_ context: BundleContext) -> [String: Any] {
        let p = context.pipeline
        var view = common(context)
        view["annotations"] = YAMLText.pairs(context.annotations)
        view["image"] = Escape.yaml(context.image)
        view["flinkVersion"] = Escape.yaml(FlinkRelease.operatorVersion(p.flinkVersion))
        view["flinkConfiguration"] = YAMLText.pairs(context.operatorFlinkConfiguration)
        view["jobManagerMemory"] = Escape.yaml(p.jobManagerMemory)
        view["taskManagerMemory"] = Escape.yaml(p.taskManagerMemory)
        view["taskManagerCpu"] = String(max(1, p.taskSlots))
        view["podLabels"] = YAMLText.pairs(context.labels)
        view["metricsPort"] = String(FlinkConfigBuilder.prometheusPort)
        view["hasSecrets"] = !p.secrets.isEmpty
        view["secretNameComment"] = YAMLText.comment(context.secretName)
        view["secrets"] = p.secrets.map { secret -> [String: Any] in
            [
                "comment": YAMLText.comment("key \(secret.name) used at " + secret.usedAt.joined(separator: ", ")),
                "environmentVariable": Escape.yaml(secret.environmentVariable),
                "secretName": Escape.yaml(context.secretName),
                "key": Escape.yaml(secret.name),
            ]
        }
        view["jarURI"] = Escape.yaml("local://" + FlinkCompiler.jarPath)
        view["entryClass"] = Escape.yaml(p.javaPackage + ".SqlRunner")
        view["args"] = [Escape.yaml(FlinkCompiler.sqlPath)]
        view["parallelism"] = String(p.parallelism)
        view["upgradeMode"] = Escape.yaml(p.upgradeMode.rawValue)
        return view
    }

    /// Keys for the `kubectl create secret` hint in comments.
    static func secretHint(_ context: BundleContext) -> [String: Any] {
        [
            "secretNameShell": YAMLText.comment(Escape.shell(context.secretName)),
            "namespaceShell": YAMLText.comment(Escape.shell(context.namespace)),
            "secrets": context.pipeline.secrets.map { secret -> [String: Any] in
                [
                    "keyShell": YAMLText.comment(Escape.shell(secret.name)),
                    "key": Escape.yaml(secret.name),
                    "comment": YAMLText.comment(
                        "env \(secret.environmentVariable), used at " + secret.usedAt.joined(separator: ", ")),
                ]
            },
        ]
    }

    static func secretView(_ context: BundleContext) -> [String: Any] {
        var view = common(context)
        view["name"] = Escape.yaml(context.secretName)
        view["hasSecrets"] = !context.pipeline.secrets.isEmpty
        view["placeholderExample"] = "{{secret}}"
        view.merge(secretHint(context)) { $1 }
        return view
    }

    static func podMonitorView(_ context: BundleContext) -> [String: Any] {
        var view = common(context)
        view["selector"] = YAMLText.pairs(podSelector(context))
        return view
    }

    static func prometheusRuleView(_ context: BundleContext) -> [String: Any] {
        var view = common(context)
        view["groups"] = MonitoringFiles.groupsView(context)
        return view
    }

    static func kustomizationView(_ context: BundleContext) -> [String: Any] {
        var view = common(context)
        view.merge(secretHint(context)) { $1 }
        view["imageName"] = Escape.yaml(context.imageName)
        view["imageNameComment"] = YAMLText.comment(context.imageName)
        view["imageTag"] = Escape.yaml(context.imageTag)
        return view
    }
}

/// Helpers for YAML view-models.
enum YAMLText {
    /// `[{key, value}]` with both sides as YAML double-quoted scalars.
    static func pairs(_ pairs: [(key: String, value: String)]) -> [[String: Any]] {
        pairs.map { ["key": Escape.yaml($0.key), "value": Escape.yaml($0.value)] }
    }

    /// Text for a `# …` comment: one line; every line break YAML knows (including NEL, LS, PS) and every
    /// other control character becomes a space.
    static func comment(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF { return " " }
            return scalar
        }))
    }
}
