#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat(2)` says of the file a path leads to (symlinks followed): all the loader checks before
/// reading a spec, without Foundation's `FileManager` attribute dictionaries.
struct PathStatus {
    /// True when the path leads to a directory.
    var isDirectory: Bool
    /// The size in bytes of what the path leads to.
    var size: Int

    /// The status of what `path` leads to, or nil when that does not exist (or cannot be looked at).
    init?(following path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
        size = Int(info.st_size)
    }
}
