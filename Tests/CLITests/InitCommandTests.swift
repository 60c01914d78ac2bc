import Foundation
import Testing
import UISTestSupport

/// Runs uis-gen in `directory`, capturing both streams.
private func runIn(_ directory: URL, _ arguments: [String]) throws -> Run {
    let exe = try #require(binary, "uis-gen not found next to the test bundle; build it (swift build) or set UIS_GEN_BINARY")
    let process = Process()
    process.executableURL = exe
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary folder, removed by the caller.
private func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("uis-init-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Every entry under a folder (relative path → contents; folders map to nil).
private func tree(_ folder: URL) -> [String: Data?] {
    var result: [String: Data?] = [:]
    guard let paths = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] else { return result }
    for path in paths {
        var isDirectory: ObjCBool = false
        let url = folder.appendingPathComponent(path)
        FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        result[path] = isDirectory.boolValue ? nil : (FileManager.default.contents(atPath: url.path) ?? Data())
    }
    return result
}

private let scaffoldFiles: Set<String> = [".github/workflows/uis-gen.yml", ".gitignore", ".uis-gen.json", "Makefile", "README.md", "spec.yaml", "uis-spec.schema.json"]

private func files(_ tree: [String: Data?]) -> Set<String> { Set(tree.compactMap { $0.value == nil ? nil : $0.key }) }

@Suite("uis-gen init", .serialized)
struct InitCommandTests {
    /// Every provider: init into a missing folder, then the spec validates and bundles, and inspect verifies it.
    @Test(arguments: ["websocket", "webhook", "kafka", "database"]) func scaffoldValidatesAndBundles(_ provider: String) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try runIn(dir, ["init", "orders", "--provider", provider])
        #expect(run.status == 0, "\(run.stderr)")
        let repo = dir.appendingPathComponent("orders")
        #expect(files(tree(repo)) == scaffoldFiles)
        #expect(run.stderr.contains("created orders with uis-gen"))
        let validate = try runIn(repo, ["validate", "spec.yaml"])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stderr == "0 errors, 0 warnings in 1 file\n")
        let bundle = try runIn(repo, ["bundle", "spec.yaml", "-o", dir.appendingPathComponent("orders.tar.gz").path])
        #expect(bundle.status == 0, "\(bundle.stderr)")
        let inspect = try runIn(dir, ["inspect", "orders.tar.gz"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        // nothing else appeared beside the repository (no temporary folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["orders", "orders.tar.gz"])
    }

    @Test func sinksAndDirAreHonoured() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try runIn(dir, ["init", "lake-feed", "--provider", "kafka", "--sink", "iceberg", "--sink", "clickhouse", "--dir", "nested/repo"])
        #expect(run.status == 0, "\(run.stderr)")
        let repo = dir.appendingPathComponent("nested/repo")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: repo.appendingPathComponent(".uis-gen.json"))) as? [String: Any])
        #expect(record["created_with"] as? String == "uis-gen init lake-feed --provider kafka --sink iceberg --sink clickhouse")
        let spec = try String(contentsOf: repo.appendingPathComponent("spec.yaml"), encoding: .utf8)
        #expect(spec.contains("- type: iceberg") && spec.contains("- type: clickhouse") && !spec.contains("- type: kafka"))
        #expect(spec.contains("name: \"lake-feed\""))
    }

    /// The case: init inside an existing empty folder (`--dir .`) keeps that folder (the shell may be in it).
    @Test func intoTheCurrentEmptyFolder() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try FileManager.default.attributesOfItem(atPath: dir.path)[.systemFileNumber] as? Int
        let run = try runIn(dir, ["init", "here", "--dir", "."])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(files(tree(dir)) == scaffoldFiles)
        #expect(try FileManager.default.attributesOfItem(atPath: dir.path)[.systemFileNumber] as? Int == before, "the folder was replaced")
        #expect(try runIn(dir, ["validate", "spec.yaml"]).status == 0)
    }

    /// A non-empty target: exit 1, one error line, and nothing changes.
    @Test func nonEmptyTargetExitsOneAndChangesNothing() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let repo = dir.appendingPathComponent("orders")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: repo.appendingPathComponent("Makefile"))
        let before = tree(repo)
        let run = try runIn(dir, ["init", "orders"])
        #expect(run.status == 1)
        #expect(run.stderr == "uis-gen: error: orders: the folder is not empty; init never overwrites\n")
        #expect(tree(repo) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["orders"])
    }

    /// A second init into a scaffolded folder (same or other options, by path or as `.`) leaves every byte as it was.
    @Test func secondInitLeavesEveryFileUntouched() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try runIn(dir, ["init", "orders", "--provider", "database"]).status == 0)
        let repo = dir.appendingPathComponent("orders")
        try Data("# edited\n".utf8).write(to: repo.appendingPathComponent("spec.yaml"))
        let before = tree(repo)
        for arguments in [["init", "orders", "--provider", "database"], ["init", "orders", "--provider", "kafka", "--sink", "iceberg"], ["init", "other", "--dir", "orders"]] {
            let run = try runIn(dir, arguments)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr.hasPrefix("uis-gen: error: orders: the folder is not empty"), "\(run.stderr)")
            #expect(run.stderr.hasSuffix("init never overwrites\n"))
            #expect(tree(repo) == before, "\(arguments) changed the folder")
        }
        let again = try runIn(repo, ["init", "orders", "--dir", "."])
        #expect(again.status == 1)
        #expect(tree(repo) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["orders"])
    }

    @Test func aFileInTheWayIsAnError() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("orders"))
        let run = try runIn(dir, ["init", "orders"])
        #expect(run.status == 1)
        #expect(run.stderr == "uis-gen: error: orders: exists and is not a folder; init never overwrites\n")
        #expect(try Data(contentsOf: dir.appendingPathComponent("orders")) == Data("x".utf8))
    }

    @Test(arguments: [
        (["init", "orders", "--provider", "ftp"], "--provider"),
        (["init", "orders", "--sink", "s3"], "--sink"),
        (["init", "Orders"], "name 'Orders' is not a lowercase DNS-1123 label"),
        (["init", "orders_v1"], "name 'orders_v1' is not a lowercase DNS-1123 label"),
        (["init", String(repeating: "a", count: 46)], "at most 45"),
        (["init", "orders", "--sink", "kafka", "--sink", "kafka"], "sink 'kafka' is given twice"),
        (["init"], "name"),
    ]) func usageErrorsExit64AndWriteNothing(_ arguments: [String], _ message: String) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try runIn(dir, arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func listedInHelp() throws {
        let run = try runIn(repositoryRoot, ["--help"])
        #expect(run.stdout.contains("init"))
        let help = try runIn(repositoryRoot, ["init", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--provider") && help.stdout.contains("--sink") && help.stdout.contains("--dir"))
    }
}
