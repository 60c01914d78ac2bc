import Foundation
import UISCompiler
import UISSpec
import UISText

/// The DolphinScheduler release line a workflow export is written for. 3.3 renamed process → workflow
/// in the export's keys (a 3.2 file imported into 3.3 silently has no definition, so one file per version).
public enum DolphinSchedulerVersion: String, Sendable, CaseIterable {
    /// DolphinScheduler 3.2 and 3.3.
    case v3_2 = "3.2", v3_3 = "3.3"

    /// Key of the definition object.
    var definitionKey: String { self == .v3_2 ? "processDefinition" : "workflowDefinition" }
    /// Key of the relation list.
    var relationListKey: String { self == .v3_2 ? "processTaskRelationList" : "workflowTaskRelationList" }
    /// Keys of a relation's definition code and version.
    var relationDefinitionCodeKey: String { self == .v3_2 ? "processDefinitionCode" : "workflowDefinitionCode" }
    /// Key of a relation's definition version.
    var relationDefinitionVersionKey: String { self == .v3_2 ? "processDefinitionVersion" : "workflowDefinitionVersion" }
}

/// `dolphinscheduler/`: an importable workflow that deploys the bundle's `k8s/` folder through the
/// operator and waits for the job (a SHELL task), a FLINK_STREAM task definition for `flink run`
/// clusters, and a README. JSON is built as `JSONValue`.
enum DolphinSchedulerFiles {
    /// Default folder of the unpacked bundle on a DolphinScheduler worker (the `BUNDLE_DIR` parameter).
    static func defaultBundleDir(_ context: BundleContext) -> String { "/opt/uis-gen/bundles/" + context.folder }
    /// DolphinScheduler resource path of the runner jar the FLINK_STREAM task names (a placeholder ops replace).
    static func jarResource(_ context: BundleContext) -> String { "/uis-gen/" + context.folder + "/sql-runner.jar" }
    /// Seconds the deploy task waits for the job to run.
    static let waitSeconds = 600
    /// The workflow file's path for a version.
    static func workflowPath(_ version: DolphinSchedulerVersion) -> String { "dolphinscheduler/workflow-\(version.rawValue).json" }

    /// Renders every file, with the bundled README template.
    static func render(_ context: BundleContext, dsVersion: DolphinSchedulerVersion) -> [BundleFile] {
        switch TemplateSet.bundled {
        case let .success(templates):
            do { return try render(context, dsVersion: dsVersion, templates: templates) }
            catch { preconditionFailure("bundled template dolphinscheduler/README.md: \(error)") }
        case let .failure(error):
            preconditionFailure("bundled templates: \(error)")
        }
    }

    /// Renders every file; the README comes from `templates` (so `--templates` can replace it).
    static func render(_ context: BundleContext, dsVersion: DolphinSchedulerVersion, templates: TemplateSet) throws(TemplateError) -> [BundleFile] {
        [
            BundleFile(path: workflowPath(dsVersion), contents: workflow(context, version: dsVersion).encoded()),
            BundleFile(path: "dolphinscheduler/flink-stream-task.json", contents: flinkStreamTask(context).encoded()),
            BundleFile(path: "dolphinscheduler/README.md", contents: try templates.render("dolphinscheduler/README.md", readmeView(context, version: dsVersion))),
        ]
    }

    // MARK: codes

    /// Deterministic 13-digit codes (DolphinScheduler's code size) from the pipeline name and a role;
    /// import replaces them, they only need to be unique and consistent inside the file.
    struct Codes {
        /// Code of the workflow definition.
        var definition: Int
        /// Code of the SHELL task that deploys the bundle.
        var deployTask: Int
        /// Code of the FLINK_STREAM task definition.
        var streamTask: Int

        /// The codes for pipeline `name`: sha256-derived and distinct from each other.
        init(name: String) {
            var used: Set<Int> = []
            func code(_ role: String) -> Int {
                var salt = 0
                while true {
                    let digest = FileDigest.sha256(Array("uis-gen/dolphinscheduler/\(name)/\(role)/\(salt)".utf8))
                    let n = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                    let value = 1_000_000_000_000 + Int(n % 9_000_000_000_000)
                    if used.insert(value).inserted { return value }
                    salt += 1
                }
            }
            definition = code("definition")
            deployTask = code("deploy")
            streamTask = code("flink-stream")
        }
    }

    // MARK: workflow

