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

    func renderer() throws -> BundleRenderer { try Self.renderer(templates: templates, dsVersion: dsVersion) }

    /// The renderer for `--templates` (nil: the bundled ones) and `--ds-version`.
    static func renderer(templates: String?, dsVersion: DolphinSchedulerVersion) throws -> BundleRenderer {
        do {
            let set = try templates.map { dir throws(TemplateError) in try TemplateSet(overrides: dir) } ?? TemplateSet.bundled.get()
            return BundleRenderer(templates: set, options: BundleOptions(dolphinSchedulerVersion: dsVersion))
        } catch let error as TemplateError {
            throw error.isDiagnostic ? CLIError(diagnostic: error.description) : CLIError(error.description)
        }
    }
}

/// Renders one spec into a checked bundle, printing diagnostics.
func renderBundle(path: String, renderer: BundleRenderer, console: Console) throws -> RenderedBundle {
    var timings = StageTimings()
    return try renderBundle(path: path, renderer: { renderer }, console: console, timings: &timings)
}

/// The same, timing each stage. `renderer` is asked for only once the spec resolved, so the bundled
/// templates can be parsed on another thread meanwhile (see `BundleCommand.run`).
func renderBundle(path: String, renderer: () throws -> BundleRenderer, console: Console, timings: inout StageTimings) throws -> RenderedBundle {
    let (spec, pipeline) = try Frontend.pipeline(path: path, console: console, timings: &timings)
    var clock = StageClock()
    let renderer = try renderer()
    timings.templates += clock.lap()
    let compiled = CompiledPipeline(pipeline)
    timings.compile += clock.lap()
    let rendered: (bundle: RenderedBundle, context: BundleContext)
    do { rendered = try renderer.renderUnchecked(spec: spec, pipeline: pipeline, compiled: compiled) }
    catch { throw CLIError("\(path): the bundle failed its self-check:\n" + error.problems.map { "  - \($0)" }.joined(separator: "\n")) }
    timings.render += clock.lap()
    let problems = BundleCheck.problems(rendered.bundle.files, context: rendered.context)
    timings.check += clock.lap()
    if !problems.isEmpty {
        throw CLIError("\(path): the bundle failed its self-check:\n" + problems.map { "  - \($0)" }.joined(separator: "\n"))
    }
    return rendered.bundle
}

/// The archive entries of a bundle, under its top folder.
func archiveEntries(_ bundle: RenderedBundle) -> [ArchiveEntry] {
    bundle.files.map { ArchiveEntry(path: bundle.folder + "/" + $0.path, contents: Array($0.contents.utf8), isExecutable: $0.isExecutable) }
}

/// Wall time of each stage of `bundle`, in seconds (hidden `--timings`, or `UIS_GEN_TIMINGS=1`).
/// load: read the file and parse YAML/JSON (SpecLoader); validate: decode and check (SpecDecoder);
/// resolve: Resolver; templates: waiting for the bundled templates to be parsed (once per process, on a
/// background thread); compile: Flink SQL, job config and `flink run` args; render: every other file from
/// templates and view-models, and bundle.json; check: the self-check (BundleCheck, which parses every
/// YAML/JSON file back); pack: tar + gzip + atomic write (TarGz.write).
struct StageTimings: Sendable {
    var load = 0.0, validate = 0.0, resolve = 0.0, templates = 0.0, compile = 0.0, render = 0.0, check = 0.0, pack = 0.0

    var stages: [(String, Double)] {
        [("load", load), ("validate", validate), ("resolve", resolve), ("templates", templates), ("compile", compile),
         ("render", render), ("check", check), ("pack", pack)]
    }

    static func + (a: StageTimings, b: StageTimings) -> StageTimings {
        StageTimings(load: a.load + b.load, validate: a.validate + b.validate, resolve: a.resolve + b.resolve, templates: a.templates + b.templates,
                     compile: a.compile + b.compile, render: a.render + b.render, check: a.check + b.check, pack: a.pack + b.pack)
    }

    /// `timings: load 1.23 ms, validate …, total … ms`.
    func line(_ label: String) -> String {
        let parts = stages.map { "\($0.0) \(Self.ms($0.1))" }
        return "\(label): " + parts.joined(separator: ", ") + ", total \(Self.ms(stages.reduce(0) { $0 + $1.1 }))"
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
}

/// A monotonic stopwatch; `lap()` returns the seconds since the last lap.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}

/// Runs indices `0..<count` on `workers` threads, each taking the next index as it finishes one.
enum WorkerPool {
    /// Workers for a batch: twice the cores, so one waiting on fsync(2) leaves its core to another
    /// (with one per core, a batch kept the cores 85% busy).
    static func batchWorkers(_ count: Int) -> Int {
        max(1, min(count, ProcessInfo.processInfo.activeProcessorCount * 2))
    }

