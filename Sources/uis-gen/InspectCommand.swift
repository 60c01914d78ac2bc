import ArgumentParser
import Foundation
import UISArchive
import UISBundle
import UISCompiler
import UISSpec

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
        let manifest: BundleManifest
        do { manifest = try BundleManifest(json: Data(manifestEntry.contents)) }
        catch { throw CLIError(file: manifestEntry.path, "does not parse as a uis-gen manifest: \(error)") }
        var contents: [String: [UInt8]] = [:]
        var problems: [Diagnostic] = []
        for file in files {
            guard file.path.hasPrefix(folder + "/") else {
                problems.append(Diagnostic(.error, "outside the bundle folder \(folder)/", path: "", at: SourceLocation(file: file.path)))
                continue
            }
            contents[String(file.path.dropFirst(folder.count + 1))] = file.contents
        }
        let (checks, unlisted) = manifest.verify(contents)
        var out = "\(bundle): pipeline \(manifest.pipeline), Flink \(manifest.flinkVersion), uis-gen \(manifest.uisGenVersion)\n"
        var modes: [String: UInt32] = [:]
        for file in files { modes[file.path] = file.mode }
        for (entry, result) in checks {
            let full = folder + "/" + entry.path
            switch result {
            case .missing:
                problems.append(Diagnostic(.error, "listed in bundle.json but missing", path: "", at: SourceLocation(file: full)))
                continue
            case .differs:
                problems.append(Diagnostic(.error, "sha256 or size differs from bundle.json", path: "", at: SourceLocation(file: full)))
            case .ok:
                break
            }
            let size = contents[entry.path]?.count ?? 0
            out += String(format: "%@ %o %8d %@\n", result == .ok ? "ok  " : "BAD ", (modes[full] ?? 0) & 0o777, size, entry.path)
        }
        for path in unlisted { problems.append(Diagnostic(.error, "not listed in bundle.json", path: "", at: SourceLocation(file: folder + "/" + path))) }
        for entry in entries where entry.type != .regularFile && entry.type != .directory {
            problems.append(Diagnostic(.error, "not a regular file or folder", path: "", at: SourceLocation(file: entry.path)))
        }
        console.printOut(out)
        if !problems.isEmpty {
            console.printDiagnostics(problems)
            throw ExitCode.failure
        }
        console.printError("\(manifest.files.count) files verified")
    }
}
