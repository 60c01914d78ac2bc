#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Deterministic gzip-compressed tarballs for bundles, and reading them back.
///
/// Archives are pax-restricted tar (plain ustar headers; a pax extended header
/// only for paths ustar cannot hold, carrying just `path`), gzip-compressed with
/// a zero MTIME and no file name in the gzip header. Members are sorted by the
/// UTF-8 bytes of their paths, every folder gets a directory entry (`0755`),
/// files are `0644` or `0755`, owner and group are `0`/`root`, and every member
/// has ``ArchiveOptions/modificationTime``. The same entries, in any order, and
/// the same options always give the same bytes.
public enum TarGz {
    /// In-memory archive bytes (used by tests and for hashing).
    ///
    /// - Throws: ``ArchiveError/invalidPath(path:problem:)`` for an unsafe or
    ///   clashing path, ``ArchiveError/invalidOptions(_:)``, or
    ///   ``ArchiveError/libarchive(operation:path:code:message:)``.
    public static func archive(_ entries: [ArchiveEntry], options: ArchiveOptions) throws(ArchiveError) -> [UInt8] {
        try options.validate()
        let plan = try ArchivePlan(entries)
        let sink = ArchiveSink()
        try TarGzWriter.encode(plan, options: options, into: sink, outputPath: nil)
        return sink.bytes
    }

    /// Writes to `path` atomically. On Linux the archive is first written to an
    /// unnamed file in the target's directory (`O_TMPFILE`), fsynced, and only
    /// then given a name: `linkat` straight to `path` when nothing is there, else
    /// a hidden `.<name>.tmp-<random>` link renamed over the old file. A crash,
    /// SIGKILL or full disk before that point leaves no file at all: the
    /// unnamed file vanishes with its descriptor. Where `O_TMPFILE` is not
    /// supported (other systems, some file systems) it writes the hidden temp
    /// file directly, fsyncs and renames; on a failure the temp file is removed
    /// and nothing exists at `path` (an existing file stays untouched until the
    /// rename), but a SIGKILL mid-write can leave that hidden temp file.
    ///
    /// Entries and options are validated before anything is created. After the
    /// rename the directory is fsynced too, on a best-effort basis (a failure
    /// there is ignored: the archive is already complete at `path`).
    ///
    /// - Parameter syncingDirectory: false leaves the folder's fsync to the caller (``syncDirectory(_:)``),
    ///   for many tarballs written into one folder: the file itself is still fsynced before it gets its name.
    public static func write(_ entries: [ArchiveEntry], to path: String, options: ArchiveOptions, syncingDirectory: Bool = true) throws(ArchiveError) {
        try write(entries, to: path, options: options, failBeforeRename: false, syncingDirectory: syncingDirectory)
    }

    /// fsyncs a folder so that names created in it are durable; best effort (errors are ignored).
    public static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }

    /// ``write(_:to:options:)`` with test hooks: `failBeforeRename` fails after the
    /// archive is complete and synced, just before it gets its name;
    /// `useUnnamedFile: false` forces the named-temp-file path.
    static func write(
        _ entries: [ArchiveEntry], to path: String, options: ArchiveOptions, failBeforeRename: Bool, useUnnamedFile: Bool = true,
        syncingDirectory: Bool = true
    ) throws(ArchiveError) {
        try options.validate()
        let plan = try ArchivePlan(entries)

        let (directory, name) = split(path)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw .io(operation: "write archive to", path: path, errno: EISDIR)
        }
        let temporary = directory + "/." + name + ".tmp-" + randomSuffix()

        var unnamed = false
        var fd: Int32 = -1
        #if os(Linux)
        if useUnnamedFile {
            fd = open(directory, linuxOTmpFile | O_WRONLY | O_CLOEXEC, 0o644)
            if fd >= 0 { unnamed = true }
            else if errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL {  // those: no O_TMPFILE here, fall back
                throw .io(operation: "create temporary file in", path: directory, errno: errno)
            }
        }
        #endif
        if !unnamed {
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .io(operation: "create temporary file", path: temporary, errno: errno) }
        }

        var fdOpen = true
        var named = !unnamed      // a name exists that must go away on failure
        var committed = false
        defer {
            if fdOpen { _ = close(fd) }          // already failing; nothing more to report
            if named && !committed { _ = unlink(temporary) }  // best effort; the error being thrown says why
        }

        let sink = ArchiveSink(fd: fd)
        try TarGzWriter.encode(plan, options: options, into: sink, outputPath: unnamed ? directory + "/(unnamed temporary file)" : temporary)
        guard fsync(fd) == 0 else { throw .io(operation: "fsync", path: unnamed ? directory : temporary, errno: errno) }
        if failBeforeRename { throw .io(operation: "rename (test hook)", path: path, errno: EIO) }
        #if os(Linux)
        if unnamed {
            // Give the unnamed file a name: directly at `path` when it is free (no window for litter at all),
            // else at the hidden temporary name, renamed over the existing file below.
            let procPath = "/proc/self/fd/\(fd)"
            if linkat(AT_FDCWD, procPath, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 {
                committed = true
            } else if errno == EEXIST {
                guard linkat(AT_FDCWD, procPath, AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0 else {
                    throw .io(operation: "link temporary file", path: temporary, errno: errno)
                }
                named = true
            } else {
                throw .io(operation: "link into place", path: path, errno: errno)
            }
        }
        #endif
        fdOpen = false
        guard close(fd) == 0 else {
            let code = errno
            if committed { _ = unlink(path) }  // linked straight into the free target: an error leaves nothing there
            throw .io(operation: "close", path: committed ? path : temporary, errno: code)
        }
        if !committed {
            guard rename(temporary, path) == 0 else { throw .io(operation: "rename into place", path: path, errno: errno) }
            committed = true
        }

        // Make the new name itself durable. Best effort, see the doc comment.
        if syncingDirectory { syncDirectory(directory) }
    }

    /// Reads a .tar.gz back: entries in archive order with path, contents,
    /// mode, uid, gid, mtime, type (regular file/directory/symlink/other).
    ///
    /// - Parameter limits: decompression-bomb guard; 1 GiB and 100,000 entries by default.
    /// - Throws: ``ArchiveError/tooLarge(limit:path:)``,
    ///   ``ArchiveError/tooManyEntries(limit:)``, or
    ///   ``ArchiveError/libarchive(operation:path:code:message:)`` for an
    ///   unreadable or damaged file.
    public static func read(path: String, limits: ArchiveReadLimits = .default) throws(ArchiveError) -> [ArchiveReadEntry] {
        try TarGzReader.read(.file(path), limits: limits)
    }

    /// Reads .tar.gz bytes from memory; see ``read(path:limits:)``.
    public static func read(bytes: [UInt8], limits: ArchiveReadLimits = .default) throws(ArchiveError) -> [ArchiveReadEntry] {
        // Array.withUnsafeBytes only rethrows untyped errors; carry the typed one out in a Result.
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ArchiveError) in try TarGzReader.read(.memory(buffer), limits: limits) }
        }
        return try result.get()
    }

    /// Splits a path into its directory (`.` when there is none) and last component.
    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    #if os(Linux)
    /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), a macro Glibc's Swift overlay does not import; the value
    /// of x86-64, arm64 and the other generic-ABI Linux architectures.
    private static let linuxOTmpFile: Int32 = 0o20000000 | O_DIRECTORY
    #endif

    /// 16 random hex digits for temporary names.
    private static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