    /// Calls `body` once for each index, on up to `workers` threads of 16 MiB stack; returns when all are done.
    static func run(count: Int, workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            func take(below limit: Int) -> Int? {
                lock.lock(); defer { lock.unlock() }
                guard next < limit else { return nil }
                next += 1
                return next - 1
            }
        }
        let counter = Counter()
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                while let index = counter.take(below: count) { body(index) }
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()
    }
}

/// Shared state of a batch run: per-spec results printed in input order as soon as every earlier spec
/// is done (so lines of specs bundled in parallel never interleave), the progress line, and which spec
/// owns each output file when two specs share a pipeline name (the earliest in the list).
final class BatchState: @unchecked Sendable {
    struct Outcome {
        var lines: [String]
        var ok: Bool
        var timings: StageTimings
    }

    private let lock = NSLock()
    private let specs: [String]
    private let progress: Bool
    private var outcomes: [Outcome?]
    private var flushed = 0
    private var done = 0
    private(set) var failed = 0
    private(set) var timings = StageTimings()
    /// Target file -> the spec that writes it, and a lock held while it is written.
    private var owners: [String: (index: Int, writing: NSLock)] = [:]
    /// Specs whose file an earlier spec took over: index -> the earlier spec's index.
    private var superseded: [Int: Int] = [:]

    init(specs: [String], progress: Bool) {
        self.specs = specs
        self.progress = progress
        outcomes = Array(repeating: nil, count: specs.count)
    }

    /// Runs `write` for spec `index`'s `target` unless an earlier spec in the list writes the same file;
    /// returns that spec's index then. A later spec that got there first is overwritten and fails.
    func write(_ target: String, index: Int, _ write: () throws -> Void) throws -> Int? {
        lock.lock()
        let writing: NSLock
        if let owner = owners[target] {
            if owner.index < index { lock.unlock(); return owner.index }
            superseded[owner.index] = index
            writing = owner.writing
        } else {
            writing = NSLock()
        }
        owners[target] = (index, writing)
        lock.unlock()
        writing.lock()
        defer { writing.unlock() }
        lock.lock()
        let owner = owners[target]?.index ?? index
        lock.unlock()
        if owner != index { return owner }
        try write()
        return nil
    }

    /// Records spec `index`'s outcome and prints every outcome that is next in input order.
    func finish(_ index: Int, _ outcome: Outcome) {
        lock.lock()
        defer { lock.unlock() }
        outcomes[index] = outcome
        done += 1
        var text = ""
        while flushed < outcomes.count, var next = outcomes[flushed] {
            if let winner = superseded[flushed] {
                next.ok = false
                next.lines = ["error: \(specs[flushed]): its bundle has the same file name as the bundle of \(specs[winner]), earlier in the list; not written"]
            }
            if !next.ok { failed += 1 }
            timings = timings + next.timings
            for line in next.lines { text += line + "\n" }
            outcomes[flushed] = nil
            flushed += 1
        }
        if progress {
            text = "\r\u{1B}[K" + text
            if done < outcomes.count { text += "[\(done)/\(outcomes.count)] bundling…" }
        }
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }
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

    @Flag(name: .customLong("timings"), help: ArgumentHelp("Print the wall time of each stage on stderr (also UIS_GEN_TIMINGS=1).", visibility: .hidden))
    var timings = false

    func validate() throws {
        if specs.isEmpty { throw ValidationError("name at least one spec file") }
    }

    func run() throws {
        try BundleRun(specs: specs, output: output, templates: renderOptions.templates, dsVersion: renderOptions.dsVersion, timings: timings).run()
    }
}

/// One `uis-gen bundle` invocation as plain values, so the common forms can skip the argument parser
/// (see ``BundleRun/init(fastPathArguments:)``).
struct BundleRun {
    var specs: [String]
    var output: String?
    var templates: String?
    var dsVersion: DolphinSchedulerVersion
    var timings: Bool

    /// Plain values.
    init(specs: [String], output: String?, templates: String?, dsVersion: DolphinSchedulerVersion, timings: Bool) {
        self.specs = specs
        self.output = output
        self.templates = templates
        self.dsVersion = dsVersion
        self.timings = timings
    }

