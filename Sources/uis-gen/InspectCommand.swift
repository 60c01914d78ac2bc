import ArgumentParser
import Foundation
import UISArchive
import UISCompiler

/// `uis-gen inspect BUNDLE`.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a bundle's files and verify them against its manifest (bundle.json).",
        discussion: "Exit 0 when every file's size and sha256 match the manifest and nothing is missing or extra; 1 otherwise."
    )

    @Argument(help: ArgumentHelp("A .tar.gz written by uis-gen bundle.", valueName: "bundle"))
    var bundle: String

    func run() throws {
        let console = Console()
        let entries: [ArchiveReadEntry]
        do { entries = try TarGz.read(path: bundle) } catch { throw CLIError("\(bundle): \(error.description)") }
        let files = entries.filter { $0.type == .regularFile }
        guard let manifestEntry = files.first(where: { $0.path.hasSuffix("/bundle.json") && $0.path.split(separator: "/").count == 2 }) else {
            throw CLIError("\(bundle): no <name>/bundle.json manifest; not a uis-gen bundle")
        }
        let folder = String(manifestEntry.path.dropLast("/bundle.json".count))
        guard let manifest = try? JSONSerialization.jsonObject(with: Data(manifestEntry.contents)) as? [String: Any],
              let listed = manifest["files"] as? [[String: Any]] else {
            throw CLIError("\(bundle): bundle.json does not parse")
        }
        var problems: [String] = []
        var byPath: [String: ArchiveReadEntry] = [:]
        for file in files { byPath[file.path] = file }
        var expected = Set<String>([manifestEntry.path])
        var out = "\(bundle): pipeline \(manifest["pipeline"] as? String ?? "?"), Flink \(manifest["flink_version"] as? String ?? "?"), uis-gen \(manifest["uis_gen_version"] as? String ?? "?")\n"
        for item in listed {
            guard let path = item["path"] as? String, let sha = item["sha256"] as? String, let size = item["size"] as? Int else {
                problems.append("bundle.json: malformed file entry"); continue
            }
            let full = folder + "/" + path
            expected.insert(full)
            guard let entry = byPath[full] else { problems.append("\(path): listed in bundle.json but missing"); continue }
            let actual = FileDigest.sha256Hex(entry.contents)
            let ok = actual == sha && entry.contents.count == size
            if !ok { problems.append("\(path): sha256 or size differs from bundle.json") }
            out += String(format: "%@ %o %8d %@\n", ok ? "ok  " : "BAD ", entry.mode & 0o777, entry.contents.count, path)
        }
        for file in files where !expected.contains(file.path) { problems.append("\(file.path): not listed in bundle.json") }
        for entry in entries where entry.type != .regularFile && entry.type != .directory { problems.append("\(entry.path): not a regular file or folder") }
        console.printOut(out)
        if !problems.isEmpty {
            for problem in problems { console.printError("error: \(problem)") }
            throw ExitCode.failure
        }
        console.printError("\(listed.count) files verified")
    }
}
