import Foundation
import UISCompiler
import UISSpec
import UISText

/// One Prometheus alert of a pipeline. All texts are plain (unescaped); the renderers escape them for
/// their output (YAML + Prometheus templating here, Markdown in the README).
package struct AlertRule: Sendable {
    /// The alert name (`FlinkJobNotRunning`).
    package var name: String
    /// `critical` or `warning`.
    package var severity: String
    /// What it means, in one sentence.
    package var summary: String
    /// The PromQL expression (user strings already escaped for PromQL).
    package var expression: String
    /// How long the expression must hold (`5m`).
    package var forDuration: String
    /// What to do when it fires.
    package var runbook: String
    /// Why the rule looks the way it does (metric, threshold and where it comes from in the spec).
    package var description: String
}

/// A pipeline's alert rules, built once per bundle (their texts go through several escapers) and shared
/// by `monitoring/alerts.yaml`, `k8s/monitoring/prometheusrule.yaml` and the README's runbook.
struct PipelineAlerts {
    /// Each rule with the Prometheus template text of its current value.
    var rules: [(rule: AlertRule, valueTemplate: String)]
    /// The rule groups view both rule files render.
    var groups: TemplateValue

    /// The alerts of `context`'s pipeline.
    init(_ context: BundleContext) {
        rules = MonitoringFiles.alertsWithValues(context)
        groups = MonitoringFiles.groupsView(context, rules: rules)
    }
}

/// `monitoring/alerts.yaml` (a Prometheus rule file) and the rule groups `k8s/monitoring/prometheusrule.yaml` shares.
enum MonitoringFiles {
    /// Renders `monitoring/alerts.yaml`.
    static func render(_ context: BundleContext, alerts: PipelineAlerts, templates: TemplateSet) throws(TemplateError) -> [BundleFile] {
        let view: TemplateContext = [
            "uisGenVersion": .text(YAMLText.comment(UISGenVersion.current)),
            "pipelineComment": .text(YAMLText.comment(context.pipeline.identity.name)),
            "groups": alerts.groups,
        ]
        return [BundleFile(path: "monitoring/alerts.yaml", contents: try templates.render("monitoring/alerts.yaml", view))]
    }

    /// The rule group name.
    static func groupName(_ context: BundleContext) -> String { "uis-" + context.pipeline.identity.name }

    /// `[{name, rules: [{comment, alert, expr, for, labels, annotations}]}]`, every value a YAML scalar.
    static func groupsView(_ context: BundleContext, rules alerts: [(rule: AlertRule, valueTemplate: String)]) -> TemplateValue {
        let p = context.pipeline
        let rules = alerts.map { item -> [String: TemplateValue] in
            let rule = item.rule
            var labels: [(key: String, value: String)] = [("severity", rule.severity), ("pipeline", Escape.prometheusTemplateText(p.identity.name))]
            if let tenant = p.identity.tenantID { labels.append(("tenant", Escape.prometheusTemplateText(tenant))) }
            var annotations: [(key: String, value: String)] = [
                ("summary", Escape.prometheusTemplateText(rule.summary)),
                ("description", Escape.prometheusTemplateText(rule.description) + " Current value: " + item.valueTemplate + "."),
            ]
            if let owner = p.identity.owner { annotations.append(("owner", Escape.prometheusTemplateText(owner))) }
            annotations.append(("runbook", Escape.prometheusTemplateText(rule.runbook)))
            return [
                "comment": .text(YAMLText.comment(rule.name + " (" + rule.severity + "): " + rule.summary)),
                "alert": .text(Escape.yaml(rule.name)),
                "expr": .text(Escape.yaml(rule.expression)),
                "for": .text(Escape.yaml(rule.forDuration)),
                "labels": YAMLView.pairs(labels),
                "annotations": YAMLView.pairs(annotations),
            ]
        }
        return .objects([["name": .text(Escape.yaml(groupName(context))), "rules": .objects(rules)]])
    }

    /// The alerts for the README runbook: name, severity, what it means, what to do.
    static func alerts(_ context: BundleContext) -> [AlertRule] { alertsWithValues(context).map(\.rule) }


    /// A Prometheus duration in whole minutes (`15m`).
    static func minutes(_ n: Int) -> String { "\(max(1, n))m" }

