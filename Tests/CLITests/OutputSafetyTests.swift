import Foundation
import Testing
import UISTestSupport

/// No partial output and safe output paths, end to end through the binary: a failed self-check, a full
/// disk, SIGTERM and SIGKILL mid-write leave nothing at the target (and, except for a render killed with
/// SIGKILL, no temporary litter); `-o` through a symlink or into a read-only folder fails with a message.
@Suite("output safety", .serialized)
struct OutputSafetyTests {
    /// A fresh folder under the system temporary folder.
    func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("uis-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func listing(_ folder: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() }

    /// A webhook spec with `count` endpoints: big enough that writing the bundle takes a while.
    func bigSpec(_ count: Int, in folder: String) throws -> String {
        var lines = ["version: \"1.1\"", "name: big-spec", "created_by: tests", "provider:", "  name: p", "  provider_type: webhook",
                     "  base_url: https://hooks.example.com", "  config:", "    connector: http-webhook", "  endpoints:"]
        for i in 0..<count {
            lines += ["    - name: endpoint_\(i)", "      path: /hooks/e\(i)", "      field_mapping: {\"a b\": col_a, \"c`d\": col_c}"]
        }
        lines += ["  sinks:", "    - type: kafka", "      kafka_topic: out", "      config: {bootstrap_servers: \"kafka:9092\"}"]
        let path = folder + "/big-spec.yaml"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Starts uis-gen without waiting.
    func start(_ arguments: [String]) throws -> Process {
        let exe = try #require(binary, "uis-gen not found; build it or set UIS_GEN_BINARY")
        let process = Process()
        process.executableURL = exe
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A template override that makes the FlinkDeployment unparseable: the self-check must fail.
    @Test func failedSelfCheckLeavesNothing() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let templates = dir + "/templates/k8s"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        try Data("{{%CONTENT_TYPE:TEXT}}\nkind: [unclosed\n".utf8).write(to: URL(fileURLWithPath: templates + "/flinkdeployment.yaml.mustache"))
        let out = dir + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let bundle = try uisGen(["bundle", "Examples/realtime-analytics.json", "--templates", dir + "/templates", "-o", out + "/r.tar.gz"])
        #expect(bundle.status == 1)
        #expect(bundle.stderr.hasPrefix("realtime-analytics/k8s/flinkdeployment.yaml:2:1: error: self-check: does not parse back as YAML"), "\(bundle.stderr)")
        let render = try uisGen(["render", "Examples/realtime-analytics.json", "--templates", dir + "/templates", "-o", out + "/r"])
        #expect(render.status == 1)
        #expect(render.stderr == bundle.stderr, "the same failure is reported the same way by bundle and render")
        #expect(listing(out).isEmpty, "left: \(listing(out))")
    }

    /// SIGKILL at many points of a bundle run (most of the time goes to rendering, the end to writing):
    /// the target is either absent or a complete archive `inspect` verifies, and no temporary file is left
    /// (the archive is written to an unnamed O_TMPFILE file and linked into place only when complete).
    @Test func killedBundleLeavesNothingOrAWholeArchive() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try bigSpec(5_000, in: dir)
        let out = dir + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let target = out + "/big.tar.gz"
        let began = Date()
        let full = try uisGen(["bundle", spec, "-o", target])
        let duration = Date().timeIntervalSince(began)
        #expect(full.status == 0, "\(full.stderr)")
        try FileManager.default.removeItem(atPath: target)
        var completed = 0
        for fraction in [0.5, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2] {
            let process = try start(["bundle", spec, "-o", target])
            Thread.sleep(forTimeInterval: duration * fraction)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let left = listing(out)
            #expect(left.isEmpty || left == ["big.tar.gz"], "after SIGKILL at \(fraction): \(left)")
            if left == ["big.tar.gz"] {
                completed += 1
                let inspect = try uisGen(["inspect", target])
                #expect(inspect.status == 0, "a half-written archive at the target after SIGKILL at \(fraction): \(inspect.stderr)")
                try FileManager.default.removeItem(atPath: target)
            }
        }
        print("OutputSafetyTests: \(completed) of 8 killed bundle runs had finished; the rest left nothing")
    }

    /// SIGTERM and SIGINT during a render remove the hidden temporary folder; SIGKILL cannot be caught, so
    /// its hidden folder stays until the next render into the same folder removes it. Never a partial target.
    @Test func interruptedRenderLeavesNothing() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try bigSpec(5_000, in: dir)
        let out = dir + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let began = Date()
        let full = try uisGen(["render", spec, "-o", out + "/full"])
        let duration = Date().timeIntervalSince(began)
        #expect(full.status == 0, "\(full.stderr)")
        try FileManager.default.removeItem(atPath: out + "/full")
        for signal in [SIGTERM, SIGINT, SIGKILL] {
            for fraction in [0.5, 0.9, 0.97, 1.0] {
                let process = try start(["render", spec, "-o", out + "/r"])
                Thread.sleep(forTimeInterval: duration * fraction)
                kill(process.processIdentifier, signal)
                process.waitUntilExit()
                var left = listing(out)
                if left == ["r"] {  // finished before the signal: must be complete
                    #expect(FileManager.default.fileExists(atPath: out + "/r/bundle.json"))
                    try FileManager.default.removeItem(atPath: out + "/r")
                    left = []
                }
                if signal == SIGKILL {
                    #expect(left.allSatisfy { $0.hasPrefix(".r.tmp-") }, "after SIGKILL at \(fraction): \(left)")
                } else {
                    #expect(left.isEmpty, "after signal \(signal) at \(fraction): \(left)")
                }
            }
        }
        // the next render removes what SIGKILL left
        let again = try uisGen(["render", "Examples/realtime-analytics.json", "-o", out + "/r"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(listing(out) == ["r"])
    }

    /// A full disk (an 8 KiB tmpfs; needs root and mount, skipped otherwise): an error, nothing at the target, no litter.
    @Test func fullDiskLeavesNothing() throws {
        guard getuid() == 0 else { return }
        let dir = try scratch()
        defer { _ = umount(dir); try? FileManager.default.removeItem(atPath: dir) }
        guard mount("tmpfs", dir, "tmpfs", 0, "size=8k") == 0 else { return }
        let bundle = try uisGen(["bundle", "Examples/hostile-names.yaml", "-o", dir + "/h.tar.gz"])
        let render = try uisGen(["render", "Examples/hostile-names.yaml", "-o", dir + "/h"])
        #expect(bundle.status == 1 && render.status == 1, "\(bundle.stderr)\n\(render.stderr)")
        #expect(listing(dir).isEmpty, "left: \(listing(dir))")
    }

    /// `-o` into a folder that is a symbolic link, or onto a symbolic link, fails and names the link.
    @Test func symlinkedOutputIsRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/real")
        try FileManager.default.createSymbolicLink(atPath: dir + "/real/x.tar.gz", withDestinationPath: "/etc/passwd-not-here")
        for arguments in [["bundle", "Examples/realtime-analytics.json", "-o", dir + "/link/r.tar.gz"],
                          ["bundle", "Examples/realtime-analytics.json", "-o", dir + "/real/x.tar.gz"],
                          ["render", "Examples/realtime-analytics.json", "-o", dir + "/link"],
                          ["render", "Examples/realtime-analytics.json", "-o", dir + "/link/r"]] {
            let run = try uisGen(arguments)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr.contains("symbolic link"), "\(arguments): \(run.stderr)")
        }
        #expect(listing(dir + "/real") == ["x.tar.gz"])
    }

