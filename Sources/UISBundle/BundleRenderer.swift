import Foundation
import UISCompiler
import UISSpec

/// Options that change a bundle.
public struct BundleOptions: Sendable {
    /// DolphinScheduler export format.
    public var dolphinSchedulerVersion: DolphinSchedulerVersion = .v3_2
    /// Creates the defaults.
    public init(dolphinSchedulerVersion: DolphinSchedulerVersion = .v3_2) { self.dolphinSchedulerVersion = dolphinSchedulerVersion }
}

/// A rendered bundle: its top folder and its files, checked.
public struct RenderedBundle: Sendable {
    /// The top folder (the pipeline name).
    public var folder: String
    /// Every file, sorted by path, `bundle.json` included.
    public var files: [BundleFile]
}

/// Renders every file of a bundle from a spec and its pipeline, then checks the result.
public struct BundleRenderer: Sendable {
    /// The templates (parsed once; reuse one renderer for many specs).
    public var templates: TemplateSet
    /// Options.
    public var options: BundleOptions

    /// Creates a renderer.
    public init(templates: TemplateSet, options: BundleOptions = BundleOptions()) {
        self.templates = templates
        self.options = options
    }

    /// The render stage: every file from an already compiled pipeline, not yet self-checked
    /// (``BundlePipeline`` runs ``BundleCheck/problems(_:context:)`` on the result before anyone packs it).
    public func renderUnchecked(spec: Spec, pipeline: Pipeline, compiled: CompiledPipeline) throws(BundleError) -> (bundle: RenderedBundle, context: BundleContext) {
        let context = BundleContext(pipeline: pipeline)
        // the normalised spec (a large share of a large bundle) is written on another core meanwhile
        let parts = ParallelWork.map(2, parallel: ParallelWork.isLarge(pipeline)) { index -> Result<[BundleFile], TemplateError> in
            if index == 0 { return .success([BundleFile(path: "spec/spec.json", contents: NormalisedSpec.json(spec).encoded())]) }
            return Result { () throws(TemplateError) in try self.otherFiles(context, compiled: compiled) }
        }
        var files: [BundleFile] = []
        do {
            for part in parts { files += try part.get() }
        } catch {
            throw BundleError(diagnostics: [error.diagnostic])
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        files.append(manifest(context, files: files))
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return (RenderedBundle(folder: context.folder, files: files), context)
    }

    /// Every file but `spec/spec.json` and `bundle.json`.
    func otherFiles(_ context: BundleContext, compiled: CompiledPipeline) throws(TemplateError) -> [BundleFile] {
        var files: [BundleFile] = []
        files.append(BundleFile(path: "sql/pipeline.sql", contents: compiled.sql))
        files += flinkFiles(context, compiled: compiled)
        files += try mavenFiles(context)
        files += try KubernetesFiles.render(context, templates: templates)
        files += try MonitoringFiles.render(context, templates: templates)
        files += try DolphinSchedulerFiles.render(context, dsVersion: options.dolphinSchedulerVersion, templates: templates)
        let workflow = files.first { $0.path.hasPrefix("dolphinscheduler/workflow") }?.path ?? "dolphinscheduler/"
        let listed = files.map(\.path) + ["spec/spec.json", "README.md", "bundle.json"]
        let readme = readmeContext(context, files: listed, workflowFile: String(workflow.dropFirst("dolphinscheduler/".count)))
        files.append(BundleFile(path: "README.md", contents: try templates.render("bundle/README.md", readme)))
        return files
    }

    // MARK: flink/

    func flinkFiles(_ context: BundleContext, compiled: CompiledPipeline) -> [BundleFile] {
        let p = context.pipeline
        var files: [BundleFile] = []
        var config = "# Flink configuration for pipeline \(Escape.lineComment(p.identity.name)) (uis-gen \(UISGenVersion.current)).\n"
        config += "# For clusters without the Flink Kubernetes Operator; the operator takes k8s/flinkdeployment.yaml's flinkConfiguration.\n"
        if p.flink.version.isTwoX {
            for entry in p.flink.configuration { config += "\(entry.key): \(Escape.yaml(entry.value))\n" }
            files.append(BundleFile(path: "flink/config.yaml", contents: config))
        } else {
            config += "# Flink 1.20 reads this legacy file line by line: values are written as they are, unquoted.\n"
            for entry in p.flink.configuration { config += "\(entry.key): \(entry.value)\n" }
            files.append(BundleFile(path: "flink/flink-conf.yaml", contents: config))
        }
        files.append(BundleFile(path: "flink/job-config.json", contents: compiled.jobConfig))
        let args = compiled.flinkArgs
        files.append(BundleFile(path: "flink/flink-run-args.txt", contents: args.joined(separator: "\n") + "\n"))
        var submit = "#!/usr/bin/env bash\n# Submits pipeline \(Escape.lineComment(p.identity.name)) with `flink run` to the cluster your Flink CLI points at.\n"
        submit += "# The image (Dockerfile) holds the job jar and the SQL; secrets come from the environment.\nset -euo pipefail\n"
        for secret in p.secrets {
            submit += ": \"${\(secret.environmentVariable):?set \(secret.environmentVariable) (secret \(Escape.lineComment(secret.name).replacingBytes("\"", with: "'").replacingBytes("`", with: "'").replacingBytes("$", with: "")))}\"\n"
        }
        submit += "exec \"${FLINK_HOME:-/opt/flink}/bin/flink\" " + args.map(Escape.shell).joined(separator: " ") + " \"$@\"\n"
        files.append(BundleFile(path: "flink/submit.sh", contents: submit, isExecutable: true))
        return files
    }

    // MARK: Maven project and Dockerfile

    /// `pom.xml`, `SqlRunner.java` and the `Dockerfile`.
    func mavenFiles(_ context: BundleContext) throws(TemplateError) -> [BundleFile] {
        let p = context.pipeline
        let dependencies: [TemplateValue] = p.artifacts.map { artifact in
            var item: [String: TemplateValue] = [
                "groupId": .text(Escape.xml(artifact.coordinate.group)), "artifactId": .text(Escape.xml(artifact.coordinate.artifact)),
                "version": .text(Escape.xml(artifact.coordinate.version)), "scope": "compile",
            ]
            if let classifier = artifact.coordinate.classifier { item["classifier"] = .text(Escape.xml(classifier)) }
            item["comment"] = .text(Escape.xmlComment((artifact.onMavenCentral ? "" : "NOT on Maven Central: publish it to your repository. ") + "Used by \(artifact.usedBy)."))
            return .object(item)
        }
        let pom = try templates.render("maven/pom.xml", [
            "groupId": "io.uisgen.pipeline", "artifactId": .text(Escape.xml(p.identity.name)), "version": "1.0.0",
            "pipelineName": .text(Escape.xml(p.identity.name)), "description": .text(Escape.xml(p.identity.description ?? "uis-gen pipeline \(p.identity.name)")),
            "flinkVersion": .text(context.flinkRelease), "javaPackage": .text(p.identity.javaPackage), "mainClass": .text(p.identity.javaPackage + ".SqlRunner"),
            "dependencies": .list(dependencies), "repositories": .list([]), "uisGenVersion": .text(Escape.xmlComment(UISGenVersion.current)),
        ])
        let runner = try templates.render("maven/SqlRunner.java", [
            "javaPackage": .text(p.identity.javaPackage), "pipelineName": .text(Escape.javaString(p.identity.name)), "uisGenVersion": .text(Escape.javaString(UISGenVersion.current)),
        ])
        func label(_ s: String) -> String {
            Escape.lineComment(s).replacingBytes("\\", with: "\\\\").replacingBytes("\"", with: "\\\"").replacingBytes("$", with: "\\$")
        }
        var extraJars: [TemplateValue] = []
        for note in p.connectorNotes where !p.artifacts.contains(where: { note.contains($0.coordinate.description) }) {
            extraJars.append(["path": .text("lib/\(p.provider.type.rawValue)-connector.jar"), "comment": .text(Escape.lineComment(note))])
        }
        let docker: TemplateContext = [
            "image": .text(p.flink.image), "pipelineName": .text(label(p.identity.name)),
            "specSha256": .text(p.identity.specSHA256.isEmpty ? String(repeating: "0", count: 64) : p.identity.specSHA256),
            "uisGenVersion": .text(label(UISGenVersion.current)), "version": "1.0.0", "extraJars": .list(extraJars),
        ]
        let dockerfile = try templates.render("docker/Dockerfile", docker)
        return [BundleFile(path: "pom.xml", contents: pom),
                BundleFile(path: "src/main/java/\(context.javaPackagePath)/SqlRunner.java", contents: runner),
                BundleFile(path: "Dockerfile", contents: dockerfile)]
    }

    // MARK: bundle.json

    func manifest(_ context: BundleContext, files: [BundleFile]) -> BundleFile {
        let p = context.pipeline
        let entries: [JSONValue] = files.map { file in
            let bytes = file.contents.utf8
            return .object([("path", .string(file.path)), ("size", .int(bytes.count)), ("sha256", .string(FileDigest.sha256Hex(bytes))),
                            ("mode", .string(file.isExecutable ? "0755" : "0644"))])
        }
        let json: JSONValue = .object([
            ("uis_gen_version", .string(UISGenVersion.current)),
            ("pipeline", .string(p.identity.name)),
            ("spec_sha256", .string(p.identity.specSHA256)),
            ("flink_version", .string(p.flink.version.rawValue)),
            ("flink_release", .string(context.flinkRelease)),
            ("image", .string(context.image)),
            ("deployment", .string(context.deploymentName)),
            ("namespace", .string(context.namespace)),
            ("secrets", .array(p.secrets.map { .string($0.name) })),
            ("files", .array(entries)),
        ])
        return BundleFile(path: "bundle.json", contents: json.encoded())
    }

    // MARK: README

    /// The view-model of the bundle's `README.md`.
    func readmeContext(_ context: BundleContext, files: [String], workflowFile: String) -> TemplateContext {
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
        let alerts: [[String: TemplateValue]] = MonitoringFiles.alerts(context).map {
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
        ]
        if let description = p.identity.description { result["description"] = .text(description.split(separator: "\n", omittingEmptySubsequences: false).map { md(String($0)) }.joined(separator: "\n")) }
        if let displayName = p.identity.displayName { result["displayName"] = .text(md(displayName)) }
        return result
    }
}

/// A bundle could not be rendered (a template failed) or failed its self-check.
public struct BundleError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, each located in its template or generated file.
    public var diagnostics: [Diagnostic]
    /// One compiler-style line a problem.
    public var description: String { diagnostics.map(\.formatted).joined(separator: "\n") }
}