    /// The export: a JSON array with one definition, one SHELL task and its relation row.
    static func workflow(_ context: BundleContext, version: DolphinSchedulerVersion) -> JSONValue {
        let p = context.pipeline
        let codes = Codes(name: p.identity.name)
        let locations = compact(.array([.object([("taskCode", .int(codes.deployTask)), ("x", .int(160)), ("y", .int(120))])]))
        let globalParams = compact(.array([.object([
            ("prop", .string("BUNDLE_DIR")), ("direct", .string("IN")), ("type", .string("VARCHAR")),
            ("value", .string(defaultBundleDir(context))),
        ])]))
        let description = "uis-gen \(UISGenVersion.current): deploys pipeline \(p.identity.name) through the Flink Kubernetes Operator "
            + "(kubectl apply -k BUNDLE_DIR/k8s) and waits until the job runs."
            + (p.identity.description.map { " " + $0 } ?? "")
        let definition: JSONValue = .object([
            ("code", .int(codes.definition)),
            ("name", .string(p.identity.jobName)),
            ("version", .int(1)),
            ("releaseState", .string("OFFLINE")),
            ("description", .string(description)),
            ("globalParams", .string(globalParams)),
            ("flag", .string("YES")),
            ("locations", .string(locations)),
            ("timeout", .int(0)),
            ("executionType", .string("PARALLEL")),
        ])
        let relation: JSONValue = .object([
            ("name", .string("")),
            (version.relationDefinitionVersionKey, .int(1)),
            (version.relationDefinitionCodeKey, .int(codes.definition)),
            ("preTaskCode", .int(0)),
            ("preTaskVersion", .int(0)),
            ("postTaskCode", .int(codes.deployTask)),
            ("postTaskVersion", .int(1)),
            ("conditionType", .string("NONE")),
            ("conditionParams", .object([])),
        ])
        let task: JSONValue = .object([
            ("code", .int(codes.deployTask)),
            ("name", .string("deploy-" + context.deploymentName)),
            ("version", .int(1)),
            ("description", .string("kubectl apply -k BUNDLE_DIR/k8s, then wait up to \(waitSeconds / 60) minutes for FlinkDeployment "
                + "\(context.deploymentName) in namespace \(context.namespace) to run; fails when the job fails or the wait times out.")),
            ("taskType", .string("SHELL")),
            ("taskParams", .object([
                ("localParams", .array([])),
                ("rawScript", .string(deployScript(context))),
                ("resourceList", .array([])),
            ])),
            ("flag", .string("YES")),
            ("isCache", .string("NO")),
            ("taskPriority", .string("MEDIUM")),
            ("workerGroup", .string("default")),
            ("environmentCode", .int(-1)),
            ("failRetryTimes", .int(0)),
            ("failRetryInterval", .int(1)),
            // A guard above the script's own wait, in minutes.
            ("timeoutFlag", .string("OPEN")),
            ("timeoutNotifyStrategy", .string("FAILED")),
            ("timeout", .int(waitSeconds / 60 + 5)),
            ("delayTime", .int(0)),
            ("taskGroupId", .int(0)),
            ("taskGroupPriority", .int(0)),
            ("cpuQuota", .int(-1)),
            ("memoryMax", .int(-1)),
            ("taskExecuteType", .string("BATCH")),
        ])
        return .array([.object([
            (version.definitionKey, definition),
            (version.relationListKey, .array([relation])),
            ("taskDefinitionList", .array([task])),
            ("schedule", .null),
        ])])
    }

