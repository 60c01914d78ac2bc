import CLibArchive

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File type and permission bits (`AE_IF*` are C macros with casts, which
/// Swift does not import).
enum FileMode {
    /// `S_IFMT`: the bits that hold the file type.
    static let typeMask: UInt32 = 0o170000
    /// `S_IFREG`: a regular file.
    static let regular: UInt32 = 0o100000
    /// `S_IFDIR`: a directory.
    static let directory: UInt32 = 0o040000
    /// `S_IFLNK`: a symbolic link.
    static let symlink: UInt32 = 0o120000
}

/// Where libarchive's output goes: memory, or a file descriptor. Owned by one
/// `encode` call and handed to libarchive as the write callback's client data.
final class ArchiveSink {
    /// Collected output when writing to memory.
    private(set) var bytes: [UInt8] = []
    /// Output descriptor, or nil for memory.
    private let fd: Int32?
    /// `errno` of the first failed `write(2)`, 0 if none.
    private(set) var failedErrno: Int32 = 0

    /// A sink that collects bytes in memory.
    init() { fd = nil }
    /// A sink that writes to `fd` (not closed by the sink).
    init(fd: Int32) { self.fd = fd }

    /// Takes `count` bytes from libarchive; returns `count`, or -1 on failure.
    func write(_ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        guard let fd else {
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: count))
            return count
        }
        var done = 0
        while done < count {
            #if canImport(Glibc)
            let n = Glibc.write(fd, buffer + done, count - done)
            #elseif canImport(Musl)
            let n = Musl.write(fd, buffer + done, count - done)
            #else
            let n = Darwin.write(fd, buffer + done, count - done)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                failedErrno = errno
                return -1
            }
            done += n
        }
        return count
    }
}

/// The write side: libarchive writes the tar into memory, libdeflate gzips it, and the result goes
/// to `sink` in one piece. Output is byte-for-byte the same whether it goes to memory or to a file.
enum TarGzWriter {
    /// Owner written for every member.
    static let ownerName = "root"

    /// Encodes `plan` as a gzip-compressed pax-restricted tar into `sink`.
    ///
    /// - Parameter outputPath: names the file in I/O errors (nil for memory).
    static func encode(
        _ plan: ArchivePlan, options: ArchiveOptions, into sink: ArchiveSink, outputPath: String?
    ) throws(ArchiveError) {
        try options.validate()
        let tar = ArchiveSink()
        let done: Void? = try UTF8Locale.run { () throws(ArchiveError) in
            try encodeInCurrentLocale(plan, options: options, into: tar)
        }
        if done == nil {
            // No UTF-8 locale on this system: ASCII names are still safe.
            if let path = plan.members.map(\.path).first(where: { !$0.utf8.allSatisfy { $0 < 0x80 } }) {
                throw .libarchive(operation: "newlocale(UTF-8)", path: path, code: ARCHIVE_FATAL,
                                  message: "no UTF-8 locale on this system, so non-ASCII names cannot be written")
            }
            try encodeInCurrentLocale(plan, options: options, into: tar)
        }
        let gzip = try gzip(tar.bytes, level: options.compressionLevel)
        let written = gzip.withUnsafeBytes { raw in raw.isEmpty ? 0 : sink.write(raw.baseAddress!, raw.count) }
        if written < 0, let outputPath {
            throw .io(operation: "write", path: outputPath, errno: sink.failedErrno)
        }
    }

