import UISCompiler
import UISSpec
import UISText

/// `k8s/`: the FlinkDeployment, a Secret template, the PodMonitor, the PrometheusRule and a kustomization.
/// Each file is a Mustache template fed a view-model in which every value is already a YAML scalar
/// (`Escape.yaml`) or a number the generator computed; comments go through `YAMLText.comment`.
enum KubernetesFiles {
    /// Template names, in the order the files are returned.
    static let templateNames = [
        "k8s/flinkdeployment.yaml", "k8s/secret.yaml", "k8s/kustomization.yaml", "k8s/kustomizeconfig.yaml",
        "k8s/monitoring/podmonitor.yaml", "k8s/monitoring/prometheusrule.yaml", "k8s/monitoring/kustomization.yaml",
        "k8s-with-monitoring/kustomization.yaml",
    ]

    /// The TaskManagers' ephemeral-storage request: room for RocksDB's local working directory.
    static let taskManagerEphemeralStorage = "10Gi"

    /// Renders every file of `k8s/`; the PrometheusRule holds `alerts`' rule groups.
    static func render(_ context: BundleContext, alerts: PipelineAlerts, templates: TemplateSet) throws(TemplateError) -> [BundleFile] {
        var files: [BundleFile] = []
        for name in templateNames {
            let view: TemplateContext
            switch name {
            case "k8s/flinkdeployment.yaml": view = flinkDeploymentView(context)
            case "k8s/secret.yaml": view = secretView(context)
            case "k8s/monitoring/podmonitor.yaml": view = podMonitorView(context)
            case "k8s/monitoring/prometheusrule.yaml": view = prometheusRuleView(context, alerts: alerts)
            case "k8s/monitoring/kustomization.yaml", "k8s-with-monitoring/kustomization.yaml": view = common(context)
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
    static func common(_ context: BundleContext) -> TemplateContext {
        [
            "uisGenVersion": .text(YAMLText.comment(UISGenVersion.current)),
            "pipelineComment": .text(YAMLText.comment(context.pipeline.identity.name)),
            "name": .text(Escape.yaml(context.deploymentName)),
            "namespace": .text(Escape.yaml(context.namespace)),
            "labels": YAMLView.pairs(context.labels),
        ]
    }

    /// The view-model of `k8s/flinkdeployment.yaml`.
    static func flinkDeploymentView(_ context: BundleContext) -> TemplateContext {
        let p = context.pipeline
        var view = common(context)
        view["annotations"] = YAMLView.pairs(context.annotations)
        view["image"] = .text(Escape.yaml(context.image))
        view["flinkVersion"] = .text(Escape.yaml(FlinkRelease.operatorVersion(p.flink.version)))
        view["flinkConfiguration"] = YAMLView.pairs(context.operatorFlinkConfiguration)
        view["jobManagerMemory"] = .text(Escape.yaml(p.flink.jobManagerMemory))
        view["taskManagerMemory"] = .text(Escape.yaml(p.flink.taskManagerMemory))
        view["taskManagerCpu"] = .text(String(max(1, p.flink.taskSlots)))
        view["taskManagerEphemeralStorage"] = .text(Escape.yaml(taskManagerEphemeralStorage))
        view["podLabels"] = YAMLView.pairs(context.labels)
        view["metricsPort"] = .text(String(FlinkConfigBuilder.prometheusPort))
        view["hasSecrets"] = .flag(!p.secrets.isEmpty)
        view["secretNameComment"] = .text(YAMLText.comment(context.secretName))
        view["secrets"] = .objects(p.secrets.map { secret in
            [
                "comment": .text(YAMLText.comment("key \(secret.name) used at " + secret.usedAt.joined(separator: ", "))),
                "environmentVariable": .text(Escape.yaml(secret.environmentVariable)),
                "secretName": .text(Escape.yaml(context.secretName)),
                "key": .text(Escape.yaml(secret.name)),
            ]
        })
        view["jarURI"] = .text(Escape.yaml("local://" + FlinkCompiler.jarPath))
        view["entryClass"] = .text(Escape.yaml(p.identity.javaPackage + ".SqlRunner"))
        view["args"] = .texts([Escape.yaml(FlinkCompiler.sqlPath)])
        view["parallelism"] = .text(String(p.flink.parallelism))
        view["upgradeMode"] = .text(Escape.yaml(p.flink.upgradeMode.rawValue))
        return view
    }

    /// Keys for the `kubectl create secret` hint in comments.
    static func secretHint(_ context: BundleContext) -> TemplateContext {
        [
            "secretNameShell": .text(YAMLText.comment(Escape.shell(context.secretName))),
            "namespaceShell": .text(YAMLText.comment(Escape.shell(context.namespace))),
            "secrets": .objects(context.pipeline.secrets.map { secret in
                [
                    "keyShell": .text(YAMLText.comment(Escape.shell(secret.name))),
                    "key": .text(Escape.yaml(secret.name)),
                    "comment": .text(YAMLText.comment(
                        "env \(secret.environmentVariable), used at " + secret.usedAt.joined(separator: ", "))),
                ]
            }),
        ]
    }

    /// The view-model of `k8s/secret.yaml`.
    static func secretView(_ context: BundleContext) -> TemplateContext {
        var view = common(context)
        view["name"] = .text(Escape.yaml(context.secretName))
        view["hasSecrets"] = .flag(!context.pipeline.secrets.isEmpty)
        view["placeholderExample"] = "{{secret}}"
        view.merge(secretHint(context)) { $1 }
        return view
    }

    /// The view-model of `k8s/monitoring/podmonitor.yaml`.
    static func podMonitorView(_ context: BundleContext) -> TemplateContext {
        var view = common(context)
        view["selector"] = YAMLView.pairs(podSelector(context))
        return view
    }

    /// The view-model of `k8s/monitoring/prometheusrule.yaml`.
    static func prometheusRuleView(_ context: BundleContext, alerts: PipelineAlerts) -> TemplateContext {
        var view = common(context)
        view["groups"] = alerts.groups
        return view
    }

    /// The view-model of `k8s/kustomization.yaml` and `k8s/kustomizeconfig.yaml`.
    static func kustomizationView(_ context: BundleContext) -> TemplateContext {
        var view = common(context)
        view.merge(secretHint(context)) { $1 }
        view["imageName"] = .text(Escape.yaml(context.imageName))
        view["imageNameComment"] = .text(YAMLText.comment(context.imageName))
        view["imageTag"] = .text(Escape.yaml(context.imageTag))
        return view
    }
}

/// Helpers for YAML view-models.
enum YAMLView {
    /// `[{key, value}]` with both sides as YAML double-quoted scalars.
    static func pairs(_ pairs: [(key: String, value: String)]) -> TemplateValue {
        .objects(pairs.map { ["key": .text(Escape.yaml($0.key)), "value": .text(Escape.yaml($0.value))] })
    }
}
