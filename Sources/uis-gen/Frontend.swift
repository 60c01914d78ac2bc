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
        var output: SpecDecoder.Output
        var digest = ""
        var isDirectory: ObjCBool = false
        if path == "-" {
            let stdin = FileHandle.standardInput.readDataToEndOfFile()
            digest = SHA256.hex(Array(stdin))
            output = SpecReader().read(data: stdin, file: path)
        } else if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
                  size <= SpecLoader().limits.maxBytes, SpecLoader.syntax(forPath: path) != nil,
                  let data = FileManager.default.contents(atPath: path) {
            digest = SHA256.hex(Array(data))
            output = SpecReader().read(data: data, file: path)
        } else {
            output = SpecReader().read(path: path)
        }
        guard let spec = output.spec else {
            console.printDiagnostics(output.diagnostics)
            throw ExitCode.failure
        }
        let resolved = Resolver().resolve(spec, specSHA256: digest)
        console.printDiagnostics(output.diagnostics + resolved.diagnostics)
        guard let pipeline = resolved.pipeline else { throw ExitCode.failure }
        return (spec, pipeline)
    }
}

