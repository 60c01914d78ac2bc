import ArgumentParser
import UISBundle
import UISCompiler
import UISSpec

/// `uis-gen explain SPEC [--format text|json]`: the resolved pipeline.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the resolved pipeline: sources and their columns, sinks with keys and changelog mode, the Flink version and why, connectors, state and checkpoints.",
        discussion: """
        --format json prints the typed pipeline (the library's `Pipeline`, Codable, keys sorted): a stable \
        document other tools can read, and what `uis-gen diff` compares. See README "The pipeline JSON".
        """
    )

    @Argument(help: ArgumentHelp("The spec file (.yaml, .yml, .json); - reads YAML from standard input.", valueName: "spec"))
    var spec: String

    @Option(help: "Human-readable text, or the pipeline as JSON.")
    var format: DiagnosticsFormat = .text

    func run() throws {
        guard let pipeline = try PipelineRun.run(spec, goal: .resolve).pipeline else { throw ExitCode.failure }
        Console().printOut(format == .json ? pipeline.jsonText() : PipelineExplanation.text(pipeline))
    }
}

/// The text form of `uis-gen explain`.
enum PipelineExplanation {
    /// Every section, one item a line.
    static func text(_ p: Pipeline) -> String {
        var out: [String] = []
        let id = p.identity
        out.append("pipeline \(id.name) (Flink job \(id.jobName), spec version \(id.specVersion), sha256 \(id.specSHA256.isEmpty ? "unknown" : id.specSHA256))")
        if let owner = id.owner { out.append("  owner: \(owner)") }
        if let tenant = id.tenantID { out.append("  tenant: \(tenant)") }
        let f = p.flink
        out.append("")
        out.append("flink \(f.version.rawValue) (release \(FlinkRelease.full(f.version)), image \(f.image))")
        out.append("  why: \(f.versionReason)")
        out.append("  parallelism \(f.parallelism), \(f.taskSlots) slots per TaskManager, TaskManager \(f.taskManagerMemory), JobManager \(f.jobManagerMemory)")
        out.append("  state: RocksDB, checkpoint every \(f.checkpoint.intervalMs) ms (timeout \(f.checkpoint.timeoutMs) ms, exactly-once) to \(f.checkpoint.dir)")
        out.append("  savepoints: \(f.savepointDir), upgrade mode \(f.upgradeMode.rawValue), state TTL \(f.stateTTLMs == 0 ? "none" : "\(f.stateTTLMs) ms")")
        out.append("  kubernetes namespace: \(p.deployment.namespace)")
        out.append("")
        out.append("sources: \(p.provider.type.rawValue) \(id.providerName) at \(p.provider.baseURL) (\(p.provider.mode.rawValue), auth \(p.provider.authType.rawValue))")
        for source in p.sources {
            let mode = source.isChangelog ? "changelog (inserts, updates, deletes)" : "append-only"
            out.append("  [\(source.index)] endpoint \(source.endpointName): table \(source.tableName), connector \(source.connector.identifier), \(mode)")
            for projection in source.projections {
                var line = "      \(projection.column) \(projection.type.sql) <- \(projection.sourceField)"
                if projection.readsEventTime, let time = source.eventTime { line += " (event time, \(describe(time.conversion)))" }
                out.append(line)
            }
            if let watermark = source.watermark { out.append("    watermark: \(watermark.column) - \(watermark.delayMs) ms") }
            if !source.primaryKey.isEmpty { out.append("    primary key: \(source.primaryKey.joined(separator: ", "))") }
            for note in source.notes { out.append("    note: \(note)") }
        }
        out.append("")
        out.append("sinks: every endpoint writes to every sink; columns \(p.sinkColumns.map { "\($0.name) \($0.type.sql)" }.joined(separator: ", "))")
        for sink in p.sinks {
            let mode = sink.isUpsert ? "upsert on \(sink.primaryKey.joined(separator: ", "))" : "append-only"
            out.append("  [\(sink.index)] \(sink.title): table \(sink.tableName.joined(separator: ".")), connector \(sink.connector.identifier), \(mode)")
            for note in sink.notes { out.append("    note: \(note)") }
        }
        out.append("")
        out.append("artifacts (shaded into the job jar):")
        for artifact in p.artifacts {
            out.append("  \(artifact.coordinate.description)\(artifact.onMavenCentral ? "" : " (NOT on Maven Central)") used by \(artifact.usedBy)")
        }
        for note in p.connectorNotes { out.append("  note: \(note)") }
        out.append("")
        if p.secrets.isEmpty { out.append("secrets: none") }
        else {
            out.append("secrets (Kubernetes Secret keys, read from the environment):")
            for secret in p.secrets { out.append("  \(secret.name) -> $\(secret.environmentVariable), used at \(secret.usedAt.joined(separator: ", "))") }
        }
        out.append("")
        out.append("flink configuration:")
        for entry in f.configuration { out.append("  \(entry.key): \(entry.value)") }
        return out.joined(separator: "\n") + "\n"
    }

    /// How the event-time column converts its field.
    static func describe(_ conversion: EventTimeConversion) -> String {
        switch conversion {
        case .castToMillis: return "cast to millisecond precision"
        case .epochMillis: return "epoch milliseconds"
        case .text: return "parsed from text"
        }
    }
}
