import UISCompiler
import UISSpec
import UISText

/// The bundle's `README.md`, the runbook (template `bundle/README.md`; its keys are documented beside it).
enum ReadmeFile {
    /// Renders `README.md`; `files` lists every file of the bundle.
    static func render(_ context: BundleContext, alerts: PipelineAlerts, files: [String], workflowFile: String,
                       templates: TemplateSet) throws(TemplateError) -> BundleFile {
        let view = view(context, alerts: alerts, files: files, workflowFile: workflowFile)
        return BundleFile(path: "README.md", contents: try templates.render("bundle/README.md", view))
    }

    /// The view-model of the bundle's `README.md`.
    static func view(_ context: BundleContext, alerts pipelineAlerts: PipelineAlerts, files: [String], workflowFile: String) -> TemplateContext {
        let p = context.pipeline
        let md = Escape.markdown, code = Escape.markdownCode, sh = Escape.shell
        let sourceKind: String = ["websocket": "WebSocket", "webhook": "Webhook", "kafka": "Kafka", "database": "Database CDC"][p.provider.type.rawValue] ?? p.provider.type.rawValue
        let endpoints: [[String: TemplateValue]] = p.sources.map { source in
            let reads: String
            switch p.provider.type {
            case .kafka: reads = "topic " + code(source.options.first { $0.key == "topic" }?.value ?? "")
            case .database: reads = "table " + code(source.options.filter { ["schema-name", "table-name", "database-name"].contains($0.key) }.map(\.value).joined(separator: "."))
            case .websocket, .webhook: reads = code(source.options.first { $0.key == "url" }?.value ?? "")
            }
            let columns = source.projections.map { "\(code($0.column)) \(md($0.type.sql))" }.joined(separator: ", ")
            return ["name": .text(md(source.endpointName)), "reads": .text(reads), "table": .text(code(source.tableName)), "columns": .text(columns)]
        }
        let sinks: [[String: TemplateValue]] = p.sinks.map { sink in
            ["index": .text(String(sink.index)), "title": .text(md(sink.title)), "connector": .text(code(sink.connector.identifier)),
             "notes": .text(md(sink.notes.joined(separator: "; ")))]
        }
        let secrets: [[String: TemplateValue]] = p.secrets.enumerated().map { index, secret in
            ["key": .text(code(secret.name)), "variable": .text(code(secret.environmentVariable)), "usedAt": .text(secret.usedAt.map(code).joined(separator: ", ")),
             "keyShell": .text(sh(secret.name)), "continuation": index + 1 < p.secrets.count ? "\\" : ""]
        }
        let artifacts: [[String: TemplateValue]] = p.artifacts.map {
            ["coordinate": .text(code($0.coordinate.description)), "central": $0.onMavenCentral ? "yes" : "**no**: publish it to your repository", "usedBy": .text(md($0.usedBy))]
        }
        let alerts: [[String: TemplateValue]] = pipelineAlerts.rules.map(\.rule).map {
            ["name": .text(md($0.name)), "severity": .text(md($0.severity)), "summary": .text(md($0.summary)), "expression": .text(code($0.expression)),
             "forDuration": .text(md($0.forDuration)), "runbook": .text(md($0.runbook))]
        }
        let upgradeHow: String
        switch p.flink.upgradeMode {
        case .savepoint: upgradeHow = "takes a savepoint of the running job"
        case .lastState: upgradeHow = "keeps the last checkpoint (HA metadata)"
        case .stateless: upgradeHow = "drops state (not recommended for production)"
        }
        var result: TemplateContext = [
            "title": .text(md(p.identity.displayName.map { "\(p.identity.name): \($0)" } ?? p.identity.name)),
            "uisGenVersion": .text(UISGenVersion.current), "specSha256": .text(p.identity.specSHA256.isEmpty ? "unknown" : p.identity.specSHA256),
            "createdBy": .text(md(p.identity.createdBy)), "owner": .text(md(p.identity.owner ?? "(no owner set)")), "tenant": .text(md(p.identity.tenantID ?? "(none)")),
            "nameCode": .text(code(p.identity.name)), "jobNameCode": .text(code(p.identity.jobName)), "flinkRelease": .text(context.flinkRelease), "imageCode": .text(code(context.image)),
            "imageBase": .text(p.flink.image), "deploymentCode": .text(code(context.deploymentName)), "namespaceCode": .text(code(context.namespace)),
            "parallelism": .text(String(p.flink.parallelism)), "taskSlots": .text(String(p.flink.taskSlots)),
            "checkpointInterval": .text("\(p.flink.checkpoint.intervalMs / 1000) s"), "checkpointDirCode": .text(code(p.flink.checkpoint.dir)), "savepointDirCode": .text(code(p.flink.savepointDir)),
            "upgradeMode": .text(p.flink.upgradeMode.rawValue), "upgradeHow": .text(upgradeHow), "sourceKind": .text(sourceKind),
            "providerCode": .text(code(p.identity.providerName)), "baseURLCode": .text(code(p.provider.baseURL)), "endpoints": .objects(endpoints), "sinks": .objects(sinks),
            "connectorNotes": .texts(p.connectorNotes.map(md)), "hasConnectorNotes": .flag(!p.connectorNotes.isEmpty), "hasSecrets": .flag(!p.secrets.isEmpty), "secrets": .objects(secrets),
            "secretNameCode": .text(code(context.secretName)), "secretNameShell": .text(sh(context.secretName)), "namespaceShell": .text(sh(context.namespace)),
            "deploymentShell": .text(sh(context.deploymentName)), "imageShell": .text(sh(context.image)), "imageNameShell": .text(sh(context.imageName)),
            "artifacts": .objects(artifacts), "alerts": .objects(alerts), "files": .texts(files.sorted()),
            "workflowFile": .text(workflowFile),
            "flinkConfigFile": p.flink.version.isTwoX ? "config.yaml" : "flink-conf.yaml",
            "decodesRecords": .flag(p.provider.type != .database),
            "hasFileSystemPlugins": .flag(!p.flink.fileSystemPlugins.isEmpty),
            "fileSystemPlugins": .objects(p.flink.fileSystemPlugins.map {
                ["jar": .text(code($0.jar)), "schemes": .text($0.schemes.map { code($0 + "://") }.joined(separator: ", ")),
                 "credentials": .text(Self.credentials($0, serviceAccount: "flink"))]
            }),
            "skipsParseErrors": .flag(p.provider.onParseError == .skip),
        ]
        if let description = p.identity.description { result["description"] = .text(description.split(separator: "\n", omittingEmptySubsequences: false).map { md(String($0)) }.joined(separator: "\n")) }
        if let displayName = p.identity.displayName { result["displayName"] = .text(md(displayName)) }
        return result
    }

