import Foundation
import UISCompiler
import UISSpec
import Yams
import UISText

/// What `uis-gen init` scaffolds: a pipeline name, a provider type and the sinks, in order.
public struct ScaffoldOptions: Sendable, Hashable {
    /// The pipeline name (a spec name: lowercase DNS-1123 label, at most 45 characters).
    public var name: String
    /// The source.
    public var provider: ProviderType
    /// The sinks, in order, each type at most once.
    public var sinks: [SinkType]

    /// Creates options; the defaults are a websocket source into Kafka.
    public init(name: String, provider: ProviderType = .websocket, sinks: [SinkType] = [.kafka]) {
        self.name = name
        self.provider = provider
        self.sinks = sinks
    }

    /// The command that makes this scaffold (without `--dir`), recorded in `.uis-gen.json`.
    public var commandLine: [String] {
        ["uis-gen", "init", name, "--provider", provider.rawValue] + sinks.flatMap { ["--sink", $0.rawValue] }
    }
}

/// A scaffold could not be made: bad options, or (a bug) the generated spec does not validate.
public struct ScaffoldError: Error, Sendable, CustomStringConvertible {
    /// Every problem found.
    public var problems: [String]
    /// The problems, one a line.
    public var description: String { problems.joined(separator: "\n") }
}

/// The files of a new pipeline repository (`uis-gen init`), generated in memory from the `init/`
/// templates: a commented starting spec that validates, its JSON Schema, README, Makefile, CI workflow,
/// `.gitignore`, and `.uis-gen.json` recording the uis-gen version and each file's sha256.
public enum Scaffold {
    /// The spec file.
    public static let specFile = "spec.yaml"
    /// The JSON Schema next to it (the spec's first line points at it).
    public static let schemaFile = "uis-spec.schema.json"
    /// The version record.
    public static let recordFile = ".uis-gen.json"
    /// The GitHub Actions workflow.
    public static let workflowFile = ".github/workflows/uis-gen.yml"

    /// Why `name` is not a valid pipeline name, worded like the validator's error; nil when it is valid.
    public static func nameProblem(_ name: String) -> String? {
        if SpecRules.isValidName(name) { return nil }
        if name.count > SpecRules.maxNameLength {
            return "name '\(name.prefix(60))' is \(name.count) characters; at most \(SpecRules.maxNameLength) so derived Kubernetes names stay under 63"
        }
        return "name '\(name)' is not a lowercase DNS-1123 label: use a-z, 0-9 and '-', starting and ending with a letter or digit (e.g. 'realtime-analytics')"
    }

    /// Every problem with the options; empty when they can be scaffolded.
    public static func problems(_ options: ScaffoldOptions) -> [String] {
        var problems: [String] = []
        if let problem = nameProblem(options.name) { problems.append(problem) }
        if options.sinks.isEmpty { problems.append("name at least one sink") }
        var seen = Set<SinkType>()
        for sink in options.sinks where !seen.insert(sink).inserted {
            problems.append("sink '\(sink.rawValue)' is given twice; each sink type at most once")
        }
        return problems
    }

