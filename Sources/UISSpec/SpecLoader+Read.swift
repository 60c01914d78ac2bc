import Foundation

// TEMPORARY until the loader split lands: the fast read.
extension SpecLoader {
    public func read(path: String) throws(DiagnosticsError) -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticsError([Diagnostic(.error, "no such file", path: "", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticsError([Diagnostic(.error, "cannot read the file (permission denied?)", path: "", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        return data
    }
}
