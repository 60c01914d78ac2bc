import Foundation
import Testing
import UISBundle
import UISCompiler
import UISSpec
import UISTestSupport

let badSpecs = repositoryRoot.appendingPathComponent("Tests/Fixtures/bad-specs")
let examples = repositoryRoot.appendingPathComponent("Examples")

/// The built `uis-gen`: `UIS_GEN_BINARY`, else next to the test bundle in the build products folder
/// (`.build/<triple>/<config>/`; on macOS the bundle's executable sits three levels deeper).
let binary: URL? = {
    let fm = FileManager.default
    if let explicit = ProcessInfo.processInfo.environment["UIS_GEN_BINARY"], fm.isExecutableFile(atPath: explicit) {
        return URL(fileURLWithPath: explicit)
    }
    var starts: [URL] = [Bundle.main.bundleURL]
    if let exe = Bundle.main.executableURL { starts.append(exe) }
    starts += Bundle.allBundles.map(\.bundleURL)
    starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath())
    if let procExe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { starts.append(URL(fileURLWithPath: procExe)) }
    for start in starts {
        var folder = start
        for _ in 0..<5 {
            folder = folder.deletingLastPathComponent()
            let candidate = folder.appendingPathComponent("uis-gen")
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue, fm.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
    }
    return nil
}()

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// Runs uis-gen with arguments (and optional standard input) in `directory`, capturing both streams.
func uisGen(_ arguments: [String], stdin: String? = nil, in directory: URL = repositoryRoot) throws -> Run {
    let exe = try #require(binary, "uis-gen not found next to the test bundle; build it (swift build) or set UIS_GEN_BINARY")
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "NO_COLOR")
    let output = try runProcess(exe, arguments, stdin: Data((stdin ?? "").utf8), environment: environment, currentDirectory: directory)
    return Run(status: output.status, stdout: output.stdoutText, stderr: output.stderrText)
}