    /// `bundle SPEC… [-o PATH | --output PATH | --output=PATH]` and nothing else, read without
    /// swift-argument-parser, whose reflection-driven set-up is a sixth of a small bundle's wall time.
    /// Anything else (other options, `--help`, a spec named like an option) returns nil, and the
    /// argument parser reads the command line as usual; the parsed values are the same either way
    /// (tested in CLITests).
    init?(fastPathArguments arguments: [String]) {
        guard arguments.first == "bundle" else { return nil }
        var specs: [String] = []
        var output: String?
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-o" || argument == "--output" {
                guard output == nil, index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") else { return nil }
                output = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("--output=") {
                guard output == nil else { return nil }
                output = String(argument.dropFirst("--output=".count))
                index += 1
                continue
            }
            if argument.hasPrefix("-") || argument.isEmpty { return nil }
            specs.append(argument)
            index += 1
        }
        guard !specs.isEmpty else { return nil }
        self.init(specs: specs, output: output, templates: nil, dsVersion: .v3_2, timings: false)
    }

    func run() throws {
        var wall = StageClock()
        let showTimings = timings || getenv("UIS_GEN_TIMINGS").map { String(cString: $0) } == "1"
        let console = Console()
        let options = ArchiveOptions.fromEnvironment()
        let many = specs.count > 1
        // `--templates DIR` is read first, so its errors come before any spec's; the bundled templates
        // are parsed when the first spec has resolved (a bad spec costs no template parsing).
        let renderer: @Sendable () throws -> BundleRenderer
        if let templates {
            let fixed = try RenderOptions.renderer(templates: templates, dsVersion: dsVersion)
            renderer = { fixed }
        } else {
            let bundleOptions = BundleOptions(dolphinSchedulerVersion: dsVersion)
            renderer = {
                switch TemplateSet.bundled {
                case let .success(set): return BundleRenderer(templates: set, options: bundleOptions)
                case let .failure(error): throw CLIError(error.description)
                }
            }
        }
        let specs = self.specs, output = self.output
        if many, let output {
            try OutputPath.ensureDirectory(output)
        }

        /// Bundles spec `index`; false when it failed (its errors printed to `console`).
        @Sendable func bundle(_ index: Int, console: Console, timings: inout StageTimings, batch: BatchState?) -> Bool {
            let spec = specs[index]
            do {
                let bundle = try renderBundle(path: spec, renderer: renderer, console: console, timings: &timings)
                let target: String
                if many { target = ((output ?? ".") as NSString).appendingPathComponent(bundle.folder + ".tar.gz") }
                else { target = output ?? bundle.folder + ".tar.gz" }
                try OutputPath.checkFileTarget(target)
                var clock = StageClock()
                func write() throws {
                    do { try TarGz.write(archiveEntries(bundle), to: target, options: options, syncingDirectory: !many) }
                    catch { throw CLIError("\(target): \(error.description)") }
                }
                if let batch {
                    if let earlier = try batch.write(target, index: index, write) {
                        throw CLIError("\(spec): its bundle has the same file name as the bundle of \(specs[earlier]), earlier in the list; not written")
                    }
                } else {
                    try write()
                }
                timings.pack += clock.lap()
                if !many || console.stderrIsTerminal { console.printError("wrote \(target) (\(bundle.files.count) files)") }
                return true
            } catch let error as CLIError {
                console.printError("error: \(error.description)")
                return false
            } catch {
                return false
            }
        }

        guard many else {
            var stages = StageTimings()
            let ok = bundle(0, console: console, timings: &stages, batch: nil)
            if showTimings { console.printError(stages.line("timings")) }
            if !ok { throw ExitCode.failure }
            return
        }

        // Batch: workers take specs in list order; each spec's lines are collected and printed in input order.
        let batch = BatchState(specs: specs, progress: console.stderrIsTerminal)
        WorkerPool.run(count: specs.count, workers: WorkerPool.batchWorkers(specs.count)) { index in
            var worker = console
            let lines = CollectedLines()
            worker.collected = lines
            var stages = StageTimings()
            let ok = bundle(index, console: worker, timings: &stages, batch: batch)
            batch.finish(index, BatchState.Outcome(lines: lines.lines, ok: ok, timings: stages))
        }
        // each tarball was fsynced before it got its name; one sync of the folder makes the names durable
        TarGz.syncDirectory(output ?? ".")
        let seconds = wall.lap()
        console.printError("bundled \(specs.count - batch.failed) of \(specs.count) specs (\(batch.failed) failed) in \(String(format: "%.2f", seconds)) s")
        if showTimings {
            console.printError(batch.timings.line("timings (sum over specs)"))
            console.printError("throughput: \(String(format: "%.0f", Double(specs.count) / seconds)) specs/s on \(ProcessInfo.processInfo.activeProcessorCount) cores")
        }
        if batch.failed > 0 { throw ExitCode.failure }
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
