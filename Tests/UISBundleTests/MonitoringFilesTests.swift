import Foundation
import Testing
@testable import UISBundle
import UISCompiler
import UISSpec
import UISTestSupport
import Yams
import UISText

@Suite struct MonitoringFilesTests {
    /// Every metric name the rules use is one of Flink's Prometheus reporter names (flink-facts.md §5).
    static let realMetrics: Set<String> = [
        "flink_jobmanager_job_runningTime", "flink_jobmanager_job_numRestarts", "flink_jobmanager_job_numberOfFailedCheckpoints",
        "flink_jobmanager_job_lastCheckpointDuration", "flink_taskmanager_job_task_backPressuredTimeMsPerSecond",
        "flink_taskmanager_job_task_operator_pendingRecords", "flink_taskmanager_job_task_operator_currentOutputWatermark",
    ]

    @Test(arguments: DeployFixtures.examples) func rulesParseAndFollowTheSpec(_ example: String) throws {
        let context = try DeployFixtures.context(example)
        let p = context.pipeline
        let alerts = MonitoringFiles.alerts(context)
        let names = alerts.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.contains("FlinkJobNotRunning") && names.contains("FlinkJobRestarting") && names.contains("FlinkCheckpointsFailing")
            && names.contains("FlinkCheckpointSlow") && names.contains("FlinkBackpressure") && names.contains("FlinkJobErrorRate"))
        #expect(names.contains("FlinkKafkaConsumerLagGrowing") == (p.provider.type == .kafka))
        #expect(names.contains("FlinkEventTimeLag") == p.sources.contains { $0.watermark != nil })
        for alert in alerts {
            #expect(["critical", "warning"].contains(alert.severity))
            #expect(alert.expression.contains("job_name=\"\(p.identity.jobName)\""))
            #expect(!alert.expression.contains("_total"))
            let used = alert.expression.matches(of: /flink_[A-Za-z0-9_]+/).map { String($0.output) }
            #expect(!used.isEmpty)
            for metric in used { #expect(Self.realMetrics.contains(metric), "\(metric)") }
        }
        let byName = Dictionary(uniqueKeysWithValues: alerts.map { ($0.name, $0) })
        #expect(byName["FlinkCheckpointsFailing"]?.expression.hasSuffix(">= \(max(1, p.monitoring.checkpointFailureThreshold))") == true)
        #expect(byName["FlinkCheckpointSlow"]?.expression.hasSuffix("> \(p.flink.checkpoint.timeoutMs * 8 / 10)") == true)
        #expect(byName["FlinkJobErrorRate"]?.expression.hasSuffix("> \(MonitoringFiles.number(p.monitoring.errorRateThreshold))") == true)
        if let lag = byName["FlinkEventTimeLag"], let delay = p.sources.compactMap({ $0.watermark?.delayMs }).max() {
            #expect(lag.expression.hasSuffix("> \(p.monitoring.processingDelayThresholdMs + delay)"))
        }

        let file = try #require(MonitoringFiles.render(context, alerts: PipelineAlerts(context), templates: DeployFixtures.templates()).first)
        #expect(file.path == "monitoring/alerts.yaml")
        let doc = try DeployFixtures.yaml(file)
        let groups = try #require(doc["groups"] as? [[String: Any]])
        #expect(groups.count == 1)
        #expect(groups[0]["name"] as? String == "uis-" + p.identity.name)
        let rules = try #require(groups[0]["rules"] as? [[String: Any]])
        #expect(rules.map { $0["alert"] as? String } == names)
        for (rule, alert) in zip(rules, alerts) {
            #expect(rule["expr"] as? String == alert.expression)
            #expect(rule["for"] as? String == alert.forDuration)
            let labels = try #require(rule["labels"] as? [String: String])
            #expect(labels["severity"] == alert.severity)
            #expect(labels["pipeline"] == p.identity.name)
            // label and annotation values are Prometheus templates: `{{` is written {{ "{{" }}; expand that back
            func expanded(_ text: String?) -> String? {
                text?.replacingOccurrences(of: "{{ \"{{\" }}", with: "{{").replacingOccurrences(of: "{{ \"}}\" }}", with: "}}")
            }
            #expect(expanded(labels["tenant"]) == p.identity.tenantID)
            let annotations = try #require(rule["annotations"] as? [String: String])
            #expect(annotations["summary"] == alert.summary)
            #expect(annotations["runbook"] == alert.runbook)
            #expect(expanded(annotations["owner"]) == p.identity.owner)
            #expect(annotations["description"]?.hasPrefix(alert.description) == true)
        }
    }

    /// Hostile owner and tenant reach the annotations exactly, with Prometheus templating neutralised.
    @Test func hostileStringsAreEscapedForYAMLAndPrometheus() throws {
        let context = try DeployFixtures.hostileContext("Examples/clickstream-kafka.yaml")
        let file = try #require(MonitoringFiles.render(context, alerts: PipelineAlerts(context), templates: DeployFixtures.templates()).first)
        let doc = try DeployFixtures.yaml(file)
        let rules = try #require((doc["groups"] as? [[String: Any]])?.first?["rules"] as? [[String: Any]])
        for rule in rules {
            let annotations = try #require(rule["annotations"] as? [String: String])
            #expect(annotations["owner"] == Escape.prometheusTemplateText(DeployFixtures.hostile))
            #expect(Self.expandLiteralActions(annotations["owner"] ?? "") == DeployFixtures.hostile)
            let labels = try #require(rule["labels"] as? [String: String])
            #expect(Self.expandLiteralActions(labels["tenant"] ?? "") == DeployFixtures.hostile + " tenant")
        }
    }

    /// A hostile job name is a valid PromQL string; promtool accepts the file (when installed).
    @Test func hostileJobNameIsValidPromQL() throws {
        var p = try DeployFixtures.pipeline("Examples/clickstream-kafka.yaml")
        p.identity.jobName = "uis-\"x\\y\nz {{ $value }}"
        let context = BundleContext(pipeline: p)
        let alerts = MonitoringFiles.alerts(context)
        #expect(alerts.allSatisfy { $0.expression.contains(#"job_name="uis-\"x\\y\nz {{ $value }}""#) })
        guard let promtool = DeployFixtures.which("promtool") else { return }
        let file = try #require(MonitoringFiles.render(context, alerts: PipelineAlerts(context), templates: DeployFixtures.templates()).first)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("uis-alerts-\(UUID().uuidString).yaml")
        try file.contents.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try runProcess(promtool, ["check", "rules", url.path])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
    }

    /// `{{ "{{" }}` and `{{ "}}" }}` are what Prometheus prints as `{{` and `}}`.
    static func expandLiteralActions(_ text: String) -> String {
        text.replacingOccurrences(of: #"{{ "{{" }}"#, with: "\u{0}OPEN\u{0}")
            .replacingOccurrences(of: #"{{ "}}" }}"#, with: "}}")
            .replacingOccurrences(of: "\u{0}OPEN\u{0}", with: "{{")
    }
}
