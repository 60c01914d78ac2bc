import ArgumentParser
import Foundation
import UISBundle
import UISSpec

extension DolphinSchedulerVersion: ExpressibleByArgument {}

/// Options shared by `bundle` and `render`.
struct RenderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A folder of templates overriding the bundled ones by name (e.g. k8s/flinkdeployment.yaml.mustache).", valueName: "dir"))
    var templates: String?

    @Option(name: .customLong("ds-version"), help: "DolphinScheduler export format: 3.2 (processDefinition keys) or 3.3 (workflowDefinition keys).")
    var dsVersion: DolphinSchedulerVersion = .v3_2

    /// The library options for a whole bundle; `--templates DIR` is read here, so its errors come before any spec's.
    func pipelineOptions() throws -> BundlePipelineOptions { try Self.pipelineOptions(templates: templates, dsVersion: dsVersion) }

    /// The same from plain values (nil templates: the bundled ones, parsed when a spec first needs them).
    static func pipelineOptions(templates: String?, dsVersion: DolphinSchedulerVersion) throws -> BundlePipelineOptions {
        var options = BundlePipelineOptions(goal: .bundle, bundle: BundleOptions(dolphinSchedulerVersion: dsVersion))
        if let templates {
            do { options.templates = try TemplateSet(overrides: templates) }
            catch { throw CLIError([error.diagnostic]) }
        }
        return options
    }
}

/// `uis-gen render SPEC -o DIR`.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the bundle's files into a folder instead of a tarball, to read or diff.",
        discussion: "DIR must not exist or be empty. The files are written to a temporary folder beside DIR and moved into place when complete."
    )

    @Argument(help: ArgumentHelp("The spec file.", valueName: "spec"))
    var spec: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to create.", valueName: "dir"))
    var output: String

    @OptionGroup var renderOptions: RenderOptions

    @Option(help: "Diagnostics as compiler-style lines on stderr, or one JSON report on stdout (like validate --format json).")
    var format: DiagnosticsFormat = .text

    func run() throws {
        let console = Console()
        let result = BundlePipeline.run(.path(spec), options: try renderOptions.pipelineOptions())
        var written: CLIError?
        if let bundle = result.bundle {
            do { try OutputPath.writeFolder(bundle.files, to: output) } catch let error as CLIError { written = error }
        }
        let diagnostics = result.diagnostics + (written?.diagnostics ?? [])
        if format == .json { console.printOut(DiagnosticsReport([(spec, diagnostics)]).json()) }
        else { console.printDiagnostics(diagnostics) }
        if result.bundle == nil || written != nil { throw ExitCode.failure }
    }
}
