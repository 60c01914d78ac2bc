import Foundation
import Testing
@testable import UISBundle
import UISCompiler
import UISSpec
import UISTestSupport

@Suite struct DolphinSchedulerFilesTests {
    static func json(_ file: BundleFile) throws -> Any { try JSONSerialization.jsonObject(with: Data(file.contents.utf8)) }

    static func rawScript(_ context: BundleContext, _ version: DolphinSchedulerVersion) throws -> String {
        let export = try #require(json(DolphinSchedulerFiles.render(context, dsVersion: version)[0]) as? [[String: Any]])
        let task = try #require((export.first?["taskDefinitionList"] as? [[String: Any]])?.first)
        return try #require((task["taskParams"] as? [String: Any])?["rawScript"] as? String)
    }

    @Test(arguments: DeployFixtures.examples, DolphinSchedulerVersion.allCases)
    func workflowExportIsConsistent(_ example: String, _ version: DolphinSchedulerVersion) throws {
        let context = try DeployFixtures.context(example)
        let files = DolphinSchedulerFiles.render(context, dsVersion: version)
        #expect(files.map(\.path) == ["dolphinscheduler/workflow-\(version.rawValue).json", "dolphinscheduler/flink-stream-task.json", "dolphinscheduler/README.md"])
        let export = try #require(Self.json(files[0]) as? [[String: Any]])
        #expect(export.count == 1)
        let item = export[0]
        let (defKey, relKey, relCode) = version == .v3_2
            ? ("processDefinition", "processTaskRelationList", "processDefinitionCode")
            : ("workflowDefinition", "workflowTaskRelationList", "workflowDefinitionCode")
        let otherKeys = version == .v3_2 ? ["workflowDefinition", "workflowTaskRelationList"] : ["processDefinition", "processTaskRelationList"]
        for key in otherKeys { #expect(!files[0].contents.contains(key)) }
        let definition = try #require(item[defKey] as? [String: Any])
        #expect(definition["name"] as? String == "uis-" + context.pipeline.identity.name)
        #expect(definition["releaseState"] as? String == "OFFLINE")
        #expect(definition["executionType"] as? String == "PARALLEL")
        #expect(definition["flag"] as? String == "YES")
        #expect(definition["timeout"] as? Int == 0)
        let globalText = try #require(definition["globalParams"] as? String)
        let globals = try #require(try JSONSerialization.jsonObject(with: Data(globalText.utf8)) as? [[String: Any]])
        #expect(globals.first?["prop"] as? String == "BUNDLE_DIR")
        #expect(globals.first?["value"] as? String == DolphinSchedulerFiles.defaultBundleDir(context))
        let tasks = try #require(item["taskDefinitionList"] as? [[String: Any]])
        let codes = tasks.compactMap { $0["code"] as? Int }
        #expect(codes.count == 1 && codes.allSatisfy { (1_000_000_000_000...9_999_999_999_999).contains($0) })
        #expect(!codes.contains(definition["code"] as? Int ?? -1))
        let relations = try #require(item[relKey] as? [[String: Any]])
        #expect(relations.count == 1)
        #expect(relations[0]["preTaskCode"] as? Int == 0)
        #expect(relations[0]["postTaskCode"] as? Int == codes[0])
        #expect(relations[0][relCode] as? Int == definition["code"] as? Int)
        let locationText = try #require(definition["locations"] as? String)
        let locations = try #require(try JSONSerialization.jsonObject(with: Data(locationText.utf8)) as? [[String: Any]])
        #expect(locations.map { $0["taskCode"] as? Int } == codes.map { Optional($0) })
        #expect(locations.allSatisfy { $0["x"] is Int && $0["y"] is Int })
        #expect(tasks[0]["taskType"] as? String == "SHELL")
        #expect(tasks[0]["taskExecuteType"] as? String == "BATCH")
        #expect(item["schedule"] is NSNull)

        // Same name → same codes; another name → other codes.
        let again = DolphinSchedulerFiles.render(context, dsVersion: version)
        #expect(again == files)
        #expect(DolphinSchedulerFiles.Codes(name: "other").deployTask != codes[0])

        let script = try Self.rawScript(context, version)
        #expect(script.contains("set -euo pipefail"))
        #expect(script.contains(#"target="$bundle_dir/k8s""#) && script.contains(#"kubectl apply -k "$target""#))
        // The only DolphinScheduler placeholder in the script is ${BUNDLE_DIR}.
        #expect(script.components(separatedBy: "${").count == 2)
        #expect(!script.contains("$["))
        let check = try runProcess("/bin/bash", ["-n"], stdin: Data(script.utf8))
        #expect(check.status == 0, "\(check.stderrText)")
    }

    @Test(arguments: DeployFixtures.examples) func flinkStreamTask(_ example: String) throws {
        let context = try DeployFixtures.context(example)
        let p = context.pipeline
        let task = try #require(Self.json(DolphinSchedulerFiles.render(context, dsVersion: .v3_2)[1]) as? [String: Any])
        #expect(task["taskType"] as? String == "FLINK_STREAM")
        #expect(task["taskExecuteType"] as? String == "STREAM")
        let params = try #require(task["taskParams"] as? [String: Any])
        #expect(params["programType"] as? String == "JAVA")
        #expect(params["mainClass"] as? String == p.identity.javaPackage + ".SqlRunner")
        #expect((params["mainJar"] as? [String: Any])?["resourceName"] as? String == "/uis-gen/\(p.identity.name)/sql-runner.jar")
        #expect(params["mainArgs"] as? String == FlinkCompiler.sqlPath)
        // YARN per-job (`cluster`) was removed in Flink 2.0
        #expect(params["deployMode"] as? String == (p.flink.version.isTwoX ? "standalone" : "cluster"))
        #expect(params["flinkVersion"] as? String == ">=1.12")
        #expect(params["parallelism"] as? Int == p.flink.parallelism)
        #expect(params["slot"] as? Int == max(1, p.flink.taskSlots))
        #expect(params["localParams"] as? [Any] != nil && params["resourceList"] as? [Any] != nil)
    }

    @Test func readmeExplainsBothPaths() throws {
        let context = try DeployFixtures.hostileContext()
        for version in DolphinSchedulerVersion.allCases {
            let readme = DolphinSchedulerFiles.render(context, dsVersion: version)[2].contents
            #expect(readme.contains("workflow-\(version.rawValue).json"))
            #expect(readme.contains("FLINK_STREAM"))
            #expect(readme.contains("deprecated"))
            #expect(!readme.contains("{{"))
        }
    }

    /// Runs the deploy script against a fake kubectl: success when RUNNING/STABLE, exit 1 when FAILED,
    /// hostile namespace and BUNDLE_DIR values reach kubectl as single arguments.
    @Test func deployScriptAgainstFakeKubectl() throws {
        var context = try DeployFixtures.context("Examples/orders-cdc.yaml")
        context.namespace = "ns 'q' \"d\" $(x) `y` ;&"
        let fm = FileManager.default
        let tmp = try makeTemporaryFolder("uis-ds")
        defer { try? fm.removeItem(at: tmp) }
        let bin = tmp.appendingPathComponent("bin")
        let bundle = tmp.appendingPathComponent("bundle dir 'x' $HOME \"q\" `id`")
        try fm.createDirectory(at: bin, withIntermediateDirectories: true)
        try fm.createDirectory(at: bundle.appendingPathComponent("k8s"), withIntermediateDirectories: true)
        try "".write(to: bundle.appendingPathComponent("k8s/kustomization.yaml"), atomically: true, encoding: .utf8)
        let log = tmp.appendingPathComponent("kubectl.log")
        let fake = """
        #!/bin/bash
        printf '%s\\0' "$@" >> "$FAKE_LOG"; printf '\\n' >> "$FAKE_LOG"
        case "$*" in
          *"get secret"*) [ -z "$FAKE_NO_SECRET" ]; exit ;;
          *"api-resources"*) [ -n "$FAKE_CRDS" ] && echo podmonitors.monitoring.coreos.com; exit 0 ;;
          *".metadata.generation"*) echo 4 ;;
          *".status.error"*) echo "boom" ;;
          *"observedGeneration"*) echo "$FAKE_STATUS" ;;
        esac
        exit 0
        """
        try fake.write(to: bin.appendingPathComponent("kubectl"), atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("kubectl").path)
        // DolphinScheduler substitutes ${BUNDLE_DIR} textually before bash runs the script.
        let script = try Self.rawScript(context, .v3_2).replacingOccurrences(of: "${BUNDLE_DIR}", with: bundle.path)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for (status, expected) in [("4 STABLE RUNNING", Int32(0)), ("4 DEPLOYED FAILED", 1), ("4 FAILED RESTARTING", 1)] {
            try? fm.removeItem(at: log)
            let result = try runProcess("/bin/bash", ["-c", script], environment: ["PATH": path, "FAKE_LOG": log.path, "FAKE_STATUS": status])
            #expect(result.status == expected, "\(status): \(result.stdoutText) \(result.stderrText)")
            let calls = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\u{0}").map(String.init) }
            // the Secret is checked before anything is applied; without the Prometheus Operator's CRDs (the fake
            // kubectl lists no API resources) only k8s/ is applied
            #expect(calls.first == ["-n", context.namespace, "get", "secret", context.secretName])
            #expect(calls.dropFirst().first == ["api-resources", "--api-group=monitoring.coreos.com", "-o", "name"])
            #expect(calls.dropFirst(2).first == ["apply", "-k", bundle.path + "/k8s"])
            #expect(calls.dropFirst(3).allSatisfy { $0.count > 1 && $0[0] == "-n" && $0[1] == context.namespace })
        }
        // with the Prometheus Operator's CRDs, k8s-with-monitoring/ (PodMonitor and PrometheusRule too)
        try? fm.removeItem(at: log)
        let withCRDs = try runProcess("/bin/bash", ["-c", script], environment: ["PATH": path, "FAKE_LOG": log.path, "FAKE_STATUS": "4 STABLE RUNNING", "FAKE_CRDS": "1"])
        #expect(withCRDs.status == 0, "\(withCRDs.stderrText)")
        #expect(try String(contentsOf: log, encoding: .utf8).contains("apply\u{0}-k\u{0}" + bundle.path + "/k8s-with-monitoring\u{0}"))
        // no Secret: exit 1 before kubectl apply
        try? fm.removeItem(at: log)
        let missing = try runProcess("/bin/bash", ["-c", script], environment: ["PATH": path, "FAKE_LOG": log.path, "FAKE_STATUS": "4 STABLE RUNNING", "FAKE_NO_SECRET": "1"])
        #expect(missing.status == 1)
        #expect(missing.stderrText.contains("is missing"))
        #expect(!(try String(contentsOf: log, encoding: .utf8)).contains("apply"))
    }
}
