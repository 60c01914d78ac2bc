import Foundation
import Testing
import UISArchive
import UISBundle
import UISCompiler
import UISSpec
import UISTestSupport
import Yams

/// Renders a spec file in-process exactly as `uis-gen render` does.
func renderExample(_ relativePath: String) throws -> RenderedBundle {
    let url = repositoryRoot.appendingPathComponent(relativePath)
    let result = BundlePipeline.run(.data(try Data(contentsOf: url), file: relativePath))
    return try #require(result.bundle, "\(relativePath): \(result.diagnostics.map(\.formatted))")
}

func examplePaths() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Examples").path)) ?? []
    return names.filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { (name: String) -> String in "Examples/\(name)" }
}

@Suite struct ReferenceBundleTests {
    /// Every example's bundle equals Generated/bundles/<name>/ byte for byte.
    @Test(arguments: examplePaths()) func matchesGenerated(_ example: String) throws {
        let bundle = try renderExample(example)
        let name = URL(fileURLWithPath: example).deletingPathExtension().lastPathComponent
        let folder = repositoryRoot.appendingPathComponent("Generated/bundles/\(name)")
        let expectedFiles = Set(((FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String]) ?? [])
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &d) && !d.boolValue })
        var problems: [String] = []
        for file in bundle.files {
            let url = folder.appendingPathComponent(file.path)
            guard let existing = try? String(contentsOf: url, encoding: .utf8) else { problems.append("\(file.path): missing from Generated/"); continue }
            if existing != file.contents { problems.append("\(file.path): differs\n\(unifiedDiff(existing, file.contents, name: file.path))") }
        }
        for extra in expectedFiles.subtracting(bundle.files.map(\.path)) { problems.append("\(extra): in Generated/ but no longer generated") }
        if !problems.isEmpty {
            let listing = problems.joined(separator: "\n")
            Issue.record("Generated/bundles/\(name) is stale. Regenerate with: scripts/regenerate\n\(listing)")
        }
    }

    /// Two renders of the same spec are identical, and so are their tarballs.
    @Test(arguments: examplePaths()) func deterministic(_ example: String) throws {
        let first = try renderExample(example)
        let second = try renderExample(example)
        #expect(first.files == second.files)
        func tar(_ b: RenderedBundle) throws -> [UInt8] {
            try TarGz.archive(b.files.map { ArchiveEntry(path: b.folder + "/" + $0.path, contents: Array($0.contents.utf8), isExecutable: $0.isExecutable) },
                              options: ArchiveOptions(modificationTime: 0))
        }
        #expect(try tar(first) == tar(second))
    }

    /// Every YAML and JSON file parses; the manifest lists every other file with its hash.
    @Test(arguments: examplePaths()) func filesParseAndManifestAgrees(_ example: String) throws {
        let bundle = try renderExample(example)
        for file in bundle.files where file.path.hasSuffix(".yaml") && file.path != "flink/flink-conf.yaml" {
            #expect(throws: Never.self, "\(file.path)") { _ = try Yams.load_all(yaml: file.contents).map { $0 } }
        }
        let manifestFile = try #require(bundle.files.first { $0.path == "bundle.json" })
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(manifestFile.contents.utf8)) as? [String: Any])
        let listed = try #require(manifest["files"] as? [[String: Any]])
        #expect(listed.count == bundle.files.count - 1)
        for entry in listed {
            let path = try #require(entry["path"] as? String)
            let file = try #require(bundle.files.first { $0.path == path })
            #expect(entry["sha256"] as? String == FileDigest.sha256Hex(Array(file.contents.utf8)))
        }
    }
}

/// `diff -u` of two texts, for readable failures.
func unifiedDiff(_ old: String, _ new: String, name: String) -> String {
    guard let dir = try? makeTemporaryFolder("uis-diff") else { return "" }
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = dir.appendingPathComponent("generated"), b = dir.appendingPathComponent("rendered")
    try? old.write(to: a, atomically: true, encoding: .utf8)
    try? new.write(to: b, atomically: true, encoding: .utf8)
    let output = try? runProcess("/usr/bin/diff", ["-u", "--label", "Generated/\(name)", "--label", "rendered/\(name)", a.path, b.path])
    return String(decoding: (output?.stdout ?? Data()).prefix(8000), as: UTF8.self)
}
