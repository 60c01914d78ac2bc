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

/// What the compiler makes of a pipeline for a bundle: the Flink SQL script, the job config JSON and the
/// `flink run` arguments (the "compile" stage, before any template is rendered).
public struct CompiledPipeline: Sendable {
    public var sql: String
    public var jobConfig: String
    public var flinkArgs: [String]

    /// Compiles `pipeline` (the SQL script and the job config side by side when the pipeline is large).
    public init(_ pipeline: Pipeline) {
        let texts = ParallelWork.map(2, parallel: ParallelWork.isLarge(pipeline)) { index in
            index == 0 ? SQLGenerator().script(for: pipeline).text : FlinkCompiler().jobConfig(pipeline).encoded()
        }
        sql = texts[0]
        jobConfig = texts[1]
        flinkArgs = FlinkCompiler().flinkArgs(pipeline)
    }
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

    /// Renders and self-checks; a failed check throws with what is wrong.
    public func render(spec: Spec, pipeline: Pipeline) throws(BundleError) -> RenderedBundle {
        let (bundle, context) = try renderUnchecked(spec: spec, pipeline: pipeline, compiled: CompiledPipeline(pipeline))
        let problems = BundleCheck.problems(bundle.files, context: context)
        if !problems.isEmpty { throw BundleError(problems: problems) }
        return bundle
    }

