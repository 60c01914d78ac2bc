#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `lstat(2)`/`stat(2)` says of a path: the loader's checks before reading a spec and the output path
/// checks of every run, without Foundation's `FileManager` attribute dictionaries (a measurable part of a small bundle's start).
package struct FileStatus: Sendable {
    /// What the path is.
    package enum Kind: Sendable { case regularFile, directory, symbolicLink, other }

    /// The kind of file.
    package var kind: Kind
    /// Its size in bytes.
    package var size: Int

    /// The status of `path` itself (`lstat`: a symlink is reported as one), or nil when it does not exist.
    package static func of(_ path: String) -> FileStatus? { status(path, follow: false) }

    /// The status of what `path` leads to (`stat`), or nil when that does not exist.
    package static func following(_ path: String) -> FileStatus? { status(path, follow: true) }

    private static func status(_ path: String, follow: Bool) -> FileStatus? {
        var info = stat()
        guard (follow ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regularFile
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        default: kind = .other
        }
        return FileStatus(kind: kind, size: Int(info.st_size))
    }
}
