import Foundation
import UISCompiler
import UISSpec
import Yams
import UISText

/// The self-check every bundle passes before it is packed: YAML files (templated) parse back, names agree,
/// no secret leaks. JSON files need no check: they are encoded from `JSONValue`, never templated.
package enum BundleCheck {
    /// Files that reach clusters; a `{{secret}}` placeholder must not survive in them.
    static func isDeployable(_ path: String) -> Bool {
        !(path == "README.md" || path.hasSuffix("/README.md") || path.hasPrefix("spec/") || path == "bundle.json")
    }

    /// The free-text fields of a pipeline: `{{x}}` in them is text, not a secret placeholder.
    static func freeText(_ p: Pipeline) -> [String] {
        [p.identity.description, p.identity.displayName, p.identity.createdBy, p.identity.owner, p.identity.tenantID, p.identity.providerName].compactMap { $0 }
            + p.sources.map(\.endpointName)
    }

    /// `contents` with every free-text value removed, in each escaped form a generator writes it
    /// (raw, JSON, YAML, XML, SQL literal and comment, Java, one-line comments), so the leak scan below
    /// only sees text that came from secret-bearing fields.
    static func maskingFreeText(_ contents: String, pipeline p: Pipeline) -> String {
        guard contents.containsBytes("{{") else { return contents }
        var out = contents
        for text in freeText(p) where text.containsBytes("{{") {
            let forms: [String] = [
                text, String(Escape.json(text).dropFirst().dropLast()), String(Escape.yaml(text).dropFirst().dropLast()),
                Escape.xml(text), Escape.xmlComment(text), String(SQLText.literal(text).dropFirst().dropLast()), SQLText.comment(text),
                Escape.javaString(text), Escape.lineComment(text), YAMLText.comment(text),
            ]
            for form in Set(forms) where form.contains("{{") {
                out = out.replacingBytes(form, with: " ")
            }
        }
        return out
    }

    /// Whether an SQL line, trimmed of whitespace, starts with `--`; decided on bytes unless the line
    /// starts with non-ASCII (which may be Unicode whitespace).
    static func isSQLComment(_ bytes: Substring.UTF8View, _ line: Substring) -> Bool {
        guard let first = bytes.firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return false }
        if bytes[first] >= 0x80 { return line.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
        let rest = bytes[first...]
        return rest.starts(with: "--".utf8)
    }

    /// Yams's default constructor, built once (`Constructor.default` builds a new one, tables and all, per
    /// call). Its three tables are `let`s set in `init`: nothing in it changes after, so sharing it is safe.
    nonisolated(unsafe) private static let constructor = Constructor.default

    /// One file's own problems (syntax, secret leaks; for the FlinkDeployment, names that must agree with
    /// the rest of the bundle) and whether it was the FlinkDeployment, read.
    private static func fileProblems(_ file: BundleFile, context: BundleContext) -> (problems: [Diagnostic], readDeployment: Bool) {
        let p = context.pipeline
        var problems: [Diagnostic] = []
        var deploymentNode: Node?
        // JSON files are encoded from JSONValue, never templated: valid by construction (JSONValueTests)
        if file.path.hasSuffix(".yaml") || file.path.hasSuffix(".yml") {
            if file.path == "flink/flink-conf.yaml" {
                for line in file.contents.split(separator: "\n") where !line.hasPrefix("#") && !line.contains(": ") {
                    problems.append(problem(file.path, "line '\(line)' is not 'key: value'"))
                }
            } else {
                // plain block YAML (what the bundled templates write) is recognised without building a tree;
                // anything else, and the FlinkDeployment the checks read, is parsed by Yams
                let recognised = file.path != "k8s/flinkdeployment.yaml" && SimpleYAML.check(file.contents) == .valid
                // the basic resolver: no regular expressions to compile, and the checks read strings and ints
                if !recognised {
                    do {
                        // compose_all's sequence keeps a parse error in `error` instead of throwing it
                        var documents = try Yams.compose_all(yaml: file.contents, .basic, constructor, .utf8)
                        while let node = documents.next() {
                            if file.path == "k8s/flinkdeployment.yaml" { deploymentNode = node }
                        }
                        if let error = documents.error { throw error }
                    } catch {
                        problems.append(yamlProblem(file.path, error))
                    }
                }
            }
        }
        if isDeployable(file.path) {
            let hits = p.secrets.filter { file.contents.containsBytes("{{\($0.name)}}") }
            let scanned = hits.isEmpty ? "" : maskingFreeText(file.contents, pipeline: p)
            for secret in hits where scanned.containsBytes("{{\(secret.name)}}") {
                problems.append(problem(file.path, "the secret placeholder {{\(secret.name)}} survived; it must become ${\(secret.environmentVariable)} or a Secret key"))
            }
        }
        if file.path == "sql/pipeline.sql" {
            let sql = file
            if !sql.contents.containsBytes("SET 'pipeline.name' = \(SQLText.literal(p.identity.jobName));") { problems.append(problem("sql/pipeline.sql", "pipeline.name is not \(p.identity.jobName)")) }
            // the SETs lead the script: search them before the first table, not through megabytes of INSERTs
            let settings = sql.contents.range(of: "\nCREATE ").map { sql.contents[..<$0.lowerBound] } ?? Substring(sql.contents)
            for entry in p.flink.configuration where SQLGenerator.travelsWithTheSQL(entry.key)
                && !settings.containsBytes("SET \(SQLText.literal(entry.key)) = \(SQLText.literal(entry.value));") {
                problems.append(problem("sql/pipeline.sql", "does not SET '\(entry.key)' to the Flink configuration's value: a launcher other than the operator would run without it"))
            }
            // every ${NAME} the runner substitutes must be a secret's variable: user text never forms one
            let variables = Set(p.secrets.map { "${\($0.environmentVariable)}" })
            // lines split and tested on bytes: the script is megabytes for a thousand endpoints
            for bytes in sql.contents.utf8.split(separator: UInt8(ascii: "\n")) {
                let line = Substring(bytes)
                guard line.containsBytes("${") else { continue }
                if Self.isSQLComment(bytes, line) { continue }
                for reference in SpecRules.runnerReferences(in: String(line)) where !variables.contains(reference) {
                    problems.append(problem("sql/pipeline.sql", "\(reference) is not a secret's variable; the SQL runner would substitute it"))
                }
            }
            if sql.contents.containsBytes("{{") && p.secrets.contains(where: { maskingFreeText(sql.contents, pipeline: p).containsBytes("{{\($0.name)}}") }) { problems.append(problem("sql/pipeline.sql", "secret placeholder left")) }
        }
        if let node = deploymentNode { problems += deploymentProblems(node, context: context) }
        return (problems, deploymentNode != nil)
    }

    /// Names in the FlinkDeployment that must agree with the Flink configuration and the pipeline.
    private static func deploymentProblems(_ node: Node, context: BundleContext) -> [Diagnostic] {
        let p = context.pipeline
        var problems: [Diagnostic] = []
        let spec = node["spec"]
        if node["metadata"]?["name"]?.string != context.deploymentName { problems.append(problem("k8s/flinkdeployment.yaml", "metadata.name is not \(context.deploymentName)")) }
        if spec?["job"]?["parallelism"]?.int != p.flink.parallelism { problems.append(problem("k8s/flinkdeployment.yaml", "job.parallelism is not \(p.flink.parallelism)")) }
        if spec?["flinkVersion"]?.string != FlinkRelease.operatorVersion(p.flink.version) { problems.append(problem("k8s/flinkdeployment.yaml", "flinkVersion is not \(FlinkRelease.operatorVersion(p.flink.version))")) }
        let conf = spec?["flinkConfiguration"]
        // the state, checkpoint and restart settings the SQL sets too must be the operator's
        for entry in p.flink.configuration where SQLGenerator.travelsWithTheSQL(entry.key) && conf?[entry.key]?.string != entry.value {
            problems.append(problem("k8s/flinkdeployment.yaml", "\(entry.key) disagrees with the Flink configuration and pipeline.sql"))
        }
        if conf?["pipeline.name"]?.string != p.identity.jobName { problems.append(problem("k8s/flinkdeployment.yaml", "pipeline.name is not \(p.identity.jobName)")) }
        return problems
    }

    /// A self-check failure in a generated file (`file` relative to the bundle's top folder).
    static func problem(_ file: String, _ message: String) -> Diagnostic {
        Diagnostic(.error, "self-check: " + message, path: "", at: SourceLocation(file: file))
    }

    /// A YAML file that does not parse, at the line and column Yams stopped at when it says.
    static func yamlProblem(_ file: String, _ error: any Error) -> Diagnostic {
        let found: (problem: String, mark: Mark, context: YamlError.Context?)?
        switch error as? YamlError {
        case let .scanner(context, problem, mark, _)?, let .parser(context, problem, mark, _)?, let .composer(context, problem, mark, _)?:
            found = (problem, mark, context)
        default:
            found = nil
        }
        if case let .duplicatedKeysInMapping(duplicates, context)? = error as? YamlError {
            return Diagnostic(.error, "self-check: does not parse back as YAML: duplicate key(s) \(duplicates.map { "'\($0)'" }.joined(separator: ", "))",
                              path: "", at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
        }
        guard let found else { return problem(file, "does not parse back as YAML: \(error)") }
        let context = found.context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
        return Diagnostic(.error, "self-check: does not parse back as YAML: \(found.problem)\(context)", path: "",
                          at: SourceLocation(file: file, line: found.mark.line, column: found.mark.column))
    }

    /// Every problem found, each naming the generated file; empty when the bundle is sound.
    package static func problems(_ files: [BundleFile], context: BundleContext) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let p = context.pipeline
        var seen = Set<String>()
        for file in files where !seen.insert(file.path).inserted { problems.append(problem(file.path, "written twice")) }
        // each file on its own (all cores for a large bundle), problems kept in file order
        let checked = ParallelWork.map(files.count, parallel: ParallelWork.isLarge(p)) { index in fileProblems(files[index], context: context) }
        var readDeployment = false
        for result in checked {
            problems += result.problems
            readDeployment = readDeployment || result.readDeployment
        }
        // a FlinkDeployment that is there but did not parse has been reported above
        if !readDeployment {
            let deployment = "k8s/flinkdeployment.yaml"
            if !files.contains(where: { $0.path == deployment }) { problems.append(problem(deployment, "missing")) }
            else if !problems.contains(where: { $0.location?.file == deployment }) { problems.append(problem(deployment, "holds no YAML document")) }
        }
        if let docker = files.first(where: { $0.path == "Dockerfile" }), !docker.contents.containsBytes("FROM \(p.flink.image)") {
            problems.append(problem("Dockerfile", "FROM is not \(p.flink.image)"))
        }
        return problems
    }
}
