/// A place in a spec file: 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Codable {
    /// The file as the user named it (`-` for standard input).
    public var file: String
    /// 1-based line; 0 when only the file is known.
    public var line: Int
    /// 1-based column, counted in Unicode scalars; 0 when unknown.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A whole file, no line known (a generated file the self-check found wrong).
    public init(file: String) {
        self.init(file: file, line: 0, column: 0)
    }

    /// `file:line:col`, `file:line` or `file`, as much as is known.
    public var description: String {
        if line <= 0 { return file }
        if column <= 0 { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }
}

/// How bad a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable {
    /// Reported; the stage still produces its result.
    case warning
    /// The stage produces no result.
    case error

    /// A warning ranks below an error.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// One problem found in a spec: what is wrong, where, and what is expected.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// Error or warning.
    public var severity: Severity
    /// What is wrong and what is expected.
    public var message: String
    /// The spec path, e.g. `provider.endpoints[1].field_mapping`; empty for the whole file.
    public var path: String
    /// Where in the file; nil when the file could not be read at all.
    public var location: SourceLocation?

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, path: String, at location: SourceLocation?) {
        self.severity = severity
        self.message = message
        self.path = path
        self.location = location
    }

    /// `file:line:col: error: message [path]`, the compiler-style line printed on stderr.
    public var formatted: String {
        let place = location.map { "\($0.description): " } ?? ""
        let suffix = path.isEmpty ? "" : " [\(path)]"
        return "\(place)\(severity.rawValue): \(message)\(suffix)"
    }
}

/// Collects diagnostics in the order they are found.
package struct DiagnosticBag: Sendable {
    /// Everything reported so far.
    package private(set) var all: [Diagnostic] = []

    /// Creates an empty bag.
    package init() {}

    /// Adds an error.
    package mutating func error(_ message: String, path: String, at location: SourceLocation?) {
        all.append(Diagnostic(.error, message, path: path, at: location))
    }

    /// Adds a warning.
    package mutating func warning(_ message: String, path: String, at location: SourceLocation?) {
        all.append(Diagnostic(.warning, message, path: path, at: location))
    }

    /// Adds diagnostics found elsewhere.
    package mutating func append(contentsOf other: [Diagnostic]) {
        all.append(contentsOf: other)
    }

    /// True when at least one error was reported.
    package var hasErrors: Bool { all.contains { $0.severity == .error } }
}

/// Thrown when a stage cannot go on; carries every diagnostic found up to then.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// All diagnostics, errors and warnings.
    public var diagnostics: [Diagnostic]

    /// Creates the error.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One diagnostic a line.
    public var description: String { diagnostics.map(\.formatted).joined(separator: "\n") }
}
