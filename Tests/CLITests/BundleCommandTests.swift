import Foundation
import Testing
import UISTestSupport

@Suite("bundle, render, inspect, sql, compile, args", .serialized)
struct BundleCommandTests {
    let seed = "Examples/realtime-analytics.json"

    @Test func bundleThenInspectVerifiesTheManifest() throws {
        let dir = try makeTemporaryFolder("uis-bundle-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tarball = dir.appendingPathComponent("b.tar.gz").path
        let bundled = try uisGen(["bundle", seed, "-o", tarball])
        #expect(bundled.status == 0, "\(bundled.stderr)")
        let inspected = try uisGen(["inspect", tarball])
        #expect(inspected.status == 0, "\(inspected.stderr)")
        #expect(inspected.stdout.contains("k8s/flinkdeployment.yaml"))
        #expect(inspected.stderr.contains("files verified"))
    }

    /// `bundle SPEC -o PATH` skips the argument parser; any other form goes through it. Both must give
    /// the same tarball, messages and exit codes.
    @Test func fastPathAndArgumentParserAgree() throws {
        let dir = try makeTemporaryFolder("uis-bundle-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fast = dir.appendingPathComponent("fast.tar.gz").path, parsed = dir.appendingPathComponent("parsed.tar.gz").path
        let a = try uisGen(["bundle", seed, "-o", fast])
        let b = try uisGen(["bundle", "--ds-version", "3.2", seed, "--output", parsed])  // an option the fast path leaves to the parser
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: fast)) == Data(contentsOf: URL(fileURLWithPath: parsed)))
        #expect(a.stderr == "wrote \(fast) (23 files)\n" && b.stderr == "wrote \(parsed) (23 files)\n", "\(a.stderr)\(b.stderr)")
        let equals = try uisGen(["bundle", seed, "--output=" + dir.appendingPathComponent("equals.tar.gz").path])
        #expect(equals.status == 0 && FileManager.default.fileExists(atPath: dir.appendingPathComponent("equals.tar.gz").path))

