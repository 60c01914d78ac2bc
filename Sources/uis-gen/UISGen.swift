import Foundation
import ArgumentParser
import Foundation
import UISSpec

/// The `uis-gen` command line: a thin layer over the library modules.
@main
struct UISGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uis-gen",
        abstract: "Compile Unified Ingestion Specs into deployable Flink bundles.",
        discussion: """
        A UIS spec (.yaml, .yml or .json) describes one streaming ingestion pipeline: a websocket, webhook, \
        Kafka or database-CDC source, its endpoints and field mappings, and its Kafka, Iceberg or ClickHouse sinks. \
        `uis-gen bundle spec.yaml` turns it into one tarball that ops deploy without uis-gen.

        Exit codes: 0 ok, 1 the spec or the run failed, 64 usage error.
        """,
        version: UISGenVersion.current,
        subcommands: [ValidateCommand.self, BundleCommand.self, RenderCommand.self, InspectCommand.self, SQLCommand.self, CompileCommand.self, ArgsCommand.self, SchemaCommand.self, InitCommand.self]
    )
}

extension UISGen {
    /// Runs the command; a `CLIError` prints `uis-gen: error: …` and exits 1, usage errors exit 64.
    static func main() {
        if let run = BundleRun(fastPathArguments: Array(CommandLine.arguments.dropFirst())) {
            do { try run.run() } catch let error as CLIError {
                Console().printError("uis-gen: error: \(error.description)")
                Foundation.exit(1)
            } catch let code as ExitCode {
                Foundation.exit(code.rawValue)
            } catch {
                exit(withError: error)
            }
            Foundation.exit(0)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            Console().printError("uis-gen: error: \(error.description)")
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
