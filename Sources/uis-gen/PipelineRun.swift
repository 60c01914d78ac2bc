import ArgumentParser
import UISBundle
import UISCompiler
import UISSpec

/// The library's one entry point as the commands use it: run to a goal, print every diagnostic.
enum PipelineRun {
    /// Runs `spec` up to `goal`, printing its diagnostics (warnings too); exit 1 when it has errors.
    static func run(_ spec: String, goal: BundleGoal, console: Console = Console()) throws -> BundleResult {
        let result = BundlePipeline.run(.path(spec), options: BundlePipelineOptions(goal: goal))
        console.printDiagnostics(result.diagnostics)
        if result.hasErrors { throw ExitCode.failure }
        return result
    }
}
