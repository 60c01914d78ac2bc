import ArgumentParser
import Foundation
import UISBundle
import UISSpec
import UISText

/// `--provider` values (a local type, so no other file's conformance of `ProviderType` can clash).
enum InitProvider: String, ExpressibleByArgument, CaseIterable {
    case websocket, webhook, kafka, database
    var type: ProviderType { ProviderType(rawValue: rawValue)! }
}

/// `--sink` values.
enum InitSink: String, ExpressibleByArgument, CaseIterable {
    case kafka, iceberg, clickhouse
    var type: SinkType { SinkType(rawValue: rawValue)! }
}

/// `uis-gen init NAME [--provider P] [--sink S ...] [--dir PATH]`: scaffolds a pipeline repository.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Scaffold a new pipeline repository: a commented starting spec, its JSON Schema, README, Makefile, CI workflow.",
        discussion: """
        Writes spec.yaml (validates as is; its first line points yaml-language-server at uis-spec.schema.json, \
        written beside it), README.md, Makefile (validate, render, bundle, clean), \
        .github/workflows/uis-gen.yml (validate and bundle on every push, tarball kept as an artifact), .gitignore, \
        and .uis-gen.json (the uis-gen version and command that made the files, and each file's sha256).

        init never overwrites: the folder must not exist or be empty, or nothing is written and the exit code is 1. \
        The files are written into a temporary folder and moved into place when complete.
        """
    )

    @Argument(help: ArgumentHelp("The pipeline name: a lowercase DNS-1123 label, at most 45 characters (the spec's name).", valueName: "name"))
    var name: String

    @Option(help: "The source: websocket, webhook, kafka or database (Postgres CDC).")
    var provider: InitProvider = .websocket

    @Option(name: .customLong("sink"), help: ArgumentHelp("A sink: kafka, iceberg or clickhouse; repeat for several (default: kafka).", valueName: "sink"))
    var sinks: [InitSink] = []

    @Option(help: ArgumentHelp("The folder to create (default: ./NAME); it must not exist or be empty.", valueName: "path"))
    var dir: String?

    var options: ScaffoldOptions {
        ScaffoldOptions(name: name, provider: provider.type, sinks: sinks.isEmpty ? [.kafka] : sinks.map(\.type))
    }

    func validate() throws {
        if let problem = Scaffold.problems(options).first { throw ValidationError(problem) }
        if dir == "" { throw ValidationError("--dir must not be empty") }
    }

    func run() throws {
        let console = Console()
        let files: [BundleFile]
        do {
            files = try Scaffold.files(options, templates: TemplateSet.bundled.get())
        } catch let error as ScaffoldError {
            throw CLIError("cannot scaffold \(name):\n" + error.problems.map { "  - \($0)" }.joined(separator: "\n"))
        } catch {
            throw CLIError("cannot scaffold \(name): \(error)")
        }
        let target = dir ?? name
        let existing = try InitTarget.check(target)
        if existing { try InitTarget.fill(emptyFolder: target, with: files) }
        else {
            try InitTarget.createParent(of: target)
            try OutputPath.writeFolder(files, to: target)
        }
        var message = "created \(target) with uis-gen \(UISGenVersion.current) (\(files.count) files):\n"
        for file in files { message += "  \(file.path)\n" }
        message += "next: cd \(Escape.shell(target)) && make validate bundle"
        console.printError(message)
    }
}

/// Where `init` writes: checks, and the atomic fill of an existing empty folder.
enum InitTarget {
    /// True when `path` is an existing empty folder, false when it does not exist; throws when it is
    /// anything else (a file, a symbolic link, a non-empty folder).
    static func check(_ path: String) throws -> Bool {
        let fm = FileManager.default
        if let type = try? fm.attributesOfItem(atPath: path)[.type] as? FileAttributeType {
            if type == .typeSymbolicLink { throw CLIError("\(path): is a symbolic link; init never writes through one") }
            if type != .typeDirectory { throw CLIError("\(path): exists and is not a folder; init never overwrites") }
            let contents: [String]
            do { contents = try fm.contentsOfDirectory(atPath: path) }
            catch { throw CLIError("\(path): cannot read the folder: \(error.localizedDescription)") }
            if !contents.isEmpty { throw CLIError("\(path): the folder is not empty; init never overwrites") }
            if access(path, W_OK) != 0 { throw CLIError("\(path): the folder is not writable") }
            return true
        }
        return false
    }

    /// Creates the missing folders above `path` (like `mkdir -p` of its parent).
    static func createParent(of path: String) throws {
        let parent = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDirectory) { return }
        do { try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true) }
        catch { throw CLIError("\(path): cannot create the folder \(parent.path): \(error.localizedDescription)") }
    }

    /// Fills an existing empty folder without replacing it (it may be the shell's working folder):
    /// the files go into a hidden temporary folder inside it, then each top-level entry is renamed
    /// into place. A failure removes everything written.
    static func fill(emptyFolder path: String, with files: [BundleFile]) throws {
        let fm = FileManager.default
        let folder = URL(fileURLWithPath: path).standardizedFileURL
        let temporaryName = ".uis-gen-init.tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let temporary = folder.appendingPathComponent(temporaryName)
        var moved: [URL] = []
        do {
            try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
            for file in files {
                let url = temporary.appendingPathComponent(file.path)
                guard url.standardizedFileURL.path.hasPrefix(temporary.path + "/") else { throw CLIError("\(file.path): outside the folder") }
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
                try fm.setAttributes([.posixPermissions: file.isExecutable ? 0o755 : 0o644], ofItemAtPath: url.path)
            }
            let others = try fm.contentsOfDirectory(atPath: folder.path).filter { $0 != temporaryName }
            if !others.isEmpty { throw CLIError("\(path): the folder is no longer empty; init never overwrites") }
            let entries = try fm.contentsOfDirectory(atPath: temporary.path).sorted()
            for entry in entries {
                let destination = folder.appendingPathComponent(entry)
                if (try? fm.attributesOfItem(atPath: destination.path)) != nil { throw CLIError("\(path): \(entry) appeared while writing; init never overwrites") }
                if rename(temporary.appendingPathComponent(entry).path, destination.path) != 0 {
                    throw CLIError("\(path): cannot move \(entry) into place: \(String(cString: strerror(errno)))")
                }
                moved.append(destination)
            }
            try fm.removeItem(at: temporary)
        } catch {
            for url in moved { try? fm.removeItem(at: url) }
            try? fm.removeItem(at: temporary)
            if let error = error as? CLIError { throw error }
            throw CLIError("\(path): \(error.localizedDescription)")
        }
    }
}
