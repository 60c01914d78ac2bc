import Foundation
import Testing
import UISTestSupport

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
        let dir = try makeTemporaryFolder("uis-init")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try uisGen(["init", "orders", "--provider", provider], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let repo = dir.appendingPathComponent("orders")
        #expect(files(tree(repo)) == scaffoldFiles)
        #expect(run.stderr.contains("created orders with uis-gen"))
        let validate = try uisGen(["validate", "spec.yaml"], in: repo)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stderr == "0 errors, 0 warnings in 1 file\n")
        let bundle = try uisGen(["bundle", "spec.yaml", "-o", dir.appendingPathComponent("orders.tar.gz").path], in: repo)
        #expect(bundle.status == 0, "\(bundle.stderr)")
        let inspect = try uisGen(["inspect", "orders.tar.gz"], in: dir)
        #expect(inspect.status == 0, "\(inspect.stderr)")
        // nothing else appeared beside the repository (no temporary folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["orders", "orders.tar.gz"])
    }

    @Test func sinksAndDirAreHonoured() throws {
        let dir = try makeTemporaryFolder("uis-init")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try uisGen(["init", "lake-feed", "--provider", "kafka", "--sink", "iceberg", "--sink", "clickhouse", "--dir", "nested/repo"], in: dir)
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
        let dir = try makeTemporaryFolder("uis-init")
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try FileManager.default.attributesOfItem(atPath: dir.path)[.systemFileNumber] as? Int
        let run = try uisGen(["init", "here", "--dir", "."], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(files(tree(dir)) == scaffoldFiles)
        #expect(try FileManager.default.attributesOfItem(atPath: dir.path)[.systemFileNumber] as? Int == before, "the folder was replaced")
        #expect(try uisGen(["validate", "spec.yaml"], in: dir).status == 0)
    }

    /// A non-empty target: exit 1, one error line, and nothing changes.
    @Test func nonEmptyTargetExitsOneAndChangesNothing() throws {
        let dir = try makeTemporaryFolder("uis-init")
        defer { try? FileManager.default.removeItem(at: dir) }
        let repo = dir.appendingPathComponent("orders")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: repo.appendingPathComponent("Makefile"))
        let before = tree(repo)
        let run = try uisGen(["init", "orders"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr == "uis-gen: error: orders: the folder is not empty; init never overwrites\n")
        #expect(tree(repo) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["orders"])
    }

    /// A second init into a scaffolded folder (same or other options, by path or as `.`) leaves every byte as it was.
    @Test func secondInitLeavesEveryFileUntouched() throws {
        let dir = try makeTemporaryFolder("uis-init")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try uisGen(["init", "orders", "--provider", "database"], in: dir).status == 0)
        let repo = dir.appendingPathComponent("orders")
        try Data("# edited\n".utf8).write(to: repo.appendingPathComponent("spec.yaml"))
        let before = tree(repo)
        for arguments in [["init", "orders", "--provider", "database"], ["init", "orders", "--provider", "kafka", "--sink", "iceberg"], ["init", "other", "--dir", "orders"]] {
            let run = try uisGen(arguments, in: dir)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr.hasPrefix("uis-gen: error: orders: the folder is not empty"), "\(run.stderr)")
            #expect(run.stderr.hasSuffix("init never overwrites\n"))
            #expect(tree(repo) == before, "\(arguments) changed the folder")
        }
        let again = try uisGen(["init", "orders", "--dir", "."], in: repo)
        #expect(again.status == 1)
        #expect(tree(repo) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["orders"])
    }

    @Test func aFileInTheWayIsAnError() throws {
        let dir = try makeTemporaryFolder("uis-init")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("orders"))
        let run = try uisGen(["init", "orders"], in: dir)
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
        let dir = try makeTemporaryFolder("uis-init")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try uisGen(arguments, in: dir)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func listedInHelp() throws {
        let run = try uisGen(["--help"], in: repositoryRoot)
        #expect(run.stdout.contains("init"))
        let help = try uisGen(["init", "--help"], in: repositoryRoot)
        #expect(help.status == 0)
        #expect(help.stdout.contains("--provider") && help.stdout.contains("--sink") && help.stdout.contains("--dir"))
    }
}
