import Foundation
import Testing
import UISBundle
import UISCompiler
import UISSpec
import Yams

/// Every ordering of every non-empty subset of the sink types (15 lists).
private let scaffoldSinkLists: [[SinkType]] = {
    func permutations(_ items: [SinkType]) -> [[SinkType]] {
        if items.count <= 1 { return [items] }
        return items.indices.flatMap { i -> [[SinkType]] in
            var rest = items
            let first = rest.remove(at: i)
            return permutations(rest).map { [first] + $0 }
        }
    }
    let all = SinkType.allCases
    var lists: [[SinkType]] = []
    for mask in 1..<(1 << all.count) {
        lists += permutations(all.indices.filter { mask & (1 << $0) != 0 }.map { all[$0] })
    }
    return lists
}()

private func scaffold(_ options: ScaffoldOptions) throws -> [BundleFile] {
    try Scaffold.files(options, templates: TemplateSet.bundled.get())
}

private func file(_ files: [BundleFile], _ path: String) throws -> String {
    try #require(files.first { $0.path == path }, "\(path) missing").contents
}

@Suite struct ScaffoldTests {
    static let expectedPaths = [".github/workflows/uis-gen.yml", ".gitignore", ".uis-gen.json", "Makefile", "README.md", "spec.yaml", "uis-spec.schema.json"]

    @Test(arguments: ProviderType.allCases) func fileSetPerProvider(_ provider: ProviderType) throws {
        let files = try scaffold(ScaffoldOptions(name: "orders-pipeline", provider: provider))
        #expect(files.map(\.path) == Self.expectedPaths)
        #expect(files.allSatisfy { !$0.isExecutable })
        #expect(files.allSatisfy { $0.contents.hasSuffix("\n") && !$0.contents.hasPrefix("\n") })
        // deterministic
        #expect(try scaffold(ScaffoldOptions(name: "orders-pipeline", provider: provider)) == files)
    }

    @Test func defaultsAreWebsocketIntoKafka() throws {
        let options = ScaffoldOptions(name: "ticks")
        #expect(options.provider == .websocket && options.sinks == [.kafka])
        #expect(options.commandLine == ["uis-gen", "init", "ticks", "--provider", "websocket", "--sink", "kafka"])
    }

    /// Every provider × every sink list: the spec decodes and resolves with no diagnostic at all, and the
    /// bundle renders and passes its self-check.
    @Test(arguments: ProviderType.allCases) func specValidatesAndBundlesForEverySinkList(_ provider: ProviderType) throws {
        for sinks in scaffoldSinkLists {
            let label = "\(provider.rawValue) → \(sinks.map(\.rawValue))"
            let files = try scaffold(ScaffoldOptions(name: "p-\(provider.rawValue)", provider: provider, sinks: sinks))
            let text = try file(files, Scaffold.specFile)
            let result = BundlePipeline.run(.text(text, file: "spec.yaml", syntax: .yaml))
            #expect(result.diagnostics.isEmpty, "\(label): \(result.diagnostics.map(\.formatted))")
            let spec = try #require(result.spec, "\(label)")
            #expect(spec.provider.providerType == provider)
            #expect(spec.provider.sinks.map(\.type) == sinks, "\(label)")
            #expect(result.pipeline?.identity.specSHA256 == FileDigest.sha256Hex(Array(text.utf8)))
            let bundle = try #require(result.bundle, "\(label)")
            #expect(bundle.folder == "p-\(provider.rawValue)")
        }
    }

    @Test func databaseSinksAreKeyedOnThePrimaryKey() throws {
        let files = try scaffold(ScaffoldOptions(name: "shop", provider: .database, sinks: [.kafka, .iceberg, .clickhouse]))
        let spec = try #require(SpecReader().read(text: try file(files, "spec.yaml"), file: "spec.yaml", syntax: .yaml).spec)
        #expect(spec.provider.endpoints[0].schema.first?.name == "id")
        #expect(spec.provider.endpoints[0].schema.first?.type.sql == "BIGINT NOT NULL")
        #expect(spec.provider.sinks[0].kafkaKeyField == "id")
        #expect(spec.provider.config.password == "{{shop_db_password}}")
        #expect(spec.provider.config.username == "flink_cdc")
        #expect(spec.provider.baseURL.hasPrefix("postgres://"))
    }

    @Test func specPointsAtTheSchemaBesideIt() throws {
        let files = try scaffold(ScaffoldOptions(name: "ticks"))
        let spec = try file(files, "spec.yaml")
        #expect(spec.split(separator: "\n", omittingEmptySubsequences: false).first == "# yaml-language-server: $schema=./uis-spec.schema.json")
        #expect(try file(files, "uis-spec.schema.json") == SpecSchema.jsonText())
        // commented: more comment lines than not
        let lines = spec.split(separator: "\n")
        #expect(lines.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.count * 2 > lines.count)
        #expect(spec.contains("\"Bearer {{ticks_token}}\""))
        #expect(spec.contains("UIS-SPEC.md"))
    }

