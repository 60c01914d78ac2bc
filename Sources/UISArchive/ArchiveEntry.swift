/// One regular file to put into an archive.
///
/// Parent directories are not listed by callers: ``TarGz`` adds an entry for
/// every folder that appears in a path.
public struct ArchiveEntry: Sendable, Hashable {
    /// Relative path inside the archive, `/`-separated, e.g.
    /// `realtime-analytics/k8s/flinkdeployment.yaml`.
    ///
    /// Must be non-empty and relative, with no empty, `.` or `..` components,
    /// no backslash, NUL or other control characters; see ``PathProblem``.
    public var path: String
    /// The file's bytes, stored verbatim.
    public var contents: [UInt8]
    /// `true` stores the file with mode `0755`, `false` with `0644`.
    public var isExecutable: Bool

    /// Creates an entry for a regular file.
    public init(path: String, contents: [UInt8], isExecutable: Bool = false) {
        self.path = path
        self.contents = contents
        self.isExecutable = isExecutable
    }

    /// Creates an entry whose contents are the UTF-8 bytes of `text`.
    public init(path: String, text: String, isExecutable: Bool = false) {
        self.init(path: path, contents: Array(text.utf8), isExecutable: isExecutable)
    }
}

/// What kind of file system object an archive member describes.
public enum ArchiveEntryType: Sendable, Hashable, CustomStringConvertible {
    /// A regular file (contents are in ``ArchiveReadEntry/contents``).
    case regularFile
    /// A directory.
    case directory
    /// A symbolic link (target in ``ArchiveReadEntry/linkTarget``).
    case symlink
    /// Anything else (hard link, device, FIFO, socket), with the raw
    /// `S_IFMT` bits of its mode.
    case other(fileTypeBits: UInt32)

    /// `file`, `directory`, `symlink` or `other(0o…)`.
    public var description: String {
        switch self {
        case .regularFile: return "file"
        case .directory: return "directory"
        case .symlink: return "symlink"
        case .other(let bits): return "other(0o\(String(bits, radix: 8)))"
        }
    }
}

/// One member of an archive as read back by ``TarGz/read(path:limits:)`` or
/// ``TarGz/read(bytes:limits:)``.
public struct ArchiveReadEntry: Sendable, Hashable {
    /// Path as stored in the archive, decoded as UTF-8. A trailing `/` (which
    /// tar uses to mark directories) is removed, so a directory written for
    /// `a/b/file` reads back as `a` and `a/b`.
    public var path: String
    /// Regular file, directory, symlink or other.
    public var type: ArchiveEntryType
    /// The file's bytes; empty for anything but regular files.
    public var contents: [UInt8]
    /// Permission bits only (e.g. `0o644`), without the file type bits.
    public var mode: UInt32
    /// Numeric owner.
    public var uid: Int64
    /// Numeric group.
    public var gid: Int64
    /// Owner name, or `nil` when the archive stores none.
    public var userName: String?
    /// Group name, or `nil` when the archive stores none.
    public var groupName: String?
    /// Modification time in seconds since the Unix epoch.
    public var modificationTime: Int64
    /// Symlink or hard link target, `nil` for other entries.
    public var linkTarget: String?

    /// Creates a read entry (mostly useful for tests).
    public init(
        path: String, type: ArchiveEntryType, contents: [UInt8], mode: UInt32,
        uid: Int64, gid: Int64, userName: String?, groupName: String?,
        modificationTime: Int64, linkTarget: String?
    ) {
        self.path = path
        self.type = type
        self.contents = contents
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.userName = userName
        self.groupName = groupName
        self.modificationTime = modificationTime
        self.linkTarget = linkTarget
    }
}
