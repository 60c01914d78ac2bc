import ArgumentParser
import Foundation
import UISArchive
import UISBundle
import UISSpec

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

    @Option(help: "Diagnostics as compiler-style lines on stderr, or one JSON report on stdout (like validate --format json).")
    var format: DiagnosticsFormat = .text

    @Flag(name: .customLong("timings"), help: ArgumentHelp("Print the wall time of each stage on stderr (also UIS_GEN_TIMINGS=1).", visibility: .hidden))
    var timings = false

    func validate() throws {
        if specs.isEmpty { throw ValidationError("name at least one spec file") }
    }

    func run() throws {
        var run = BundleRun(specs: specs, output: output, templates: renderOptions.templates, dsVersion: renderOptions.dsVersion, timings: timings)
        run.format = format
        try run.run()
    }
}

/// One `uis-gen bundle` invocation as plain values, so the common forms can skip the argument parser
/// (see ``BundleRun/init(fastPathArguments:)``).
struct BundleRun {
    /// The spec files, in the order given.
    var specs: [String]
    /// `-o`: the tarball (one spec) or the folder (several).
    var output: String?
    /// `--templates DIR`.
    var templates: String?
    /// `--ds-version`.
    var dsVersion: DolphinSchedulerVersion
    /// `--timings` (or `UIS_GEN_TIMINGS=1`).
    var timings: Bool
    /// Text diagnostics on stderr, or a JSON report on stdout.
    var format: DiagnosticsFormat = .text

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
        let archiveOptions = ArchiveOptions.fromEnvironment()
        let many = specs.count > 1
        // `--templates DIR` is read first, so its errors come before any spec's; the bundled templates
        // are parsed when the first spec has resolved (a bad spec costs no template parsing).
        let options = try RenderOptions.pipelineOptions(templates: templates, dsVersion: dsVersion)
        let specs = self.specs, output = self.output
        if many, let output {
            try OutputPath.ensureDirectory(output)
        }

        // --format json: each spec's diagnostics kept by index, one report on stdout at the end
        let reports = format == .json ? JSONReports(count: specs.count) : nil
        func printReport() {
            guard let reports else { return }
            console.printOut(DiagnosticsReport(Array(zip(specs, reports.diagnostics).map { ($0, $1) })).json())
        }

        /// Bundles spec `index`; false when it failed (its errors printed to `console`).
        @Sendable func bundle(_ index: Int, console: Console, timings: inout StageTimings, batch: BatchState?) -> Bool {
            let spec = specs[index]
            var console = console
            if let reports {
                let collected = CollectedDiagnostics()
                console.jsonDiagnostics = collected
                defer { reports.set(index, collected.diagnostics) }
                return bundle(index, spec, console: console, timings: &timings, batch: batch)
            }
            return bundle(index, spec, console: console, timings: &timings, batch: batch)
        }

        /// ``bundle(_:console:timings:batch:)`` with the console chosen.
        @Sendable func bundle(_ index: Int, _ spec: String, console: Console, timings: inout StageTimings, batch: BatchState?) -> Bool {
            do {
                let result = BundlePipeline.run(.path(spec), options: options, observer: &timings)
                console.printDiagnostics(result.diagnostics)
                guard let bundle = result.bundle else { return false }
                let target: String
                if many { target = ((output ?? ".") as NSString).appendingPathComponent(bundle.folder + ".tar.gz") }
                else { target = output ?? bundle.folder + ".tar.gz" }
                try OutputPath.checkFileTarget(target)
                var clock = StageClock()
                func write() throws {
                    do { try TarGz.write(archiveEntries(bundle), to: target, options: archiveOptions, syncingDirectory: !many) }
                    catch { throw CLIError(file: target, error.description) }
                }
                if let batch {
                    if let earlier = try batch.write(target, index: index, write) {
                        throw CLIError(file: spec, "its bundle has the same file name as the bundle of \(specs[earlier]), earlier in the list; not written")
                    }
                } else {
                    try write()
                }
                timings.pack += clock.lap()
                if !many || console.stderrIsTerminal { console.printError("wrote \(target) (\(bundle.files.count) files)") }
                return true
            } catch let error as CLIError {
                console.printDiagnostics(error.diagnostics)
                return false
            } catch {
                return false
            }
        }

        guard many else {
            var stages = StageTimings()
            let ok = bundle(0, console: console, timings: &stages, batch: nil)
            if showTimings { console.printError(stages.line("timings")) }
            printReport()
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
        printReport()
        if batch.failed > 0 { throw ExitCode.failure }
    }
}

/// Each spec's diagnostics of a `--format json` batch, by index (written by the worker that bundles it).
final class JSONReports: @unchecked Sendable {
    private let lock = NSLock()
    private var byIndex: [[Diagnostic]]

    /// Room for `count` specs.
    init(count: Int) { byIndex = Array(repeating: [], count: count) }

    /// Records spec `index`'s diagnostics.
    func set(_ index: Int, _ diagnostics: [Diagnostic]) {
        lock.lock(); defer { lock.unlock() }
        byIndex[index] = diagnostics
    }

    /// Every spec's diagnostics, in input order.
    var diagnostics: [[Diagnostic]] {
        lock.lock(); defer { lock.unlock() }
        return byIndex
    }
}

/// The archive entries of a bundle, under its top folder.
func archiveEntries(_ bundle: RenderedBundle) -> [ArchiveEntry] {
    bundle.files.map { ArchiveEntry(path: bundle.folder + "/" + $0.path, contents: Array($0.contents.utf8), isExecutable: $0.isExecutable) }
}
