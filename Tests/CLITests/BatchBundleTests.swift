import Foundation
import Testing
import UISTestSupport

/// `uis-gen bundle A B C -o DIR`: many specs in one process, in parallel, reported in input order.
@Suite("uis-gen bundle, batch mode", .serialized)
struct BatchBundleTests {
    @Test func goodSpecsLandAndFailuresAreReportedAgainstTheirFilesInOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uis-batch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let specs = ["Examples/orders-cdc.yaml", "Tests/Fixtures/bad-specs/version-2.yaml", "Examples/realtime-analytics.json",
                     "no-such-spec.yaml", "Examples/payments-webhook.yaml", "Tests/Fixtures/bad-specs/parallelism-zero.yaml"]
        let run = try uisGen(["bundle"] + specs + ["-o", dir.appendingPathComponent("dist").path])
        #expect(run.status == 1)
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("dist").path).sorted()
        #expect(written == ["orders-cdc.tar.gz", "payments-webhook.tar.gz", "realtime-analytics.tar.gz"])
        let lines = run.stderrLines
        // no progress line and no carriage return when stderr is not a terminal
        #expect(!run.stderr.contains("\r") && !run.stderr.contains("bundling…"))
        // each failure names its file, in input order (warnings, such as payments-webhook's hadoop catalog, aside)
        let failing = lines.filter { !$0.hasPrefix("bundled ") && !$0.contains(": warning: ") }
        #expect(failing.count == 3, "\(lines)")
        #expect(failing.first?.hasPrefix("Tests/Fixtures/bad-specs/version-2.yaml:") == true)
        #expect(failing.dropFirst().first?.hasPrefix("no-such-spec.yaml") == true)
        #expect(failing.last?.hasPrefix("Tests/Fixtures/bad-specs/parallelism-zero.yaml:") == true)
        #expect(lines.last?.hasPrefix("bundled 3 of 6 specs (3 failed) in ") == true)
    }

    @Test func sameOutputRunsGiveTheSameBytesAsOneSpecRuns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uis-batch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let specs = ["Examples/orders-cdc.yaml", "Examples/clickstream-kafka.yaml", "Examples/realtime-analytics.json"]
        let batch = try uisGen(["bundle"] + specs + ["-o", dir.appendingPathComponent("batch").path])
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.stderrLines.count == 1)
        for (spec, name) in zip(specs, ["orders-cdc", "clickstream-kafka", "realtime-analytics"]) {
            let single = dir.appendingPathComponent(name + ".tar.gz")
            #expect(try uisGen(["bundle", spec, "-o", single.path]).status == 0)
            #expect(try Data(contentsOf: single) == Data(contentsOf: dir.appendingPathComponent("batch/\(name).tar.gz")))
        }
    }

    @Test func twoSpecsWithOneNameKeepTheEarlierAndFailTheLater() throws {
        let dir = try makeTemporaryFolder("uis-batch")
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("copy.json")
        try FileManager.default.copyItem(atPath: "Examples/realtime-analytics.json", toPath: copy.path)
        let run = try uisGen(["bundle", "Examples/realtime-analytics.json", copy.path, "-o", dir.appendingPathComponent("dist").path])
        #expect(run.status == 1)
        #expect(run.stderrLines.first == "\(copy.path): error: its bundle has the same file name as the bundle of Examples/realtime-analytics.json, earlier in the list; not written")
        #expect(run.stderrLines.last?.hasPrefix("bundled 1 of 2 specs (1 failed)") == true)
    }

    @Test func hiddenTimingsFlagPrintsEveryStage() throws {
        let dir = try makeTemporaryFolder("uis-batch")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try uisGen(["bundle", "Examples/orders-cdc.yaml", "-o", dir.appendingPathComponent("o.tar.gz").path, "--timings"])
        #expect(run.status == 0)
        let line = try #require(run.stderrLines.first { $0.hasPrefix("timings: ") })
        for stage in ["load", "validate", "resolve", "templates", "compile", "render", "check", "pack", "total"] {
            #expect(line.contains("\(stage) "), "\(stage) missing in \(line)")
        }
        #expect(try !uisGen(["bundle", "--help"]).stdout.contains("timings"))
    }
}