    /// `bytes` as one gzip member (RFC 1952: no name, MTIME 0) at `level`, by libdeflate.
    static func gzip(_ bytes: [UInt8], level: Int) throws(ArchiveError) -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(Int32(level)) else {
            throw .libarchive(operation: "libdeflate_alloc_compressor", path: nil, code: ARCHIVE_FATAL, message: "out of memory or bad level \(level)")
        }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_gzip_compress_bound(compressor, bytes.count)
        var out = [UInt8](repeating: 0, count: bound)
        let size = bytes.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { output in
                libdeflate_gzip_compress(compressor, input.baseAddress, input.count, output.baseAddress, output.count)
            }
        }
        // the bound is an upper bound: 0 (does not fit) cannot happen
        guard size > 0 else {
            throw .libarchive(operation: "libdeflate_gzip_compress", path: nil, code: ARCHIVE_FATAL, message: "output did not fit its bound")
        }
        out.removeSubrange(size...)
        return out
    }

    /// The uncompressed tar of `plan` into the memory sink `sink`, without the locale switch.
    private static func encodeInCurrentLocale(
        _ plan: ArchivePlan, options: ArchiveOptions, into sink: ArchiveSink
    ) throws(ArchiveError) {
        guard let a = archive_write_new() else {
            throw .libarchive(operation: "archive_write_new", path: nil, code: ARCHIVE_FATAL, message: "out of memory")
        }
        // One owner: this function. archive_write_free also closes the handle
        // if an error left it open; its result is irrelevant on that path, and
        // on the success path archive_write_close below has already reported.
        defer { _ = archive_write_free(a) }

        /// Maps a failed libarchive call to an error; a failed write(2) in the
        /// sink takes precedence because it says more than libarchive can.
        func failure(_ rc: Int32, _ operation: String, _ path: String?) -> ArchiveError {
            .libarchive(operation: operation, path: path, code: rc, message: errorString(a))
        }
        /// Only ARCHIVE_OK is accepted. ARCHIVE_WARN on the write side means
        /// something was stored lossily (e.g. a name that could not be
        /// converted), which would break exactness, so it is an error too.
        func check(_ rc: Int32, _ operation: String, _ path: String? = nil) throws(ArchiveError) {
            guard rc == ARCHIVE_OK else { throw failure(rc, operation, path) }
        }

        try check(archive_write_set_format_pax_restricted(a), "archive_write_set_format_pax_restricted")
        try check(archive_write_add_filter_none(a), "archive_write_add_filter_none")
        try check(archive_write_set_bytes_per_block(a, 10240), "archive_write_set_bytes_per_block")
        // Do not pad the tar to a whole 10 KiB record: it ends after its two zero blocks.
        try check(archive_write_set_bytes_in_last_block(a, 1), "archive_write_set_bytes_in_last_block")

        let context = Unmanaged.passUnretained(sink).toOpaque()
        try check(archive_write_open2(a, context, nil, { _, context, buffer, count in
            guard count > 0 else { return 0 }
            guard let context, let buffer else { return -1 }
            return Unmanaged<ArchiveSink>.fromOpaque(context).takeUnretainedValue().write(buffer, count)
        }, nil, nil), "archive_write_open2")

        // `sink` must outlive the handle; it does, as a parameter of this call.
        try withExtendedLifetime(sink) { () throws(ArchiveError) in
            for member in plan.members {
                try writeMember(member, to: a, mtime: options.modificationTime, check: check, failure: failure)
            }
            try check(archive_write_close(a), "archive_write_close")
        }
    }

    /// Writes one header (and its data) with fresh entry metadata.
    private static func writeMember(
        _ member: ArchivePlan.Member, to a: OpaquePointer, mtime: Int64,
        check: (Int32, String, String?) throws(ArchiveError) -> Void,
        failure: (Int32, String, String?) -> ArchiveError
    ) throws(ArchiveError) {
        guard let entry = archive_entry_new() else {
            throw .libarchive(operation: "archive_entry_new", path: member.path, code: ARCHIVE_FATAL, message: "out of memory")
        }
        defer { archive_entry_free(entry) }

        // Only what is set here reaches the header: no atime/ctime/birthtime,
        // xattrs or ACLs, so pax_restricted never emits time records for them.
        // Directories get their trailing "/" here: left to the pax writer, it
        // would append it through the locale's multibyte form, which fails for
        // non-ASCII names in the C locale Swift programs run in.
        switch member {
        case .directory(let path): archive_entry_set_pathname_utf8(entry, path + "/")
        case .file(let path, _, _): archive_entry_set_pathname_utf8(entry, path)
        }
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        archive_entry_set_uname_utf8(entry, ownerName)
        archive_entry_set_gname_utf8(entry, ownerName)
        archive_entry_set_mtime(entry, time_t(mtime), 0)

        switch member {
        case .directory:
            archive_entry_set_filetype(entry, FileMode.directory)
            archive_entry_set_perm(entry, 0o755)
            archive_entry_set_size(entry, 0)
            try check(archive_write_header(a, entry), "archive_write_header", member.path)
        case .file(let path, let contents, let isExecutable):
            archive_entry_set_filetype(entry, FileMode.regular)
            archive_entry_set_perm(entry, isExecutable ? 0o755 : 0o644)
            archive_entry_set_size(entry, Int64(contents.count))
            try check(archive_write_header(a, entry), "archive_write_header", path)
            // Array.withUnsafeBytes only rethrows untyped errors; return the failure instead.
            let dataFailure: ArchiveError? = contents.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = archive_write_data(a, raw.baseAddress! + offset, raw.count - offset)
                    guard n > 0 else { return failure(Int32(truncatingIfNeeded: n), "archive_write_data", path) }
                    offset += n
                }
                return nil
            }
            if let dataFailure { throw dataFailure }
        }
        try check(archive_write_finish_entry(a), "archive_write_finish_entry", member.path)
    }
}

/// `archive_error_string`, or a placeholder when libarchive has none.
func errorString(_ a: OpaquePointer) -> String {
    guard let message = archive_error_string(a) else { return "(no message from libarchive)" }
    return String(cString: message)
}
