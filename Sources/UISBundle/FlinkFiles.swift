import UISCompiler
import UISSpec
import UISText

/// `flink/`, for clusters without the Flink Kubernetes Operator: `config.yaml` (2.x) or `flink-conf.yaml`
/// (1.20), `job-config.json`, `flink-run-args.txt` and `submit.sh`. Written from typed values, no templates.
enum FlinkFiles {
    /// `flink/`: the Flink configuration, the job config, the `flink run` arguments and `submit.sh`.
    static func render(_ context: BundleContext, compiled: CompiledPipeline) -> [BundleFile] {
        let p = context.pipeline
        var files: [BundleFile] = []
        var config = "# Flink configuration for pipeline \(Escape.lineComment(p.identity.name)) (uis-gen \(UISGenVersion.current)).\n"
        config += "# For clusters without the Flink Kubernetes Operator; the operator takes k8s/flinkdeployment.yaml's flinkConfiguration.\n"
        if p.flink.version.isTwoX {
            for entry in p.flink.configuration { config += "\(entry.key): \(Escape.yaml(entry.value))\n" }
            files.append(BundleFile(path: "flink/config.yaml", contents: config))
        } else {
            config += "# Flink 1.20 reads this legacy file line by line: values are written as they are, unquoted.\n"
            for entry in p.flink.configuration { config += "\(entry.key): \(entry.value)\n" }
            files.append(BundleFile(path: "flink/flink-conf.yaml", contents: config))
        }
        files.append(BundleFile(path: "flink/job-config.json", contents: compiled.jobConfig))
        let args = compiled.flinkArgs
        files.append(BundleFile(path: "flink/flink-run-args.txt", contents: args.joined(separator: "\n") + "\n"))
        var submit = "#!/usr/bin/env bash\n# Submits pipeline \(Escape.lineComment(p.identity.name)) with `flink run` to the cluster your Flink CLI points at.\n"
        submit += "# The image (Dockerfile) holds the job jar and the SQL; secrets come from the environment.\nset -euo pipefail\n"
        for secret in p.secrets {
            submit += ": \"${\(secret.environmentVariable):?set \(secret.environmentVariable) (secret \(Escape.lineComment(secret.name).replacingBytes("\"", with: "'").replacingBytes("`", with: "'").replacingBytes("$", with: "")))}\"\n"
        }
        submit += "exec \"${FLINK_HOME:-/opt/flink}/bin/flink\" " + args.map(Escape.shell).joined(separator: " ") + " \"$@\"\n"
        files.append(BundleFile(path: "flink/submit.sh", contents: submit, isExecutable: true))
        return files
    }
}