/// `file:line:col: severity: message [path]` (path optional for whole-file problems).
let diagnosticLine = try! NSRegularExpression(pattern: #"^(.+):(\d+):(\d+): (error|warning): (.+?)( \[([^\]]+)\])?$"#)

func isDiagnosticLine(_ line: String) -> Bool {
    diagnosticLine.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
}

@Suite("uis-gen CLI", .serialized)
struct CLITests {
    @Test func validExamplesExitZero() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).sorted().map { "Examples/" + $0 }
        let run = try uisGen(["validate"] + files)
        #expect(run.status == 0, "\(run.stderr)")
        // payments-webhook keeps its hadoop catalog on s3a:// to show the lost-commit warning
        #expect(run.stderrLines.count == 2 && run.stderrLines[0].hasPrefix("Examples/payments-webhook.yaml:44:23: warning: a hadoop catalog on s3a://"), "\(run.stderr)")
        #expect(run.stderrLines.last == "0 errors, 1 warning in \(files.count) files")
        #expect(run.stdout.isEmpty)
    }

    @Test func errorExitsOneWithCompilerStyleLines() throws {
        let run = try uisGen(["validate", "Tests/Fixtures/bad-specs/parallelism-zero.yaml"])
        #expect(run.status == 1)
        #expect(run.stderrLines == [
            "Tests/Fixtures/bad-specs/parallelism-zero.yaml:9:16: error: parallelism must be between 1 and 4096, got 0 [provider.parallelism]",
            "1 error, 0 warnings in 1 file",
        ])
    }

    @Test func warningsOnlyExitZero() throws {
        let run = try uisGen(["validate", "Tests/Fixtures/bad-specs/unknown-key-field-maping.yaml"])
        #expect(run.status == 0)
        #expect(run.stderrLines.first == "Tests/Fixtures/bad-specs/unknown-key-field-maping.yaml:18:7: warning: unknown key 'field_maping'; did you mean 'field_mapping'? [provider.endpoints[0].field_maping]")
        #expect(run.stderrLines.last == "0 errors, 1 warning in 1 file")
    }

    @Test func everyBadSpecPrintsWellFormedLines() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: badSpecs.path).sorted().map { "Tests/Fixtures/bad-specs/" + $0 }
        let run = try uisGen(["validate"] + files)
        #expect(run.status == 1)
        let lines = run.stderrLines
        #expect(lines.dropLast().allSatisfy(isDiagnosticLine), "\(lines.filter { !isDiagnosticLine($0) })")
        // every file is reported
        for file in files { #expect(lines.contains { $0.hasPrefix(file + ":") }, "\(file) not reported") }
        #expect(try #require(lines.last).hasSuffix("in \(files.count) files"))
    }

    @Test func severalFilesWithErrorsInOne() throws {
        let run = try uisGen(["validate", "Examples/orders-cdc.yaml", "Tests/Fixtures/bad-specs/version-2.yaml", "Tests/Fixtures/bad-specs/bearer-literal-token.yaml"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 3)
        #expect(run.stderrLines[0].hasPrefix("Tests/Fixtures/bad-specs/version-2.yaml:2:10: error: unsupported spec version '2.0'"))
        #expect(run.stderrLines[1].hasPrefix("Tests/Fixtures/bad-specs/bearer-literal-token.yaml:16:24: warning: header 'Authorization'"))
        #expect(run.stderrLines[2] == "1 error, 1 warning in 3 files")
    }

    @Test func jsonFormatHasTheSameDiagnostics() throws {
        let files = ["Tests/Fixtures/bad-specs/unknown-key-endpoint.yaml", "Examples/realtime-analytics.json", "Tests/Fixtures/bad-specs/invalid-utf8.yaml"]
        let run = try uisGen(["validate", "--format", "json"] + files)
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 2)
        #expect(object["warnings"] as? Int == 1)
        let reports = try #require(object["files"] as? [[String: Any]])
        #expect(reports.map { $0["file"] as? String } == files)
        #expect(reports.map { $0["valid"] as? Bool } == [false, true, false])
        let text = try uisGen(["validate"] + files)
        var fromJSON: [String] = []
        for report in reports {
            for d in report["diagnostics"] as? [[String: Any]] ?? [] {
                let path = d["path"] as? String ?? ""
                fromJSON.append("\(d["file"] as? String ?? ""):\(d["line"] as? Int ?? 0):\(d["column"] as? Int ?? 0): \(d["severity"] as? String ?? ""): \(d["message"] as? String ?? "")\(path.isEmpty ? "" : " [\(path)]")")
            }
        }
        #expect(fromJSON == Array(text.stderrLines.dropLast()))
        // and the library agrees
        let library = files.flatMap { file in
            BundlePipeline.run(.path(repositoryRoot.appendingPathComponent(file).path), options: BundlePipelineOptions(goal: .resolve)).diagnostics.map(\.message)
        }
        #expect(library == reports.flatMap { ($0["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String } })
    }

    @Test func standardInputIsReadAsYAML() throws {
        let spec = try String(contentsOf: examples.appendingPathComponent("clickstream-kafka.yaml"), encoding: .utf8)
        let ok = try uisGen(["validate", "-"], stdin: spec)
        #expect(ok.status == 0, "\(ok.stderr)")
        let bad = try uisGen(["validate", "-"], stdin: spec.replacingOccurrences(of: "parallelism: 3", with: "parallelism: 0"))
        #expect(bad.status == 1)
        #expect(bad.stderrLines.first?.hasPrefix("-:") == true)
        #expect(bad.stderrLines.first?.hasSuffix("error: parallelism must be between 1 and 4096, got 0 [provider.parallelism]") == true)
    }

    @Test(arguments: [[String](), ["validate"], ["validate", "--no-such-option", "Examples/orders-cdc.yaml"], ["frobnicate"], ["validate", "--format", "xml", "Examples/orders-cdc.yaml"]])
    func usageErrorsExit64(arguments: [String]) throws {
        let run = try uisGen(arguments)
        if arguments.isEmpty {
            // no subcommand: ArgumentParser prints help; either help (0) or usage error (64) is acceptable
            #expect(run.status == 0 || run.status == 64)
        } else {
            #expect(run.status == 64, "\(arguments): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("Error:") || run.stderr.contains("Usage:") || run.stderr.lowercased().contains("usage"))
        }
    }

    @Test func missingFileIsAnErrorNotAUsageError() throws {
        let run = try uisGen(["validate", "no/such/spec.yaml"])
        #expect(run.status == 1)
        #expect(run.stderrLines.first == "no/such/spec.yaml:1:1: error: no such file")
    }

    @Test func version() throws {
        let run = try uisGen(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == UISGenVersion.current)
    }

    @Test(arguments: [["--help"], ["validate", "--help"], ["schema", "--help"], ["help", "validate"]])
    func help(arguments: [String]) throws {
        let run = try uisGen(arguments)
        #expect(run.status == 0)
        let text = run.stdout + run.stderr
        #expect(text.contains("USAGE:"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func noColourWhenStderrIsNotATerminal() throws {
        let run = try uisGen(["validate", "Tests/Fixtures/bad-specs/version-2.yaml", "Tests/Fixtures/bad-specs/bearer-literal-token.yaml"])
        #expect(!run.stderr.contains("\u{1B}"))
        #expect(!run.stdout.contains("\u{1B}"))
    }

    @Test func schemaCommandPrintsTheSchema() throws {
        let run = try uisGen(["schema"])
        #expect(run.status == 0)
        #expect(run.stdout == SpecSchema.jsonText())
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("uis-schema-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let written = try uisGen(["schema", "-o", tmp.path])
        #expect(written.status == 0)
        #expect(try String(contentsOf: tmp, encoding: .utf8) == SpecSchema.jsonText())
    }

    /// `explain` prints the resolved pipeline; its JSON is the library's `Pipeline`, byte for byte.
    @Test(arguments: ["realtime-analytics.json", "orders-cdc.yaml"]) func explainPrintsThePipeline(_ name: String) throws {
        let path = "Examples/" + name
        let text = try uisGen(["explain", path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("pipeline "))
        for section in ["\nflink ", "\n  why: ", "\nsources: ", "\nsinks: ", "\nartifacts ", "\nflink configuration:\n"] {
            #expect(text.stdout.contains(section), "\(section)")
        }
        let json = try uisGen(["explain", "--format", "json", path])
        #expect(json.status == 0, "\(json.stderr)")
        let library = try #require(BundlePipeline.run(.path(repositoryRoot.appendingPathComponent(path).path), options: BundlePipelineOptions(goal: .resolve)).pipeline)
        #expect(try Pipeline(jsonText: json.stdout) == library)
        #expect(json.stdout == library.jsonText())
        let bad = try uisGen(["explain", "Tests/Fixtures/bad-specs/version-2.yaml"])
        #expect(bad.status == 1 && bad.stdout.isEmpty)
        #expect(bad.stderrLines.allSatisfy(isDiagnosticLine), "\(bad.stderr)")
    }

    /// `bundle`, `render` and `validate` report the same diagnostics in the same JSON shape; a self-check
    /// failure is located in the generated file.
    @Test func bundleAndRenderReportJSON() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uis-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = "Tests/Fixtures/bad-specs/version-2.yaml"
        let validate = try uisGen(["validate", "--format", "json", bad])
        let bundle = try uisGen(["bundle", "--format", "json", "Examples/orders-cdc.yaml", bad, "-o", dir.path])
        #expect(bundle.status == 1)
        func files(_ run: Run) throws -> [[String: Any]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
            return try #require(object["files"] as? [[String: Any]])
        }
        let reported = try files(bundle)
        #expect(reported.map { $0["file"] as? String } == ["Examples/orders-cdc.yaml", bad])
        #expect(reported.map { $0["valid"] as? Bool } == [true, false])
        #expect(NSArray(array: [reported[1]]).isEqual(to: try files(validate)))
        #expect(!bundle.stderr.contains("error:"), "diagnostics go to the report, not stderr: \(bundle.stderr)")
        let templates = dir.appendingPathComponent("t/k8s")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{%CONTENT_TYPE:TEXT}}\nkind: [unclosed\n".utf8).write(to: templates.appendingPathComponent("flinkdeployment.yaml.mustache"))
        let render = try uisGen(["render", "--format", "json", "Examples/orders-cdc.yaml", "--templates", dir.appendingPathComponent("t").path,
                                 "-o", dir.appendingPathComponent("out").path])
        #expect(render.status == 1)
        let problems = try #require(try files(render).first?["diagnostics"] as? [[String: Any]])
        #expect(problems.contains { ($0["file"] as? String) == "orders-cdc/k8s/flinkdeployment.yaml" && ($0["line"] as? Int) == 2 }, "\(render.stdout)")
    }
}
