import ArgumentParser
import Foundation
import UISArchive
import UISBundle
import UISCompiler
import UISSpec

extension DolphinSchedulerVersion: ExpressibleByArgument {}

/// Options shared by `bundle` and `render`.
struct RenderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A folder of templates overriding the bundled ones by name (e.g. k8s/flinkdeployment.yaml.mustache).", valueName: "dir"))
    var templates: String?

    @Option(name: .customLong("ds-version"), help: "DolphinScheduler export format: 3.2 (processDefinition keys) or 3.3 (workflowDefinition keys).")
    var dsVersion: DolphinSchedulerVersion = .v3_2

    func renderer() throws -> BundleRenderer {
        do {
            let set = try templates.map { dir throws(TemplateError) in try TemplateSet(overrides: dir) } ?? TemplateSet.bundled.get()
            return BundleRenderer(templates: set, options: BundleOptions(dolphinSchedulerVersion: dsVersion))
        } catch let error as TemplateError {
            throw CLIError(error.description)
        }
    }
}

/// Renders one spec into a checked bundle, printing diagnostics.
func renderBundle(path: String, renderer: BundleRenderer, console: Console) throws -> RenderedBundle {
    let (spec, pipeline) = try Frontend.pipeline(path: path, console: console)
    do {
        return try renderer.render(spec: spec, pipeline: pipeline)
    } catch {
        throw CLIError("\(path): the bundle failed its self-check:\n" + error.problems.map { "  - \($0)" }.joined(separator: "\n"))
    }
}

/// The archive entries of a bundle, under its top folder.
func archiveEntries(_ bundle: RenderedBundle) -> [ArchiveEntry] {
    bundle.files.map { ArchiveEntry(path: bundle.folder + "/" + $0.path, contents: Array($0.contents.utf8), isExecutable: $0.isExecutable) }
}

/// `uis-gen bundle SPEC... [-o PATH]`.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Build the deployable tarball of one or more specs.",
        discussion: """
        One spec: writes ./<name>.tar.gz (or -o FILE). Several specs: -o names a folder that receives one \
        <name>.tar.gz per spec. The tarball is deterministic (sorted entries, fixed mtime from SOURCE_DATE_EPOCH \
        or 0, owner 0:0) and written atomically: a failed run leaves nothing at the target.
        """
    )

    @Argument(help: ArgumentHelp("Spec files (.yaml, .yml, .json).", valueName: "spec"))
    var specs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("The tarball (one spec) or a folder (several specs).", valueName: "path"))
    var output: String?

    @OptionGroup var renderOptions: RenderOptions

    func validate() throws {
        if specs.isEmpty { throw ValidationError("name at least one spec file") }
    }

    func run() throws {
        let console = Console()
        let renderer = try renderOptions.renderer()
        let options = ArchiveOptions.fromEnvironment()
        let many = specs.count > 1
        if many, let output {
            try OutputPath.ensureDirectory(output)
        }
        var failed = 0
        for spec in specs {
            do {
                let bundle = try renderBundle(path: spec, renderer: renderer, console: console)
                let target: String
                if many { target = ((output ?? ".") as NSString).appendingPathComponent(bundle.folder + ".tar.gz") }
                else { target = output ?? bundle.folder + ".tar.gz" }
                try OutputPath.checkFileTarget(target)
                do { try TarGz.write(archiveEntries(bundle), to: target, options: options) }
                catch { throw CLIError("\(target): \(error.description)") }
                if !many || console.stderrIsTerminal { console.printError("wrote \(target) (\(bundle.files.count) files)") }
            } catch let error as CLIError {
                console.printError("error: \(error.description)")
                failed += 1
            } catch {
                failed += 1
            }
        }
        if failed > 0 {
            if many { console.printError("\(failed) of \(specs.count) specs failed") }
            throw ExitCode.failure
        }
    }
}

/// `uis-gen render SPEC -o DIR`.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the bundle's files into a folder instead of a tarball, to read or diff.",
        discussion: "DIR must not exist or be empty. The files are written to a temporary folder beside DIR and moved into place when complete."
    )

    @Argument(help: ArgumentHelp("The spec file.", valueName: "spec"))
    var spec: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to create.", valueName: "dir"))
    var output: String

    @OptionGroup var renderOptions: RenderOptions

    func run() throws {
        let console = Console()
        let bundle = try renderBundle(path: spec, renderer: try renderOptions.renderer(), console: console)
        try OutputPath.writeFolder(bundle.files, to: output)
    }
}

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
            let actual = SHA256.hex(entry.contents)
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