    /// The SHELL task's script. DolphinScheduler replaces `${NAME}` placeholders of known parameters
    /// textually before bash runs the script, so the only `${` in it is `${BUNDLE_DIR}`, read through a
    /// quoted here-document (no shell expansion of the substituted value). Every other word is quoted.
    static func deployScript(_ context: BundleContext) -> String {
        let p = context.pipeline
        let q = Escape.shell
        let secretCheck = p.secrets.isEmpty ? "# This pipeline reads no secrets." : """
            secret=\(q(context.secretName))
            if ! kubectl -n "$namespace" get secret "$secret" >/dev/null 2>&1; then
              echo "Secret $secret is missing in namespace $namespace; the job cannot start until it exists (see k8s/secret.yaml)" >&2
              exit 1
            fi
            """
        return """
        #!/usr/bin/env bash
        # Generated by uis-gen \(YAMLText.comment(UISGenVersion.current)) for pipeline \(YAMLText.comment(p.identity.name)).
        # Applies the bundle's k8s/ folder (the FlinkDeployment; with the Prometheus Operator's CRDs installed,
        # k8s-with-monitoring/: its PodMonitor and PrometheusRule too) with kubectl and waits
        # until the Flink Kubernetes Operator reports the job RUNNING. Needs kubectl with access to the namespace
        # on this worker, the unpacked bundle at BUNDLE_DIR and the Secret created beforehand (see k8s/secret.yaml).
        set -euo pipefail

        # BUNDLE_DIR is a workflow (global) parameter; set it at start time to override the default.
        bundle_dir=$(cat <<'UIS_GEN_BUNDLE_DIR'
        ${BUNDLE_DIR}
        UIS_GEN_BUNDLE_DIR
        )
        case $bundle_dir in
          '$'{*|'') bundle_dir=\(q(defaultBundleDir(context))) ;;
        esac
        namespace=\(q(context.namespace))
        deployment=\(q(context.deploymentName))
        timeout_seconds=\(waitSeconds)
        poll_seconds=10

        if ! command -v kubectl >/dev/null 2>&1; then
          echo "kubectl is not installed on this worker" >&2
          exit 1
        fi
        if [ ! -f "$bundle_dir/k8s/kustomization.yaml" ]; then
          echo "no k8s/kustomization.yaml under BUNDLE_DIR=$bundle_dir (unpack the bundle there or set BUNDLE_DIR)" >&2
          exit 1
        fi

        \(secretCheck)
        target="$bundle_dir/k8s"
        # (captured first: under pipefail, `kubectl … | grep -q` can fail when grep stops reading early)
        monitoring_api=$(kubectl api-resources --api-group=monitoring.coreos.com -o name 2>/dev/null || true)
        if [[ $monitoring_api == *podmonitors.monitoring.coreos.com* ]]; then
          target="$bundle_dir/k8s-with-monitoring"
        fi
        echo "applying $target to namespace $namespace"
        kubectl apply -k "$target"
        generation=$(kubectl -n "$namespace" get flinkdeployment "$deployment" -o jsonpath='{.metadata.generation}')

        deadline=$(( $(date +%s) + timeout_seconds ))
        last=''
        while :; do
          status=$(kubectl -n "$namespace" get flinkdeployment "$deployment" \\
            -o jsonpath='{.status.observedGeneration}{" "}{.status.lifecycleState}{" "}{.status.jobStatus.state}' 2>/dev/null || true)
          read -r observed lifecycle job_state _ <<<"$status - - -"
          now="generation=$observed/$generation lifecycle=$lifecycle job=$job_state"
          if [ "$now" != "$last" ]; then
            echo "$(date -u +%H:%M:%SZ) $deployment: $now"
            last=$now
          fi
          if [ "$observed" = "$generation" ]; then
            case $job_state in
              RUNNING)
                case $lifecycle in
                  STABLE|DEPLOYED)
                    echo "$deployment is running"
                    exit 0 ;;
                esac ;;
              FAILED|CANCELED|FINISHED)
                echo "job of $deployment reached $job_state" >&2
                kubectl -n "$namespace" get flinkdeployment "$deployment" -o jsonpath='{.status.error}' >&2 || true
                echo >&2
                exit 1 ;;
            esac
            if [ "$lifecycle" = FAILED ] || [ "$lifecycle" = ROLLED_BACK ]; then
              echo "$deployment reached lifecycle state $lifecycle" >&2
              kubectl -n "$namespace" get flinkdeployment "$deployment" -o jsonpath='{.status.error}' >&2 || true
              echo >&2
              exit 1
            fi
          fi
          if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "timed out after $timeout_seconds s waiting for $deployment to run ($now)" >&2
            kubectl -n "$namespace" describe flinkdeployment "$deployment" >&2 || true
            exit 1
          fi
          sleep "$poll_seconds"
        done

        """
    }

    // MARK: FLINK_STREAM task

    /// A FLINK_STREAM task definition (taskParams as FlinkParameters) for clusters that submit with `flink run`.
    /// The FLINK_STREAM task's `deployMode`: `cluster` (YARN per-job) exists up to Flink 1.20 only; on 2.x the
    /// task submits with plain `flink run` to the cluster the worker's Flink configuration names (`standalone`,
    /// DolphinScheduler 3.2+), where the client still runs the runner's `main` and reads the SQL on the worker.
    static func deployMode(_ version: FlinkVersion) -> String { version.isTwoX ? "standalone" : "cluster" }