    /// `-o` into a read-only folder (a read-only tmpfs: root ignores permission bits) or under a regular
    /// file fails with a message naming the folder.
    @Test func unwritableOutputIsRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
        for arguments in [["bundle", "Examples/realtime-analytics.json", "-o", dir + "/file/r.tar.gz"],
                          ["render", "Examples/realtime-analytics.json", "-o", dir + "/file/r"]] {
            let run = try uisGen(arguments)
            #expect(run.status == 1)
            #expect(run.stderr.contains(dir + "/file"), "\(run.stderr)")
        }
        let readOnly = dir + "/ro"
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true)
        if getuid() != 0 { chmod(readOnly, 0o555) } else if mount("tmpfs", readOnly, "tmpfs", UInt(MS_RDONLY), "size=64k") != 0 { return }
        defer { if getuid() == 0 { _ = umount(readOnly) } }
        for arguments in [["bundle", "Examples/realtime-analytics.json", "-o", readOnly + "/r.tar.gz"],
                          ["render", "Examples/realtime-analytics.json", "-o", readOnly + "/r"]] {
            let run = try uisGen(arguments)
            #expect(run.status == 1)
            #expect(run.stderr.contains("not writable") || run.stderr.contains("Read-only"), "\(run.stderr)")
        }
    }
}