    /// A threshold number for PromQL (`0.05`, `120000`).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// Each alert with the Prometheus template text that shows its current value.
    static func alertsWithValues(_ context: BundleContext) -> [(rule: AlertRule, valueTemplate: String)] {
        let p = context.pipeline
        let job = "{job_name=" + PromQLText.string(p.identity.jobName) + "}"
        let who = "Flink job \(p.identity.jobName) (pipeline \(p.identity.name), FlinkDeployment \(context.deploymentName) in namespace \(context.namespace))"
        let inspect = "kubectl -n \(Escape.shell(context.namespace)) get flinkdeployment \(Escape.shell(context.deploymentName)) -o yaml"
        let logs = "kubectl -n \(Escape.shell(context.namespace)) logs deploy/\(Escape.shell(context.deploymentName))"
        let ms = "{{ printf \"%.0f\" $value }} ms"
        var out: [(AlertRule, String)] = []

        out.append((AlertRule(
            name: "FlinkJobNotRunning", severity: "critical",
            summary: "\(who) is not running.",
            expression: "absent(flink_jobmanager_job_runningTime\(job)) or max by (job_name) (flink_jobmanager_job_runningTime\(job)) <= 0",
            forDuration: "5m",
            runbook: "Check the deployment status and the operator's events: `\(inspect)` (status.jobStatus.state, status.error). "
                + "Read the JobManager log: `\(logs)`. If the job FAILED, fix the cause (missing Secret keys, unreachable source or sink, bad credentials) "
                + "and redeploy; with upgradeMode \(p.flink.upgradeMode.rawValue) the operator restores state from the latest checkpoint or savepoint.",
            description: "flink_jobmanager_job_runningTime (milliseconds in state RUNNING, 0 otherwise) has been missing or 0 for 5 minutes: "
                + "the job is not RUNNING, or its JobManager is not being scraped."), "{{ printf \"%.0f\" $value }}"))

        out.append((AlertRule(
            name: "FlinkJobRestarting", severity: "warning",
            summary: "\(who) restarted in the last 15 minutes.",
            expression: "max by (job_name) (increase(flink_jobmanager_job_numRestarts\(job)[15m])) > 0",
            forDuration: "0m",
            runbook: "Find the exception that caused the restart in the JobManager log (`\(logs)`, search for \"switched from state RUNNING to RESTARTING\" (the job) and \"switched from RUNNING to FAILED\" (the task that failed, with the exception)). "
                + "Repeated restarts usually mean a poison record, an unreachable sink or lost credentials; the restart strategy is exponential-delay.",
            description: "flink_jobmanager_job_numRestarts (a counter exported as a gauge) increased within 15 minutes."),
            "{{ printf \"%.0f\" $value }} restart(s)"))

        let failures = max(1, p.monitoring.checkpointFailureThreshold)
        let window = max(10, Int((Double(2 * failures * max(p.flink.checkpoint.intervalMs, 1)) / 60_000).rounded(.up)))
        out.append((AlertRule(
            name: "FlinkCheckpointsFailing", severity: "critical",
            summary: "\(who): \(failures) or more checkpoints failed within \(window) minutes.",
            expression: "max by (job_name) (increase(flink_jobmanager_job_numberOfFailedCheckpoints\(job)[\(minutes(window))])) >= \(failures)",
            forDuration: "0m",
            runbook: "Look for the checkpoint failure reason in the JobManager log (`\(logs)`) or the Flink UI's Checkpoints tab: "
                + "storage permissions or quota at \(p.flink.checkpoint.dir), timeouts (\(p.flink.checkpoint.timeoutMs) ms) under backpressure, or a sink that cannot commit. "
                + "Without successful checkpoints an upgrade or failover loses progress back to the last completed one.",
            description: "flink_jobmanager_job_numberOfFailedCheckpoints increased by at least checkpoint_failure_threshold (\(failures)) within "
                + "\(window) minutes (twice the threshold times the checkpoint interval of \(p.flink.checkpoint.intervalMs) ms, at least 10 minutes)."),
            "{{ printf \"%.0f\" $value }} failed checkpoint(s)"))

        let slow = Int((Double(p.flink.checkpoint.timeoutMs) * 0.8).rounded(.down))
        out.append((AlertRule(
            name: "FlinkCheckpointSlow", severity: "warning",
            summary: "\(who): the last checkpoint took more than 80% of the checkpoint timeout.",
            expression: "max by (job_name) (flink_jobmanager_job_lastCheckpointDuration\(job)) > \(slow)",
            forDuration: "1m",
            runbook: "Checkpoints are close to timing out (\(p.flink.checkpoint.timeoutMs) ms). Check backpressure (FlinkBackpressure), state size "
                + "(flink_jobmanager_job_lastCheckpointSize) and the checkpoint storage's latency; consider more parallelism or a longer "
                + "checkpoint_timeout_ms in the spec.",
            description: "flink_jobmanager_job_lastCheckpointDuration is above \(slow) ms (80% of checkpoint_timeout_ms \(p.flink.checkpoint.timeoutMs))."),
            ms))

        out.append((AlertRule(
            name: "FlinkBackpressure", severity: "warning",
            summary: "\(who) has been backpressured for 15 minutes.",
            expression: "max by (job_name) (flink_taskmanager_job_task_backPressuredTimeMsPerSecond\(job)) > 500",
            forDuration: "15m",
            runbook: "A task spends more than half of its time waiting for downstream: usually a slow sink. Find the first backpressured task "
                + "in the Flink UI, check the sink's health and latency, and scale the job (provider.parallelism) if the input rate grew.",
            description: "flink_taskmanager_job_task_backPressuredTimeMsPerSecond of some task stayed above 500 ms per second."),
            "{{ printf \"%.0f\" $value }} ms/s"))

        if p.provider.type == .kafka {
            out.append((AlertRule(
                name: "FlinkKafkaConsumerLagGrowing", severity: "warning",
                summary: "\(who): the Kafka source's pending records keep growing.",
                expression: "sum by (job_name) (flink_taskmanager_job_task_operator_pendingRecords\(job)) > 0 and "
                    + "sum by (job_name) (delta(flink_taskmanager_job_task_operator_pendingRecords\(job)[15m])) > 0",
                forDuration: "15m",
                runbook: "The job reads slower than the topic grows. Check backpressure and checkpoint alerts first; if the job is healthy "
                    + "but saturated, raise provider.parallelism (up to the partition count) and redeploy.",
                description: "flink_taskmanager_job_task_operator_pendingRecords (Kafka source consumer lag, summed over partitions) is above 0 "
                    + "and grew over 15 minutes, for 15 minutes. The spec has no record-count threshold, so growth is what is alerted on."),
                "{{ printf \"%.0f\" $value }} records"))
        }

        let watermarkDelays = p.sources.compactMap { $0.watermark?.delayMs }
        if let maxDelay = watermarkDelays.max() {
            let threshold = p.monitoring.processingDelayThresholdMs + maxDelay
            out.append((AlertRule(
                name: "FlinkEventTimeLag", severity: "warning",
                summary: "\(who): event time lags wall-clock time by more than processing_delay_threshold_ms.",
                expression: "time() * 1000 - min by (job_name) (flink_taskmanager_job_task_operator_currentOutputWatermark\(job) > 0) > \(threshold)",
                forDuration: "5m",
                runbook: "The slowest operator's watermark is behind. Either the job is lagging (see FlinkBackpressure and consumer lag) or a "
                    + "source partition is idle or sends old timestamps; an idle source holds the watermark back until data arrives.",
                description: "now minus the lowest flink_taskmanager_job_task_operator_currentOutputWatermark exceeds processing_delay_threshold_ms "
                    + "(\(p.monitoring.processingDelayThresholdMs)) plus the largest watermark delay (\(maxDelay) ms)."),
                ms))
        }

        out.append((AlertRule(
            name: "FlinkJobErrorRate", severity: "warning",
            summary: "\(who) was not running for more than \(number(p.monitoring.errorRateThreshold * 100))% of the last hour.",
            expression: "1 - avg_over_time((max by (job_name) (flink_jobmanager_job_runningTime\(job)) > bool 0)[1h:1m]) > \(number(p.monitoring.errorRateThreshold))",
            forDuration: "5m",
            runbook: "The job keeps failing and restarting. Treat it like FlinkJobRestarting: find the recurring exception in the JobManager log "
                + "(`\(logs)`) and fix the input or the sink; a record that cannot be processed fails the job and is retried after every restart.",
            description: "Flink has no per-record error metric: a record that fails deserialization or a sink write fails the job, which restarts. "
                + "error_rate_threshold (\(number(p.monitoring.errorRateThreshold))) is therefore applied to the share of the last hour in which "
                + "flink_jobmanager_job_runningTime was 0 (restarting or failed)."),
            "{{ printf \"%.3f\" $value }}"))

        return out.map { (rule: $0.0, valueTemplate: $0.1) }
    }
}
