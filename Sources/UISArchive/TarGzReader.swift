import CLibArchive

/// Caps applied while reading, to survive hostile or broken archives.
public struct ArchiveReadLimits: Sendable, Hashable {
    /// Most bytes the archive may unpack to: file contents, and separately the
    /// whole uncompressed tar stream (headers, padding, skipped data).
    public var maxUncompressedBytes: Int64
    /// Most members the archive may have.
    public var maxEntries: Int

    /// Creates limits.
    public init(maxUncompressedBytes: Int64 = 1 << 30, maxEntries: Int = 100_000) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxEntries = maxEntries
    }

    /// 1 GiB of uncompressed data, 100,000 entries.
    public static let `default` = ArchiveReadLimits()
}

/// The libarchive read side.
enum TarGzReader {
    /// Where to read from.
    enum Source {
        /// The archive file at this path.
        case file(String)
        /// Archive bytes in memory.
        case memory(UnsafeRawBufferPointer)
    }

    /// Reads every member in archive order.
    static func read(_ source: Source, limits: ArchiveReadLimits) throws(ArchiveError) -> [ArchiveReadEntry] {
        // Under a UTF-8 LC_CTYPE libarchive can hand out UTF-8 names for
        // headers in any charset; without one, names fall back to raw bytes.
        if let entries = try UTF8Locale.run({ () throws(ArchiveError) in try readInCurrentLocale(source, limits: limits) }) {
            return entries
        }
        return try readInCurrentLocale(source, limits: limits)
    }

    /// ``read(_:limits:)`` without the locale switch.
    private static func readInCurrentLocale(_ source: Source, limits: ArchiveReadLimits) throws(ArchiveError) -> [ArchiveReadEntry] {
        let sourcePath: String? = if case .file(let path) = source { path } else { nil }
        guard let a = archive_read_new() else {
            throw .libarchive(operation: "archive_read_new", path: sourcePath, code: ARCHIVE_FATAL, message: "out of memory")
        }
        // One owner: this function. Entries returned by archive_read_next_header
        // belong to the handle and are not freed separately.
        defer { _ = archive_read_free(a) }

        func failure(_ rc: Int32, _ operation: String, _ path: String?) -> ArchiveError {
            .libarchive(operation: operation, path: path, code: rc, message: errorString(a))
        }

        // gzip (and, harmlessly, uncompressed tar: libarchive always falls back
        // to the pass-through filter). ARCHIVE_WARN here means "no zlib, will
        // run an external gzip program", which still reads correctly.
        let gzip = archive_read_support_filter_gzip(a)
        guard gzip == ARCHIVE_OK || gzip == ARCHIVE_WARN else {
            throw failure(gzip, "archive_read_support_filter_gzip", sourcePath)
        }
        let tar = archive_read_support_format_tar(a)
        guard tar == ARCHIVE_OK else { throw failure(tar, "archive_read_support_format_tar", sourcePath) }

        let opened: Int32
        switch source {
        case .file(let path):
            opened = archive_read_open_filename(a, path, 64 * 1024)
        case .memory(let buffer):
            // libarchive wants a non-null pointer even for empty input.
            var empty: UInt8 = 0
            opened = withUnsafeMutablePointer(to: &empty) { fallback in
                archive_read_open_memory(a, buffer.baseAddress ?? UnsafeRawPointer(fallback), buffer.count)
            }
        }
        guard opened == ARCHIVE_OK else { throw failure(opened, "archive_read_open", sourcePath) }

        var result: [ArchiveReadEntry] = []
        var totalContentBytes: Int64 = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var header: OpaquePointer?
            let rc = archive_read_next_header(a, &header)
            switch rc {
            case ARCHIVE_EOF:
                return result
            case ARCHIVE_OK, ARCHIVE_WARN:
                // WARN: header read, but something in it was odd (e.g. a name
                // in an unknown charset). The entry is still usable.
                break
            default:
                // RETRY does not happen for memory or regular files; treat it,
                // FAILED and FATAL as the end of the road.
                throw failure(rc, "archive_read_next_header", sourcePath ?? result.last?.path)
            }
            guard let header else { throw failure(rc, "archive_read_next_header", sourcePath) }
            guard result.count < limits.maxEntries else { throw .tooManyEntries(limit: limits.maxEntries) }

            var entry = describe(header)
            if archive_filter_bytes(a, 0) > limits.maxUncompressedBytes {
                throw .tooLarge(limit: limits.maxUncompressedBytes, path: entry.path)
            }
            if entry.type == .regularFile {
                if archive_entry_size_is_set(header) != 0,
                   archive_entry_size(header) > limits.maxUncompressedBytes - totalContentBytes {
                    throw .tooLarge(limit: limits.maxUncompressedBytes, path: entry.path)
                }
                var contents: [UInt8] = []
                if archive_entry_size_is_set(header) != 0 {
                    contents.reserveCapacity(Int(archive_entry_size(header)))
                }
                while true {
                    let n = chunk.withUnsafeMutableBytes { archive_read_data(a, $0.baseAddress, $0.count) }
                    if n == 0 { break }
                    // Any negative result (WARN, RETRY, FAILED, FATAL) is a damaged member.
                    guard n > 0 else { throw failure(Int32(truncatingIfNeeded: n), "archive_read_data", entry.path) }
                    totalContentBytes += Int64(n)
                    guard totalContentBytes <= limits.maxUncompressedBytes else {
                        throw .tooLarge(limit: limits.maxUncompressedBytes, path: entry.path)
                    }
                    contents.append(contentsOf: chunk[0..<n])
                }
                entry.contents = contents
            }
            result.append(entry)
        }
    }

    /// Metadata of the current header (contents are filled in by the caller).
    private static func describe(_ header: OpaquePointer) -> ArchiveReadEntry {
        let fileType = UInt32(archive_entry_filetype(header)) & FileMode.typeMask
        let type: ArchiveEntryType
        switch fileType {
        case FileMode.regular: type = archive_entry_hardlink(header) == nil ? .regularFile : .other(fileTypeBits: fileType)
        case FileMode.directory: type = .directory
        case FileMode.symlink: type = .symlink
        default: type = .other(fileTypeBits: fileType)
        }
        var path = string(archive_entry_pathname_utf8(header)) ?? string(archive_entry_pathname(header)) ?? ""
        if type == .directory, path.utf8.count > 1, path.hasSuffix("/") { path.removeLast() }
        let linkTarget: String? =
            if archive_entry_hardlink(header) != nil {
                string(archive_entry_hardlink_utf8(header)) ?? string(archive_entry_hardlink(header))
            } else if type == .symlink {
                string(archive_entry_symlink_utf8(header)) ?? string(archive_entry_symlink(header))
            } else {
                nil
            }
        return ArchiveReadEntry(
            path: path,
            type: type,
            contents: [],
            mode: UInt32(archive_entry_perm(header)) & 0o7777,
            uid: archive_entry_uid(header),
            gid: archive_entry_gid(header),
            userName: string(archive_entry_uname_utf8(header)) ?? string(archive_entry_uname(header)),
            groupName: string(archive_entry_gname_utf8(header)) ?? string(archive_entry_gname(header)),
            modificationTime: Int64(archive_entry_mtime(header)),
            linkTarget: linkTarget)
    }

    /// Decodes a C string as UTF-8 (`String(cString:)` turns invalid sequences into U+FFFD).
    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
