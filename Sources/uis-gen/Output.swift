import ArgumentParser
import Foundation
import UISSpec

/// Writes diagnostics and messages the way compilers do: `file:line:col: error: message [path]` on stderr.
struct Console {
    /// True when stderr is a terminal (colour and progress only then).
    let stderrIsTerminal = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    func printDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { printError(render(diagnostic)) }
    }

    func render(_ diagnostic: Diagnostic) -> String {
        guard stderrIsTerminal else { return diagnostic.formatted }
        let place = diagnostic.location.map { "\u{1B}[1m\($0.description):\u{1B}[0m " } ?? ""
        let colour = diagnostic.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;35m"
        let suffix = diagnostic.path.isEmpty ? "" : " \u{1B}[2m[\(diagnostic.path)]\u{1B}[0m"
        return "\(place)\(colour)\(diagnostic.severity.rawValue):\u{1B}[0m \(diagnostic.message)\(suffix)"
    }

    /// When set, stderr lines are collected here instead of written: batch `bundle` prints each spec's
    /// lines together, in input order, so lines of specs bundled in parallel never interleave.
    var collected: CollectedLines?

    func printError(_ line: String) {
        if let collected { collected.lines.append(line); return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func printOut(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func summary(errors: Int, warnings: Int, files: Int) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(files, "file"))"
    }
}

/// Lines one batch worker collects for one spec (used by one thread at a time).
final class CollectedLines: @unchecked Sendable {
    var lines: [String] = []
}

/// Diagnostics as JSON for `--format json`.
struct DiagnosticsReport: Encodable {
    struct FileReport: Encodable {
        var file: String
        var valid: Bool
        var diagnostics: [Entry]
    }
    struct Entry: Encodable {
        var severity: String
        var message: String
        var path: String
        var file: String?
        var line: Int?
        var column: Int?
    }
    var files: [FileReport]
    var errors: Int
    var warnings: Int

    static func entry(_ d: Diagnostic) -> Entry {
        Entry(severity: d.severity.rawValue, message: d.message, path: d.path, file: d.location?.file, line: d.location?.line, column: d.location?.column)
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}

/// Output format of diagnostics.
enum DiagnosticsFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
