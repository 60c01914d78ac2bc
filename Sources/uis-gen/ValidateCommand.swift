import ArgumentParser
import Foundation
import UISBundle
import UISSpec

/// `uis-gen validate FILE...`: every problem of every file at once.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check spec files and report every problem at once.",
        discussion: """
        Prints `file:line:col: error: message [spec path]` lines on stderr and a one-line summary. \
        Warnings (unknown keys, literal credentials, unknown Flink keys) do not fail the run.
        Exit 0 when no file has errors, 1 when any has.
        """
    )

    @Argument(help: ArgumentHelp("Spec files (.yaml, .yml, .json); - reads YAML from standard input.", valueName: "file"))
    var files: [String]

    @Option(help: "Diagnostics as human-readable text on stderr, or JSON on stdout.")
    var format: DiagnosticsFormat = .text

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one spec file") }
    }

    func run() throws {
        let console = Console()
        var results: [(file: String, diagnostics: [Diagnostic])] = []
        for file in files {
            let diagnostics = BundlePipeline.run(.path(file), options: BundlePipelineOptions(goal: .resolve)).diagnostics
            if format == .text { console.printDiagnostics(diagnostics) }
            results.append((file, diagnostics))
        }
        let report = DiagnosticsReport(results)
        if format == .json {
            console.printOut(report.json())
        } else {
            console.printError(Console.summary(errors: report.errors, warnings: report.warnings, files: files.count))
        }
        if report.errors > 0 { throw ExitCode.failure }
    }
}

/// `uis-gen schema`: the JSON Schema of the UIS spec.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of the UIS spec, for editors.",
        discussion: """
        Point yaml-language-server at it with a first line such as
        `# yaml-language-server: $schema=uis-spec.schema.json` to get completion and checks while editing.
        """
    )

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let text = SpecSchema.jsonText()
        if let output {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) }
            catch { throw CLIError("cannot write \(output): \(error.localizedDescription)") }
        } else {
            Console().printOut(text)
        }
    }
}