    @Test(arguments: ProviderType.allCases) func recordListsVersionCommandAndDigests(_ provider: ProviderType) throws {
        let files = try scaffold(ScaffoldOptions(name: "rec", provider: provider, sinks: [.iceberg, .kafka]))
        let record = try #require(try JSONSerialization.jsonObject(with: Data(try file(files, ".uis-gen.json").utf8)) as? [String: Any])
        #expect(record["uis_gen_version"] as? String == UISGenVersion.current)
        #expect(record["created_with"] as? String == "uis-gen init rec --provider \(provider.rawValue) --sink iceberg --sink kafka")
        let digests = try #require(record["files"] as? [String: String])
        #expect(digests.keys.sorted() == Self.expectedPaths.filter { $0 != ".uis-gen.json" })
        for f in files where f.path != ".uis-gen.json" {
            #expect(digests[f.path] == FileDigest.sha256Hex(Array(f.contents.utf8)), "\(f.path)")
        }
    }

    @Test func workflowIsValidYAMLThatBundlesAndKeepsTheTarball() throws {
        let files = try scaffold(ScaffoldOptions(name: "ticks", provider: .kafka))
        let text = try file(files, ".github/workflows/uis-gen.yml")
        let workflow = try #require(try Yams.load(yaml: text) as? [String: Any])
        let on = try #require(workflow["on"] as? [String: Any])
        #expect(Set(on.keys) == ["push", "pull_request"])
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        let job = try #require(jobs["bundle"] as? [String: Any])
        let steps = try #require(job["steps"] as? [[String: Any]])
        #expect(steps.contains { ($0["run"] as? String)?.contains("make validate bundle") == true })
        let upload = try #require(steps.first { $0["uses"] as? String == "actions/upload-artifact@v4" })
        let with = try #require(upload["with"] as? [String: Any])
        #expect(with["path"] as? String == "dist/*.tar.gz")
        #expect(with["name"] as? String == "ticks-bundle")
        #expect(text.contains("${{ vars.UIS_GEN_URL }}"))
    }

    @Test func makefileHasTheFourTargetsWithTabs() throws {
        let text = try file(try scaffold(ScaffoldOptions(name: "ticks")), "Makefile")
        #expect(text.contains("UIS_GEN ?= uis-gen\n"))
        #expect(text.contains(".PHONY: validate render bundle clean\n"))
        for target in ["validate:", "render: validate", "bundle: validate", "clean:"] {
            #expect(text.contains("\n" + target + "\n"), "\(target)")
        }
        #expect(text.contains("\n\t$(UIS_GEN) bundle $(SPEC) -o $(BUNDLE)\n"))
        #expect(text.contains("NAME := ticks\n") && text.contains("BUNDLE := dist/$(NAME).tar.gz\n"))
        #expect(text.contains("\n\t$(UIS_GEN) render $(SPEC) -o out\n"))
        // every recipe line starts with a tab, never spaces
        for line in text.split(separator: "\n") where line.hasPrefix(" ") { Issue.record("space-indented line: \(line)") }
    }

    @Test func gitignoreAndReadme() throws {
        let files = try scaffold(ScaffoldOptions(name: "ticks", provider: .websocket, sinks: [.kafka, .clickhouse]))
        let ignore = try file(files, ".gitignore").split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(ignore == ["/out/", "/dist/", "*.tar.gz"])
        let readme = try file(files, "README.md")
        #expect(readme.hasPrefix("# ticks\n"))
        for needle in ["make validate", "make render", "make bundle", "dist/ticks.tar.gz", "UIS_GEN_URL", "`{{ticks_token}}`", "`{{ticks_clickhouse_password}}`", ".uis-gen.json", "ticks-bundle"] {
            #expect(readme.contains(needle), "README lacks \(needle)")
        }
        #expect(!readme.contains("<%") && !readme.contains("{{#"))
    }

    @Test(arguments: ["", "Orders", "-orders", "orders-", "or_ders", "orders.v1", "ördersx", String(repeating: "a", count: 46)])
    func invalidNamesAreRejected(_ name: String) throws {
        let problem = try #require(Scaffold.nameProblem(name))
        #expect(problem.hasPrefix("name '"))
        #expect(throws: ScaffoldError.self) { try scaffold(ScaffoldOptions(name: name)) }
    }

    @Test(arguments: ["a", "9lives", "x-1", String(repeating: "a", count: 45)]) func edgeNamesScaffoldCleanly(_ name: String) throws {
        #expect(Scaffold.nameProblem(name) == nil)
        for provider in ProviderType.allCases {
            _ = try scaffold(ScaffoldOptions(name: name, provider: provider, sinks: [.kafka, .iceberg, .clickhouse]))
        }
    }

    @Test func sinkListProblems() throws {
        #expect(Scaffold.problems(ScaffoldOptions(name: "x", sinks: [])) == ["name at least one sink"])
        #expect(Scaffold.problems(ScaffoldOptions(name: "x", sinks: [.kafka, .iceberg, .kafka])) == ["sink 'kafka' is given twice; each sink type at most once"])
        #expect(throws: ScaffoldError.self) { try scaffold(ScaffoldOptions(name: "x", sinks: [])) }
    }
}
