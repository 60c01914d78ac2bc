import Foundation
import ArgumentParser
import Foundation
import UISSpec

/// The `uis-gen` command line: a thin layer over the library modules.
@main
struct UISGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uis-gen",
        abstract: "Compile Unified Ingestion Specs into deployable Flink bundles.",
        discussion: """
        A UIS spec (.yaml, .yml or .json) describes one streaming ingestion pipeline: a websocket, webhook, \
        Kafka or database-CDC source, its endpoints and field mappings, and its Kafka, Iceberg or ClickHouse sinks. \
        `uis-gen bundle spec.yaml` turns it into one tarball that ops deploy without uis-gen.

        Exit codes: 0 ok, 1 the spec or the run failed, 64 usage error.
        """,
        version: UISGenVersion.current,
        subcommands: [ValidateCommand.self, BundleCommand.self, RenderCommand.self, InspectCommand.self, ExplainCommand.self, SQLCommand.self, CompileCommand.self, ArgsCommand.self, SchemaCommand.self, InitCommand.self]
    )
}

extension UISGen {
    /// Runs the command; a `CLIError` prints its diagnostics and exits 1, usage errors exit 64.
    static func main() {
        Self.tuneAllocator()
        if let run = BundleRun(fastPathArguments: Array(CommandLine.arguments.dropFirst())) {
            do { try run.run() } catch let error as CLIError {
                Console().printDiagnostics(error.diagnostics)
                Foundation.exit(1)
            } catch let code as ExitCode {
                Foundation.exit(code.rawValue)
            } catch {
                exit(withError: error)
            }
            Foundation.exit(0)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            Console().printDiagnostics(error.diagnostics)
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

extension UISGen {
    /// glibc's malloc gives freed memory back (trim, munmap) as soon as a few hundred KB are free and maps
    /// large blocks afresh: a bundle allocates and frees megabytes, so a batch took 87,000 page faults
    /// for 1,000 specs. Keeping up to 128 MiB and serving blocks up to 32 MiB from the heap took that to
    /// 2,100 and a batch 10% faster, at the same peak RSS (measured side by side, `/usr/bin/time`).
    /// (`mallopt` is looked up with `dlsym`: Swift's Glibc module does not import `malloc.h`.)
    static func tuneAllocator() {
        #if os(Linux) && canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }  // nil: RTLD_DEFAULT; absent on musl
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD in glibc's malloc.h
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 128 << 20)
        #endif
    }
}
