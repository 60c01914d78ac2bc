import Foundation

/// What a finished program left: its exit status and all it wrote to stdout and stderr.
public struct ProcessOutput: Sendable {
    /// The exit status (or the signal number, when a signal ended it).
    public var status: Int32
    /// Everything written to stdout.
    public var stdout: Data
    /// Everything written to stderr.
    public var stderr: Data
    /// stdout as UTF-8 text (invalid bytes replaced).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// stderr as UTF-8 text (invalid bytes replaced).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs `executable` with `arguments` and waits for it to end.
///
/// stdin, stdout and stderr go through files in a temporary folder, not pipes, so no amount of input
/// or output can deadlock the two processes; the folder is removed before returning.
/// - Parameters:
///   - stdin: the bytes the program reads; empty (end of file at once) by default.
///   - environment: the program's whole environment; this process's environment when nil.
///   - currentDirectory: where the program runs; this process's current folder when nil.
public func runProcess(_ executable: URL, _ arguments: [String], stdin: Data = Data(),
                       environment: [String: String]? = nil, currentDirectory: URL? = nil) throws -> ProcessOutput {
    let folder = try makeTemporaryFolder("uis-process")
    defer { try? FileManager.default.removeItem(at: folder) }
    let inURL = folder.appendingPathComponent("stdin"), outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
    try stdin.write(to: inURL)
    try Data().write(to: outURL)
    try Data().write(to: errURL)
    let input = try FileHandle(forReadingFrom: inURL)
    let output = try FileHandle(forWritingTo: outURL)
    let error = try FileHandle(forWritingTo: errURL)
    defer { try? input.close(); try? output.close(); try? error.close() }

    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
    process.waitUntilExit()
    return ProcessOutput(status: process.terminationStatus, stdout: try Data(contentsOf: outURL), stderr: try Data(contentsOf: errURL))
}

/// `runProcess(_:_:stdin:environment:currentDirectory:)` for a program given by its path.
public func runProcess(_ executablePath: String, _ arguments: [String], stdin: Data = Data(),
                       environment: [String: String]? = nil, currentDirectory: URL? = nil) throws -> ProcessOutput {
    try runProcess(URL(fileURLWithPath: executablePath), arguments, stdin: stdin, environment: environment, currentDirectory: currentDirectory)
}