        // failures: same message and status whichever path read the command line
        let missing = dir.appendingPathComponent("missing.yaml").path
        let c = try uisGen(["bundle", missing, "-o", fast])
        let d = try uisGen(["bundle", "--ds-version", "3.2", missing, "-o", fast])
        #expect(c.status == 1 && d.status == 1)
        #expect(c.stderr == d.stderr && !c.stderr.isEmpty, "\(c.stderr) vs \(d.stderr)")
        // forms the fast path declines: the parser's usage errors and help
        #expect(try uisGen(["bundle"]).status == 64)
        #expect(try uisGen(["bundle", seed, "-o"]).status == 64)
        let help = try uisGen(["bundle", seed, "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: uis-gen bundle"))
    }

    /// A template override that does not parse: a compiler-style diagnostic at the opening tag, nothing written.
    @Test func brokenTemplateOverrideIsADiagnostic() throws {
        let dir = try makeTemporaryFolder("uis-bundle-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let k8s = dir.appendingPathComponent("templates/k8s/monitoring")
        try FileManager.default.createDirectory(at: k8s, withIntermediateDirectories: true)
        let template = k8s.appendingPathComponent("podmonitor.yaml.mustache")
        try "{{%CONTENT_TYPE:TEXT}}\nkind: PodMonitor\n{{#labels}}\n  {{key}}: {{value}}\n".write(to: template, atomically: true, encoding: .utf8)
        let tarball = dir.appendingPathComponent("b.tar.gz").path
        let run = try uisGen(["bundle", seed, "-o", tarball, "--templates", dir.appendingPathComponent("templates").path])
        #expect(run.status == 1)
        #expect(run.stderr == "\(template.path):3:1: error: {{#labels}} is not closed before the end of the template\n", "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tarball))
    }

    @Test func inspectFindsATamperedFile() throws {
        let dir = try makeTemporaryFolder("uis-bundle-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("realtime-analytics")
        #expect(try uisGen(["render", seed, "-o", folder.path]).status == 0)
        let sql = folder.appendingPathComponent("sql/pipeline.sql")
        try (String(contentsOf: sql, encoding: .utf8) + "-- edited by hand\n").write(to: sql, atomically: true, encoding: .utf8)
        _ = try runProcess("/bin/tar", ["-czf", dir.appendingPathComponent("t.tar.gz").path, "-C", dir.path, "realtime-analytics"])
        let inspected = try uisGen(["inspect", dir.appendingPathComponent("t.tar.gz").path])
        #expect(inspected.status == 1)
        #expect(inspected.stderr.contains("/sql/pipeline.sql: error: sha256 or size differs from bundle.json"), "\(inspected.stderr)")
    }

    @Test func inspectRejectsSomethingThatIsNotABundle() throws {
        let dir = try makeTemporaryFolder("uis-bundle-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let junk = dir.appendingPathComponent("junk.tar.gz")
        try Data("not a tarball".utf8).write(to: junk)
        let inspected = try uisGen(["inspect", junk.path])
        #expect(inspected.status == 1)
        #expect(inspected.stderr.hasPrefix("uis-gen: error: \(junk.path):"))
    }

    @Test func templatesOverrideReplacesOneTemplateByName() throws {
        let dir = try makeTemporaryFolder("uis-bundle-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let templates = dir.appendingPathComponent("templates/bundle")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "{{%CONTENT_TYPE:TEXT}}\nOur runbook for {{nameCode}}\n".write(to: templates.appendingPathComponent("README.md.mustache"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let run = try uisGen(["render", seed, "-o", out.path, "--templates", dir.appendingPathComponent("templates").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8) == "Our runbook for `realtime-analytics`\n")
        // every other file is the bundled default
        let sql = try String(contentsOf: out.appendingPathComponent("sql/pipeline.sql"), encoding: .utf8)
        #expect(sql == (try String(contentsOf: repositoryRoot.appendingPathComponent("Generated/bundles/realtime-analytics/sql/pipeline.sql"), encoding: .utf8)))
    }

    @Test func missingTemplatesFolderIsAnError() throws {
        let run = try uisGen(["render", seed, "-o", "/tmp/uis-never-\(UUID().uuidString)", "--templates", "/nonexistent/templates"])
        #expect(run.status == 1)
        #expect(run.stderr == "/nonexistent/templates: error: --templates: no such directory\n", "\(run.stderr)")
    }

    @Test func aTemplateFileThatOverridesNothingIsAnError() throws {
        let dir = try makeTemporaryFolder("uis-bundle-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let templates = dir.appendingPathComponent("templates/k8s")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "x".write(to: templates.appendingPathComponent("flinkdeploymnet.yaml.mustache"), atomically: true, encoding: .utf8)
        let run = try uisGen(["render", seed, "-o", dir.appendingPathComponent("out").path, "--templates", dir.appendingPathComponent("templates").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("k8s/flinkdeploymnet.yaml.mustache does not override any template"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test func dolphinSchedulerVersionSelectsTheExportKeys() throws {
        let dir = try makeTemporaryFolder("uis-bundle-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        #expect(try uisGen(["render", seed, "-o", out.path, "--ds-version", "3.3"]).status == 0)
        let workflow = try String(contentsOf: out.appendingPathComponent("dolphinscheduler/workflow-3.3.json"), encoding: .utf8)
        #expect(workflow.contains("\"workflowDefinition\""))
        #expect(!workflow.contains("\"processDefinition\""))
        #expect(try uisGen(["render", seed, "-o", dir.appendingPathComponent("x").path, "--ds-version", "9.9"]).status == 64)
    }

    @Test func renderRefusesANonEmptyFolder() throws {
        let dir = try makeTemporaryFolder("uis-bundle-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "keep".write(to: dir.appendingPathComponent("mine.txt"), atomically: true, encoding: .utf8)
        let run = try uisGen(["render", seed, "-o", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("not empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["mine.txt"])
    }

    @Test func sqlCompileAndArgsPrintTheirOutputs() throws {
        let sql = try uisGen(["sql", seed])
        #expect(sql.status == 0)
        #expect(sql.stdout.contains("EXECUTE STATEMENT SET"))
        #expect(sql.stdout == (try String(contentsOf: repositoryRoot.appendingPathComponent("Generated/bundles/realtime-analytics/sql/pipeline.sql"), encoding: .utf8)))
        let compile = try uisGen(["compile", seed])
        #expect(compile.status == 0)
        let config = try JSONSerialization.jsonObject(with: Data(compile.stdout.utf8)) as? [String: Any]
        #expect(config?["job_type"] as? String == "streaming")
        let args = try uisGen(["args", seed])
        #expect(args.status == 0)
        #expect(args.stdout.hasPrefix("run\n--detached\n"))
        let shell = try uisGen(["args", "--shell", seed])
        #expect(shell.stdout.hasPrefix("flink run --detached"))
    }

    @Test func aSpecWithErrorsBundlesNothing() throws {
        let dir = try makeTemporaryFolder("uis-bundle-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.yaml")
        try "version: \"1.1\"\nname: Bad Name\ncreated_by: x\n".write(to: bad, atomically: true, encoding: .utf8)
        let target = dir.appendingPathComponent("out.tar.gz")
        let run = try uisGen(["bundle", bad.path, "-o", target.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("[name]"))
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }
}
