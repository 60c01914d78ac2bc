import ArgumentParser
import Foundation
import UISCompiler
import UISSpec

/// The stages every command runs before its own: load, decode, validate and resolve.
enum Frontend {
    /// All diagnostics for one file (load, decode, validate, resolve).
    static func check(path: String) -> [Diagnostic] {
        let output = SpecReader().read(path: path)
        guard let spec = output.spec else { return output.diagnostics }
        return output.diagnostics + Resolver().resolve(spec).diagnostics
    }

    /// The resolved pipeline, or every diagnostic printed and exit 1. Warnings are printed either way.
    static func pipeline(path: String, console: Console = Console()) throws -> (Spec, Pipeline) {
        var timings = StageTimings()
        return try pipeline(path: path, console: console, timings: &timings)
    }

    /// The same, adding the time of load (read + parse), validate (decode) and resolve to `timings`.
    static func pipeline(path: String, console: Console, timings: inout StageTimings) throws -> (Spec, Pipeline) {
        var output: (spec: Spec?, diagnostics: [Diagnostic])
        var digest = ""
        var clock = StageClock()
        /// `SpecReader.read(data:file:)` in two timed steps.
        func read(_ data: Data) -> (spec: Spec?, diagnostics: [Diagnostic]) {
            guard let syntax = SpecLoader.syntax(forPath: path) else { let o = SpecReader().read(path: path); return (o.spec, o.diagnostics) }
            let root: SpecNode
            do { root = try SpecLoader().parse(data: data, file: path, syntax: syntax) }
            catch { return (nil, error.diagnostics) }
            timings.load += clock.lap()
            let decoded = SpecDecoder().decode(root)
            return (decoded.spec, decoded.diagnostics)
        }
        if path == "-" {
            let stdin = FileHandle.standardInput.readDataToEndOfFile()
            digest = SHA256.hex(Array(stdin))
            output = read(stdin)
        } else if let status = FileStatus.following(path), status.kind != .directory,
                  status.size <= SpecLoader().limits.maxBytes, SpecLoader.syntax(forPath: path) != nil,
                  let data = FileManager.default.contents(atPath: path) {
            digest = SHA256.hex(Array(data))
            output = read(data)
        } else {
            let o = SpecReader().read(path: path)
            output = (o.spec, o.diagnostics)
        }
        timings.validate += clock.lap()
        guard let spec = output.spec else {
            console.printDiagnostics(output.diagnostics)
            throw ExitCode.failure
        }
        let resolved = Resolver().resolve(spec, specSHA256: digest)
        timings.resolve += clock.lap()
        console.printDiagnostics(output.diagnostics + resolved.diagnostics)
        guard let pipeline = resolved.pipeline else { throw ExitCode.failure }
        return (spec, pipeline)
    }
}

