// TEMPORARY: stand-ins until KubernetesFiles.swift, MonitoringFiles.swift and DolphinSchedulerFiles.swift land. Whoever adds those files deletes this one.
import UISCompiler
enum KubernetesFiles { static func render(_ context: BundleContext, templates: TemplateSet) throws(TemplateError) -> [BundleFile] { [BundleFile(path: "k8s/flinkdeployment.yaml", contents: "metadata:\n  name: \(context.deploymentName)\nspec:\n  flinkVersion: \(FlinkRelease.operatorVersion(context.pipeline.flinkVersion))\n  flinkConfiguration:\n" + context.operatorFlinkConfiguration.map { "    \($0.key): \(Escape.yaml($0.value))\n" }.joined() + "  job:\n    parallelism: \(context.pipeline.parallelism)\n")] } }
enum MonitoringFiles { static func render(_ context: BundleContext, templates: TemplateSet) throws(TemplateError) -> [BundleFile] { [] }
  static func alerts(_ context: BundleContext) -> [AlertRule] { [] } }
public struct AlertRule: Sendable { public var name: String; public var severity: String; public var summary: String; public var expression: String; public var forDuration: String; public var runbook: String }
enum DolphinSchedulerFiles { static func render(_ context: BundleContext, dsVersion: DolphinSchedulerVersion) -> [BundleFile] { [] } }
public enum DolphinSchedulerVersion: String, Sendable, CaseIterable { case v3_2 = "3.2", v3_3 = "3.3" }
