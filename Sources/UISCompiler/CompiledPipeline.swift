import UISSpec

/// What the compiler makes of a pipeline for a bundle: the Flink SQL script, the job config JSON and the
/// `flink run` arguments (the "compile" stage, before any template is rendered).
public struct CompiledPipeline: Sendable, Equatable {
    /// `sql/pipeline.sql`.
    public var sql: String
    /// `flink/job-config.json`.
    public var jobConfig: String
    /// `flink/flink-run-args.txt`, one argument an element.
    public var flinkArgs: [String]

    /// Compiles `pipeline` (the SQL script and the job config side by side when the pipeline is large).
    public init(_ pipeline: Pipeline) {
        let texts = ParallelWork.map(2, parallel: ParallelWork.isLarge(pipeline)) { index in
            index == 0 ? SQLGenerator().script(for: pipeline).text : FlinkCompiler().jobConfig(pipeline).encoded()
        }
        sql = texts[0]
        jobConfig = texts[1]
        flinkArgs = FlinkCompiler().flinkArgs(pipeline)
    }
}
