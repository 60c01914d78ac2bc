import UISText
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import UISBundle

/// Checks on output locations and the atomic folder write used by `render`.
enum OutputPath {
    /// True when `path` itself (not what it points to) is a symbolic link.
    static func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// The folder a target goes into must not be a symbolic link itself (the `-o` folder a user names):
    /// the bundle would land wherever the link points.
    static func checkParentNotSymlink(_ parent: String, for path: String) throws {
        if isSymlink(parent) {
            let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: parent)) ?? "?"
            throw CLIError("\(path): the folder \(parent) is a symbolic link (to \(destination)); refusing to write through it, give the real folder")
        }
    }

    /// A tarball target: its folder exists, is writable and is not reached through a symlink; the target is not a folder.
    static func checkFileTarget(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        try checkParentNotSymlink(parent, for: path)
        if FileStatus.following(path)?.kind == .directory {
            throw CLIError("\(path): is a folder; give a file name ending in .tar.gz")
        }
        if FileStatus.of(path)?.kind == .symbolicLink {
            throw CLIError("\(path): is a symbolic link; refusing to write through it")
        }
        guard FileStatus.following(parent)?.kind == .directory else {
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
        try checkParentNotSymlink(parent.path, for: path)
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("\(path): the folder \(parent.path) does not exist")
        }
        if access(parent.path, W_OK) != 0 { throw CLIError("\(path): the folder \(parent.path) is not writable") }
        removeStaleTemporaries(of: target.lastPathComponent, in: parent.path)
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        // Every path the temporary folder will hold, deepest first: what a SIGINT/SIGTERM/SIGHUP/SIGQUIT handler
        // removes before the signal takes its default course (SIGKILL cannot be caught: the hidden folder stays
        // and the next render into the same parent removes it, see removeStaleTemporaries).
        var directories: Set<String> = [temporary.path]
        var paths: [String] = []
        for file in files {
            let url = temporary.appendingPathComponent(file.path)
            guard url.standardizedFileURL.path.hasPrefix(temporary.path + "/") else { throw CLIError("\(file.path): outside the bundle folder") }
            paths.append(url.path)
            var folder = url.deletingLastPathComponent()
            while folder.path.count > temporary.path.count, directories.insert(folder.path).inserted { folder = folder.deletingLastPathComponent() }
        }
        paths += directories.sorted { $0.count > $1.count }
        let guardian = SignalCleanup(paths: paths)
        defer { guardian.disarm() }
        do {
            for file in files {
                let url = temporary.appendingPathComponent(file.path)
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

    /// Removes `.<name>.tmp-<pid>-<n>` folders in `parent` whose process is gone: what a render killed with
    /// SIGKILL (or a power cut) left behind. Folders of live processes are left alone.
    static func removeStaleTemporaries(of name: String, in parent: String) {
        let prefix = ".\(name).tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(entry))
            }
        }
    }
}

/// Paths to remove if SIGINT, SIGTERM, SIGHUP or SIGQUIT arrives while a temporary output exists. The
/// handler only calls async-signal-safe functions on memory prepared beforehand: unlink(2) or rmdir(2) on
/// each path (files first, then folders deepest first), then the default action is restored and the
/// signal re-raised, so the process still ends the way the signal asks.
final class SignalCleanup {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    nonisolated(unsafe) static var paths: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    nonisolated(unsafe) static var count = 0
    private var previous: [sigaction] = []
    private var armed = true

    init(paths: [String]) {
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: paths.count)
        for (i, path) in paths.enumerated() { list[i] = strdup(path) }
        Self.paths = list
        Self.count = paths.count
        for signal in Self.signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                if let list = SignalCleanup.paths {
                    for i in 0..<SignalCleanup.count {
                        if let path = list[i], unlink(path) != 0 { _ = rmdir(path) }
                    }
                }
                _ = Glibc.signal(signal, SIG_DFL)
                _ = raise(signal)
            }
            sigemptyset(&action.sa_mask)
            for other in Self.signals { sigaddset(&action.sa_mask, other) }
            var old = sigaction()
            _ = sigaction(signal, &action, &old)
            previous.append(old)
        }
    }

    /// Restores the previous handlers and frees the list (the temporary is gone or renamed).
    func disarm() {
        guard armed else { return }
        armed = false
        for (signal, old) in zip(Self.signals, previous) { var old = old; _ = sigaction(signal, &old, nil) }
        if let list = Self.paths {
            Self.paths = nil
            for i in 0..<Self.count { free(list[i]) }
            list.deallocate()
        }
        Self.count = 0
    }
}
