import Foundation
import UISBundle

/// Checks on output locations and the atomic folder write used by `render`.
enum OutputPath {
    /// A tarball target: its folder exists, is writable and is not reached through a symlink; the target is not a folder.
    static func checkFileTarget(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError("\(path): is a folder; give a file name ending in .tar.gz")
        }
        if let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType, type == .typeSymbolicLink {
            throw CLIError("\(path): is a symbolic link; refusing to write through it")
        }
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("\(path): the folder \(parent) does not exist")
        }
        if access(parent, W_OK) != 0 { throw CLIError("\(path): the folder \(parent) is not writable") }
    }

    /// Creates `path` as a folder if missing (for batch output).
    static func ensureDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { throw CLIError("\(path): exists and is not a folder; with several specs -o names a folder") }
            return
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        catch { throw CLIError("\(path): cannot create the folder: \(error.localizedDescription)") }
    }

    /// Writes files into a temporary sibling folder, then renames it to `path` (which must be absent or empty).
    static func writeFolder(_ files: [BundleFile], to path: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if let type = try? fm.attributesOfItem(atPath: target.path)[.type] as? FileAttributeType, type == .typeSymbolicLink {
            throw CLIError("\(path): is a symbolic link; refusing to write through it")
        }
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CLIError("\(path): exists and is not a folder") }
            if let contents = try? fm.contentsOfDirectory(atPath: target.path), !contents.isEmpty {
                throw CLIError("\(path): the folder is not empty; render writes into a new or empty folder")
            }
        }
        let parent = target.deletingLastPathComponent()
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("\(path): the folder \(parent.path) does not exist")
        }
        if access(parent.path, W_OK) != 0 { throw CLIError("\(path): the folder \(parent.path) is not writable") }
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            for file in files {
                let url = temporary.appendingPathComponent(file.path)
                guard url.standardizedFileURL.path.hasPrefix(temporary.path + "/") else { throw CLIError("\(file.path): outside the bundle folder") }
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
                try fm.setAttributes([.posixPermissions: file.isExecutable ? 0o755 : 0o644], ofItemAtPath: url.path)
            }
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            if rename(temporary.path, target.path) != 0 { throw CLIError("\(path): cannot move the rendered folder into place: \(String(cString: strerror(errno)))") }
        } catch {
            try? fm.removeItem(at: temporary)
            if let error = error as? CLIError { throw error }
            throw CLIError("\(path): \(error.localizedDescription)")
        }
    }
}