    static func flinkStreamTask(_ context: BundleContext) -> JSONValue {
        let p = context.pipeline
        let codes = Codes(name: p.identity.name)
        let slots = max(1, p.flink.taskSlots)
        return .object([
            ("code", .int(codes.streamTask)),
            ("name", .string(p.identity.jobName)),
            ("version", .int(1)),
            ("description", .string("uis-gen \(UISGenVersion.current): runs pipeline \(p.identity.name)'s Flink SQL with the bundle's SQL runner (flink run).")),
            ("taskType", .string("FLINK_STREAM")),
            ("taskParams", .object([
                ("localParams", .array([])),
                ("resourceList", .array([])),
                ("initScript", .string("")),
                ("rawScript", .string("")),
                ("programType", .string("JAVA")),
                ("mainClass", .string(p.identity.javaPackage + ".SqlRunner")),
                ("mainJar", .object([("resourceName", .string(jarResource(context)))])),
                ("deployMode", .string(deployMode(p.flink.version))),
                ("flinkVersion", .string(">=1.12")),
                ("appName", .string(p.identity.jobName)),
                ("jobManagerMemory", .string(p.flink.jobManagerMemory)),
                ("taskManagerMemory", .string(p.flink.taskManagerMemory)),
                ("slot", .int(slots)),
                ("taskManager", .int((max(1, p.flink.parallelism) + slots - 1) / slots)),
                ("parallelism", .int(p.flink.parallelism)),
                ("yarnQueue", .string("")),
                ("mainArgs", .string(FlinkCompiler.sqlPath)),
                ("others", .string("")),
            ])),
            ("flag", .string("YES")),
            ("isCache", .string("NO")),
            ("taskPriority", .string("MEDIUM")),
            ("workerGroup", .string("default")),
            ("environmentCode", .int(-1)),
            ("failRetryTimes", .int(0)),
            ("failRetryInterval", .int(1)),
            ("timeoutFlag", .string("CLOSE")),
            ("timeoutNotifyStrategy", .null),
            ("timeout", .int(0)),
            ("delayTime", .int(0)),
            ("taskGroupId", .int(0)),
            ("taskGroupPriority", .int(0)),
            ("cpuQuota", .int(-1)),
            ("memoryMax", .int(-1)),
            ("taskExecuteType", .string("STREAM")),
        ])
    }

    // MARK: README

    /// The view-model of `dolphinscheduler/README.md`.
    static func readmeView(_ context: BundleContext, version: DolphinSchedulerVersion) -> TemplateContext {
        let p = context.pipeline
        return [
            "uisGenVersion": .text(UISGenVersion.current),
            "pipeline": .text(Escape.markdownCode(p.identity.name)),
            "workflowFile": .text(Escape.markdownCode(workflowPath(version))),
            "workflowName": .text(Escape.markdownCode(p.identity.jobName)),
            "dsVersion": .text(version.rawValue),
            "otherVersion": version == .v3_2 ? "3.3" : "3.2",
            "definitionKey": .text(Escape.markdownCode(version.definitionKey)),
            "isV33": .flag(version == .v3_3),
            "importPath": .text(Escape.markdownCode(version == .v3_2 ? "process-definition/import" : "workflow-definition/import")),
            "bundleDir": .text(Escape.markdownCode(defaultBundleDir(context))),
            "deploymentName": .text(Escape.markdownCode(context.deploymentName)),
            "namespace": .text(Escape.markdownCode(context.namespace)),
            "secretName": .text(Escape.markdownCode(context.secretName)),
            "waitMinutes": .text(String(waitSeconds / 60)),
            "jarResource": .text(Escape.markdownCode(jarResource(context))),
            "sqlPath": .text(Escape.markdownCode(FlinkCompiler.sqlPath)),
            "mainClass": .text(Escape.markdownCode(p.identity.javaPackage + ".SqlRunner")),
            "deployMode": .text(Escape.markdownCode(deployMode(p.flink.version))),
            "isPerJob": .flag(deployMode(p.flink.version) == "cluster"),
            "hasSecrets": .flag(!p.secrets.isEmpty),
            "secrets": .objects(p.secrets.map {
                ["environmentVariable": .text(Escape.markdownCode($0.environmentVariable)), "key": .text(Escape.markdownCode($0.name))]
            }),
        ]
    }

    /// Compact JSON text (no spaces or newlines), for JSON carried inside JSON strings.
    static func compact(_ value: JSONValue) -> String {
        switch value {
        case let .string(s): return JSONValue.quote(s)
        case .int, .double, .number, .bool, .null: return value.encoded().trimmingCharacters(in: .newlines)
        case let .array(items): return "[" + items.map(compact).joined(separator: ",") + "]"
        case let .object(pairs): return "{" + pairs.map { JSONValue.quote($0.0) + ":" + compact($0.1) }.joined(separator: ",") + "}"
        }
    }
}
