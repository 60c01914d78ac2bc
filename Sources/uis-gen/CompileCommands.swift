import ArgumentParser
import Foundation
import UISBundle
import UISCompiler
import UISSpec
import UISText

/// `uis-gen sql SPEC`: the pipeline SQL script.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Print the pipeline's Flink SQL script (sql/pipeline.sql of the bundle).",
        discussion: "Secrets appear as ${UIS_SECRET_…} references that the SQL runner fills from the environment."
    )

    @Argument(help: ArgumentHelp("The spec file (.yaml, .yml, .json); - reads YAML from standard input.", valueName: "spec"))
    var spec: String

    func run() throws {
        guard let compiled = try PipelineRun.run(spec, goal: .compile).compiled else { throw ExitCode.failure }
        Console().printOut(compiled.sql)
    }
}

/// `uis-gen compile SPEC`: the job config JSON.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Print the job config JSON (job_type, flink_config, sources, transforms, sinks, state_management, monitoring)."
    )

    @Argument(help: ArgumentHelp("The spec file.", valueName: "spec"))
    var spec: String

    func run() throws {
        guard let compiled = try PipelineRun.run(spec, goal: .compile).compiled else { throw ExitCode.failure }
        Console().printOut(compiled.jobConfig)
    }
}

/// `uis-gen args SPEC`: the `flink run` arguments.
struct ArgsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "args",
        abstract: "Print the `flink run` arguments for the bundle's job jar, one per line.",
        discussion: "Use with: flink $(uis-gen args spec.yaml) — or read flink/flink-run-args.txt in the bundle."
    )

    @Argument(help: ArgumentHelp("The spec file.", valueName: "spec"))
    var spec: String

    @Flag(help: "Print one shell-quoted command line instead of one argument per line.")
    var shell = false

    func run() throws {
        guard let args = try PipelineRun.run(spec, goal: .compile).compiled?.flinkArgs else { throw ExitCode.failure }
        if shell {
            Console().printOut((["flink"] + args).map(ShellWord.quote).joined(separator: " ") + "\n")
        } else {
            Console().printOut(args.joined(separator: "\n") + "\n")
        }
    }
}
