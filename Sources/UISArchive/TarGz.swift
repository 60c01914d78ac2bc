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

    /// Writes to `path` atomically: into a temporary file beside it (same
    /// directory, hidden name like `.<name>.tmp-<random>`), fsync, then
    /// rename(2) into place. On any failure the temp file is removed and
    /// nothing exists at `path` (an existing file at `path` stays untouched
    /// until the rename).
    ///
    /// Entries and options are validated before anything is created. After the
    /// rename the directory is fsynced too, on a best-effort basis (a failure
    /// there is ignored: the archive is already complete at `path`).
    public static func write(_ entries: [ArchiveEntry], to path: String, options: ArchiveOptions) throws(ArchiveError) {
        try write(entries, to: path, options: options, failBeforeRename: false)
    }

    /// ``write(_:to:options:)`` with a test hook that fails after the temporary
    /// file is complete and synced, just before the rename.
    static func write(
        _ entries: [ArchiveEntry], to path: String, options: ArchiveOptions, failBeforeRename: Bool
    ) throws(ArchiveError) {
        try options.validate()
        let plan = try ArchivePlan(entries)

        let (directory, name) = split(path)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw .io(operation: "write archive to", path: path, errno: EISDIR)
        }
        let temporary = directory + "/." + name + ".tmp-" + randomSuffix()

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "create temporary file", path: temporary, errno: errno) }

        var fdOpen = true
        var committed = false
        defer {
            if fdOpen { _ = close(fd) }          // already failing; nothing more to report
            if !committed { _ = unlink(temporary) }  // best effort; the error being thrown says why
        }

        let sink = ArchiveSink(fd: fd)
        try TarGzWriter.encode(plan, options: options, into: sink, outputPath: temporary)
        guard fsync(fd) == 0 else { throw .io(operation: "fsync", path: temporary, errno: errno) }
        fdOpen = false
        guard close(fd) == 0 else { throw .io(operation: "close", path: temporary, errno: errno) }
        if failBeforeRename { throw .io(operation: "rename (test hook)", path: path, errno: EIO) }
        guard rename(temporary, path) == 0 else { throw .io(operation: "rename into place", path: path, errno: errno) }
        committed = true

        // Make the rename itself durable. Best effort, see the doc comment.
        let dirFD = open(directory, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            _ = close(dirFD)
        }
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

    /// 16 random hex digits for temporary names.
    private static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