    /// The stages of ``render(spec:pipeline:)`` taken apart (for `uis-gen bundle --timings`): the files
    /// from an already compiled pipeline, not yet self-checked. Pass the result to
    /// ``BundleCheck/problems(_:context:)`` before packing it.
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
            throw BundleError(problems: ["rendering failed: \(error.description)"])
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
        var config = "# Flink configuration for pipeline \(Escape.lineComment(p.name)) (uis-gen \(UISGenVersion.current)).\n"
        config += "# For clusters without the Flink Kubernetes Operator; the operator takes k8s/flinkdeployment.yaml's flinkConfiguration.\n"
        if p.flinkVersion.isTwoX {
            for entry in p.flinkConfiguration { config += "\(entry.key): \(Escape.yaml(entry.value))\n" }
            files.append(BundleFile(path: "flink/config.yaml", contents: config))
        } else {
            config += "# Flink 1.20 reads this legacy file line by line: values are written as they are, unquoted.\n"
            for entry in p.flinkConfiguration { config += "\(entry.key): \(entry.value)\n" }
            files.append(BundleFile(path: "flink/flink-conf.yaml", contents: config))
        }
        files.append(BundleFile(path: "flink/job-config.json", contents: compiled.jobConfig))
        let args = compiled.flinkArgs
        files.append(BundleFile(path: "flink/flink-run-args.txt", contents: args.joined(separator: "\n") + "\n"))
        var submit = "#!/usr/bin/env bash\n# Submits pipeline \(Escape.lineComment(p.name)) with `flink run` to the cluster your Flink CLI points at.\n"
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
            "groupId": "io.uisgen.pipeline", "artifactId": .text(Escape.xml(p.name)), "version": "1.0.0",
            "pipelineName": .text(Escape.xml(p.name)), "description": .text(Escape.xml(p.description ?? "uis-gen pipeline \(p.name)")),
            "flinkVersion": .text(context.flinkRelease), "javaPackage": .text(p.javaPackage), "mainClass": .text(p.javaPackage + ".SqlRunner"),
            "dependencies": .list(dependencies), "repositories": .list([]), "uisGenVersion": .text(Escape.xmlComment(UISGenVersion.current)),
        ])
        let runner = try templates.render("maven/SqlRunner.java", [
            "javaPackage": .text(p.javaPackage), "pipelineName": .text(Escape.javaString(p.name)), "uisGenVersion": .text(Escape.javaString(UISGenVersion.current)),
        ])
        func label(_ s: String) -> String {
            Escape.lineComment(s).replacingBytes("\\", with: "\\\\").replacingBytes("\"", with: "\\\"").replacingBytes("$", with: "\\$")
        }
        var extraJars: [TemplateValue] = []
        for note in p.connectorNotes where !p.artifacts.contains(where: { note.contains($0.coordinate.description) }) {
            extraJars.append(["path": .text("lib/\(p.providerType.rawValue)-connector.jar"), "comment": .text(Escape.lineComment(note))])
        }
        let docker: TemplateContext = [
            "image": .text(p.image), "pipelineName": .text(label(p.name)),
            "specSha256": .text(p.specSHA256.isEmpty ? String(repeating: "0", count: 64) : p.specSHA256),
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
            return .object([("path", .string(file.path)), ("size", .int(bytes.count)), ("sha256", .string(SHA256.hex(bytes))),
                            ("mode", .string(file.isExecutable ? "0755" : "0644"))])
        }
        let json: JSONValue = .object([
            ("uis_gen_version", .string(UISGenVersion.current)),
            ("pipeline", .string(p.name)),
            ("spec_sha256", .string(p.specSHA256)),
            ("flink_version", .string(p.flinkVersion.rawValue)),
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
        let sourceKind: String = ["websocket": "WebSocket", "webhook": "Webhook", "kafka": "Kafka", "database": "Database CDC"][p.providerType.rawValue] ?? p.providerType.rawValue
        let endpoints: [[String: TemplateValue]] = p.sources.map { source in
            let reads: String
            switch p.providerType {
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
        switch p.upgradeMode {
        case .savepoint: upgradeHow = "takes a savepoint of the running job"
        case .lastState: upgradeHow = "keeps the last checkpoint (HA metadata)"
        case .stateless: upgradeHow = "drops state (not recommended for production)"
        }
        var result: TemplateContext = [
            "title": .text(md(p.displayName.map { "\(p.name): \($0)" } ?? p.name)),
            "uisGenVersion": .text(UISGenVersion.current), "specSha256": .text(p.specSHA256.isEmpty ? "unknown" : p.specSHA256),
            "createdBy": .text(md(p.createdBy)), "owner": .text(md(p.owner ?? "(no owner set)")), "tenant": .text(md(p.tenantID ?? "(none)")),
            "nameCode": .text(code(p.name)), "jobNameCode": .text(code(p.jobName)), "flinkRelease": .text(context.flinkRelease), "imageCode": .text(code(context.image)),
            "imageBase": .text(p.image), "deploymentCode": .text(code(context.deploymentName)), "namespaceCode": .text(code(context.namespace)),
            "parallelism": .text(String(p.parallelism)), "taskSlots": .text(String(p.taskSlots)),
            "checkpointInterval": .text("\(p.checkpointIntervalMs / 1000) s"), "checkpointDirCode": .text(code(p.checkpointDir)), "savepointDirCode": .text(code(p.savepointDir)),
            "upgradeMode": .text(p.upgradeMode.rawValue), "upgradeHow": .text(upgradeHow), "sourceKind": .text(sourceKind),
            "providerCode": .text(code(p.providerName)), "baseURLCode": .text(code(p.baseURL)), "endpoints": .objects(endpoints), "sinks": .objects(sinks),
            "connectorNotes": .texts(p.connectorNotes.map(md)), "hasConnectorNotes": .flag(!p.connectorNotes.isEmpty), "hasSecrets": .flag(!p.secrets.isEmpty), "secrets": .objects(secrets),
            "secretNameCode": .text(code(context.secretName)), "secretNameShell": .text(sh(context.secretName)), "namespaceShell": .text(sh(context.namespace)),
            "deploymentShell": .text(sh(context.deploymentName)), "imageShell": .text(sh(context.image)), "imageNameShell": .text(sh(context.imageName)),
            "artifacts": .objects(artifacts), "alerts": .objects(alerts), "files": .texts(files.sorted()),
            "workflowFile": .text(workflowFile),
            "flinkConfigFile": p.flinkVersion.isTwoX ? "config.yaml" : "flink-conf.yaml",
        ]
        if let description = p.description { result["description"] = .text(description.split(separator: "\n", omittingEmptySubsequences: false).map { md(String($0)) }.joined(separator: "\n")) }
        if let displayName = p.displayName { result["displayName"] = .text(md(displayName)) }
        return result
    }
}

/// A bundle failed its self-check or could not be rendered.
public struct BundleError: Error, Sendable, CustomStringConvertible {
    /// Every problem found.
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}
