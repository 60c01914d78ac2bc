import ArgumentParser
import Foundation
import UISSpec

/// Writes diagnostics and messages the way compilers do: `file:line:col: error: message [path]` on stderr.
struct Console {
    /// True when stderr is a terminal (colour and progress only then).
    let stderrIsTerminal = isatty(STDERR_FILENO) == 1 && getenv("NO_COLOR") == nil

    /// Prints each diagnostic on stderr, or keeps them in `jsonDiagnostics` for a `--format json` report.
    func printDiagnostics(_ diagnostics: [Diagnostic]) {
        if let jsonDiagnostics { jsonDiagnostics.diagnostics += diagnostics; return }
        for diagnostic in diagnostics { printError(render(diagnostic)) }
    }

    /// When set (`--format json`), diagnostics are kept here instead of printed.
    var jsonDiagnostics: CollectedDiagnostics?

    /// `file:line:col: error: message [spec.path]`; a diagnostic without a place gets the program's name
    /// instead (`uis-gen: error: message`), as compilers do.
    func render(_ diagnostic: Diagnostic) -> String {
        guard stderrIsTerminal else { return (diagnostic.location == nil ? "uis-gen: " : "") + diagnostic.formatted }
        let place = diagnostic.location.map { "\u{1B}[1m\($0.description):\u{1B}[0m " } ?? "uis-gen: "
        let colour = diagnostic.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;35m"
        let suffix = diagnostic.path.isEmpty ? "" : " \u{1B}[2m[\(diagnostic.path)]\u{1B}[0m"
        return "\(place)\(colour)\(diagnostic.severity.rawValue):\u{1B}[0m \(diagnostic.message)\(suffix)"
    }

    /// When set, stderr lines are collected here instead of written: batch `bundle` prints each spec's
    /// lines together, in input order, so lines of specs bundled in parallel never interleave.
    var collected: CollectedLines?

    /// One line on stderr (or into `collected`).
    func printError(_ line: String) {
        if let collected { collected.lines.append(line); return }
        Self.write(line + "\n", to: STDERR_FILENO)
    }

    /// Text on stdout, as it is.
    func printOut(_ text: String) {
        Self.write(text, to: STDOUT_FILENO)
    }

    /// All of `text` to a descriptor with `write(2)` (Foundation's FileHandle wraps it in Data first).
    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                #if canImport(Glibc)
                let n = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                #elseif canImport(Musl)
                let n = Musl.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                #else
                let n = Darwin.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                #endif
                if n < 0 { if errno == EINTR { continue }; return }
                done += n
            }
        }
    }

    /// `2 errors, 1 warning in 3 files`.
    static func summary(errors: Int, warnings: Int, files: Int) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(files, "file"))"
    }
}

/// A failure that ends a command with exit code 1; its diagnostics are printed by ``Console``.
struct CLIError: Error, CustomStringConvertible {
    /// What went wrong, each with its place when known.
    var diagnostics: [Diagnostic]
    /// An error without a place in a file (`uis-gen: error: message`).
    init(_ message: String) { diagnostics = [Diagnostic(.error, message, path: "", at: nil)] }
    /// An error in `file` (a spec, template, generated or output file).
    init(file: String, _ message: String) { diagnostics = [Diagnostic(.error, message, path: "", at: SourceLocation(file: file))] }
    /// Diagnostics found by a stage.
    init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    /// One line a diagnostic.
    var description: String { diagnostics.map(\.formatted).joined(separator: "\n") }
}

/// Diagnostics of one spec kept for a `--format json` report (used by one thread at a time).
final class CollectedDiagnostics: @unchecked Sendable {
    /// The diagnostics kept so far.
    var diagnostics: [Diagnostic] = []
}

/// Lines one batch worker collects for one spec (used by one thread at a time).
final class CollectedLines: @unchecked Sendable {
    /// The lines kept so far.
    var lines: [String] = []
}

/// Diagnostics as JSON for `--format json`.
struct DiagnosticsReport: Encodable {
    /// One spec's diagnostics.
    struct FileReport: Encodable {
        var file: String
        var valid: Bool
        var diagnostics: [Entry]
    }
    /// One diagnostic; `line` and `column` absent when only the file is known.
    struct Entry: Encodable {
        var severity: String
        var message: String
        var path: String
        var file: String?
        var line: Int?
        var column: Int?
    }
    /// Each spec, in the order given.
    var files: [FileReport]
    /// Errors over all specs.
    var errors: Int
    /// Warnings over all specs.
    var warnings: Int

    /// The report of several files' diagnostics, in the order given.
    init(_ files: [(file: String, diagnostics: [Diagnostic])]) {
        self.files = files.map { item in
            FileReport(file: item.file, valid: !item.diagnostics.contains { $0.severity == .error }, diagnostics: item.diagnostics.map(Self.entry))
        }
        errors = files.reduce(0) { $0 + $1.diagnostics.filter { $0.severity == .error }.count }
        warnings = files.reduce(0) { $0 + $1.diagnostics.filter { $0.severity == .warning }.count }
    }

    /// The JSON entry of a diagnostic.
    static func entry(_ d: Diagnostic) -> Entry {
        let line = d.location.flatMap { $0.line > 0 ? $0.line : nil }, column = d.location.flatMap { $0.column > 0 ? $0.column : nil }
        return Entry(severity: d.severity.rawValue, message: d.message, path: d.path, file: d.location?.file, line: line, column: column)
    }

    /// Pretty-printed JSON with sorted keys and a final newline.
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