    /// How a file system plugin gets credentials on Kubernetes (Markdown).
    static func credentials(_ plugin: FileSystemPlugin, serviceAccount: String) -> String {
        switch plugin.name {
        case "s3-fs-presto", "s3-fs-hadoop":
            return "S3 (`\(plugin.name)`): on EKS, IRSA: annotate the `\(serviceAccount)` service account with `eks.amazonaws.com/role-arn` for a role that may read and write the bucket; elsewhere, `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` from a Secret as env of the pod template (or `s3.access-key` / `s3.secret-key` in the Flink configuration). For MinIO and other S3-compatible stores set `s3.endpoint` and `s3.path.style.access: true`."
        case "gs-fs-hadoop":
            return "Google Cloud Storage (`gs-fs-hadoop`): on GKE, Workload Identity: annotate the `\(serviceAccount)` service account with `iam.gke.io/gcp-service-account`; elsewhere mount a service-account key from a Secret and point `GOOGLE_APPLICATION_CREDENTIALS` at it."
        case "azure-fs-hadoop":
            return "Azure Storage (`azure-fs-hadoop`): on AKS, workload identity (`azure.workload.identity/client-id` on the `\(serviceAccount)` service account, label `azure.workload.identity/use: \"true\"` on the pods); elsewhere the account key `fs.azure.account.key.<account>.dfs.core.windows.net` (or `.blob.` for wasb) in the Flink configuration, from a Secret."
        case "oss-fs-hadoop":
            return "Alibaba OSS (`oss-fs-hadoop`): `fs.oss.endpoint`, `fs.oss.accessKeyId` and `fs.oss.accessKeySecret` in the Flink configuration, the keys from a Secret."
        default:
            return "`\(plugin.name)`: see the Flink documentation of this file system for its credentials."
        }
    }
}