    /// Every file of the scaffold, sorted by path. The spec is checked before it is returned: it must
    /// decode, validate and resolve without a single diagnostic, and every YAML/JSON file must parse back.
    public static func files(_ options: ScaffoldOptions, templates: TemplateSet) throws(ScaffoldError) -> [BundleFile] {
        let problems = problems(options)
        if !problems.isEmpty { throw ScaffoldError(problems: problems) }
        var files: [BundleFile]
        do {
            files = [
                BundleFile(path: specFile, contents: try templates.render("init/spec.yaml", specContext(options))),
                BundleFile(path: schemaFile, contents: SpecSchema.jsonText()),
                BundleFile(path: "README.md", contents: try templates.render("init/pipeline-readme.md", readmeContext(options))),
                BundleFile(path: "Makefile", contents: try templates.render("init/Makefile", makefileContext(options))),
                BundleFile(path: workflowFile, contents: try templates.render("init/workflow.yml", workflowContext(options))),
                BundleFile(path: ".gitignore", contents: try templates.render("init/gitignore", [:])),
            ]
        } catch {
            throw ScaffoldError(problems: ["rendering failed: \(error.description)"])
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        files.append(record(options, files: files))
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let found = check(files)
        if !found.isEmpty { throw ScaffoldError(problems: found) }
        return files
    }

    /// `.uis-gen.json`: the version and command that made the scaffold and each file's sha256.
    static func record(_ options: ScaffoldOptions, files: [BundleFile]) -> BundleFile {
        let json: JSONValue = .object([
            ("uis_gen_version", .string(UISGenVersion.current)),
            ("created_with", .string(options.commandLine.joined(separator: " "))),
            ("name", .string(options.name)),
            ("provider", .string(options.provider.rawValue)),
            ("sinks", .array(options.sinks.map { .string($0.rawValue) })),
            ("files", .object(files.map { ($0.path, .string(FileDigest.sha256Hex(Array($0.contents.utf8)))) })),
        ])
        return BundleFile(path: recordFile, contents: json.encoded())
    }

    /// Problems with generated files: the spec must give zero diagnostics; YAML and JSON must parse.
    static func check(_ files: [BundleFile]) -> [String] {
        var problems: [String] = []
        for file in files {
            if file.path.hasSuffix(".json") {
                if (try? JSONSerialization.jsonObject(with: Data(file.contents.utf8))) == nil { problems.append("\(file.path): does not parse back as JSON") }
            } else if file.path.hasSuffix(".yaml") || file.path.hasSuffix(".yml") {
                do { _ = try Yams.compose(yaml: file.contents) } catch { problems.append("\(file.path): does not parse back as YAML: \(error)") }
            }
        }
        if let spec = files.first(where: { $0.path == specFile }) {
            let output = SpecReader().read(text: spec.contents, file: specFile, syntax: .yaml)
            var diagnostics = output.diagnostics
            if let decoded = output.spec { diagnostics += Resolver().resolve(decoded).diagnostics }
            problems += diagnostics.map { "generated \(specFile): \($0.formatted)" }
            if output.spec == nil && diagnostics.isEmpty { problems.append("generated \(specFile): does not decode") }
        }
        return problems
    }

    // MARK: view-models (see Templates/init/README.md)

    /// The name with `-` as `_`: for identifiers, table names and secret names.
    static func snake(_ name: String) -> String {
        let text = name.replacingOccurrences(of: "-", with: "_")
        return text.first?.isNumber == true ? "p_" + text : text
    }

    /// How the generated spec and README name a provider type's source (`WebSocket`, `Postgres CDC`, …).
    static func sourceKind(_ type: ProviderType) -> String {
        switch type {
        case .websocket: return "WebSocket"
        case .webhook: return "webhook"
        case .kafka: return "Kafka"
        case .database: return "Postgres CDC"
        }
    }

    /// A sink type's display name (`Kafka`, `Iceberg`, `ClickHouse`).
    static func sinkTitle(_ type: SinkType) -> String {
        switch type {
        case .kafka: return "Kafka"
        case .iceberg: return "Iceberg"
        case .clickhouse: return "ClickHouse"
        }
    }

    /// Secret placeholders the spec uses, in spec order.
    static func secrets(_ options: ScaffoldOptions) -> [String] {
        let s = snake(options.name)
        var names: [String] = []
        switch options.provider {
        case .websocket: names.append("\(s)_token")
        case .webhook: names.append("\(s)_api_key")
        case .kafka: break
        case .database: names.append("\(s)_db_password")
        }
        if options.sinks.contains(.clickhouse) { names.append("\(s)_clickhouse_password") }
        return names
    }

    /// The view-model of `init/spec.yaml`.
    static func specContext(_ options: ScaffoldOptions) -> TemplateContext {
        let y = Escape.yaml, s = snake(options.name), name = options.name
        let sinks: [[String: TemplateValue]] = options.sinks.map {
            ["isKafka": .flag($0 == .kafka), "isIceberg": .flag($0 == .iceberg), "isClickhouse": .flag($0 == .clickhouse)]
        }
        let into = options.sinks.map(sinkTitle).joined(separator: ", ")
        return [
            "uisGenVersion": .text(UISGenVersion.current),
            "nameComment": .text(Escape.lineComment(name)),
            "sourceKind": .text(sourceKind(options.provider)),
            "name": .text(y(name)),
            "description": .text(y("\(sourceKind(options.provider)) events into \(into). Describe the pipeline here.")),
            "providerName": .text(y("\(s)_\(options.provider.rawValue)")),
            "displayName": .text(y("\(name) (\(sourceKind(options.provider)) source)")),
            "providerType": .text(options.provider.rawValue),
            "websocket": .flag(options.provider == .websocket), "webhook": .flag(options.provider == .webhook),
            "kafka": .flag(options.provider == .kafka), "database": .flag(options.provider == .database),
            "bearerToken": .text(y("Bearer {{\(s)_token}}")),
            "apiKey": .text(y("{{\(s)_api_key}}")),
            "dbPassword": .text(y("{{\(s)_db_password}}")),
            "clickhousePassword": .text(y("{{\(s)_clickhouse_password}}")),
            "webhookPath": .text(y("/hooks/\(name)")),
            "sourceTopic": .text(y("\(name).raw")),
            "sinkTopic": .text(y(options.provider == .kafka ? "\(name).clean" : "\(name).events")),
            "kafkaKeyField": .text(y(options.provider == .database ? "id" : "event_id")),
            "icebergTable": .text(y("lake.\(s)")),
            "clickhouseTable": .text(y("analytics.\(s)")),
            "sinks": .objects(sinks),
        ]
    }

    /// The view-model of `init/pipeline-readme.md`.
    static func readmeContext(_ options: ScaffoldOptions) -> TemplateContext {
        let titles = options.sinks.map { "**\(sinkTitle($0))**" }
        let sinkList = titles.count <= 1 ? titles.joined() : titles.dropLast().joined(separator: ", ") + " and " + titles.last!
        var context: TemplateContext = [
            "title": .text(Escape.markdown(options.name)),
            "sourceKind": .text(sourceKind(options.provider)),
            "sinkList": .text(sinkList),
            "uisGenVersion": .text(UISGenVersion.current),
            "commandLine": .text(Escape.markdownCode(options.commandLine.joined(separator: " "))),
            "commandLineShell": .text(options.commandLine.map(Escape.shell).joined(separator: " ")),
            "nameFile": .text(options.name),
            "artifactName": .text(options.name + "-bundle"),
            "secrets": .objects(secrets(options).map { ["key": .text(Escape.markdownCode("{{\($0)}}"))] }),
        ]
        if options.secrets.isEmpty { context["secrets"] = [["key": "none yet: the Kafka source needs no credentials; write any you add as `{{name}}` placeholders"]] }
        var notes: [String] = []
        switch options.provider {
        case .websocket, .webhook:
            notes.append("Apache Flink has no \(options.provider.rawValue) source connector: set `provider.config.connector` and `connector_artifact` to the one your platform provides (see the comments in `spec.yaml`).")
        case .database:
            notes.append("The CDC user needs the REPLICATION attribute and SELECT on the captured tables, and Postgres `wal_level=logical`: the postgres-cdc connector reads the logical replication stream (one replication slot per table).")
        case .kafka:
            break
        }
        if options.sinks.contains(.clickhouse) {
            notes.append("ClickHouse's Flink SQL connector is not on Maven Central: build and publish it to your repository, or set the sink's `config.connector` / `connector_artifact` (the bundle's README says what ops must provide).")
        }
        context["notes"] = .texts(notes)
        return context
    }

    /// The view-model of `init/Makefile`.
    static func makefileContext(_ options: ScaffoldOptions) -> TemplateContext {
        // A DNS label: nothing in it means anything to make or the shell.
        ["uisGenVersion": .text(UISGenVersion.current), "nameComment": .text(Escape.lineComment(options.name)), "nameMake": .text(options.name)]
    }

    /// The view-model of `init/workflow.yml`.
    static func workflowContext(_ options: ScaffoldOptions) -> TemplateContext {
        ["uisGenVersion": .text(UISGenVersion.current), "nameComment": .text(Escape.lineComment(options.name)),
         "artifactNameComment": .text(Escape.lineComment(options.name + "-bundle")), "artifactName": .text(Escape.yaml(options.name + "-bundle"))]
    }
}

private extension ScaffoldOptions {
    /// Secret placeholders the scaffolded spec uses, in spec order.
    var secrets: [String] { Scaffold.secrets(self) }
}
