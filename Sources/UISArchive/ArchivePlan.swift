/// The validated, sorted list of members to write: the caller's files plus a
/// directory entry for every folder, ordered by the UTF-8 bytes of the path.
struct ArchivePlan {
    /// One member of the archive to write.
    enum Member {
        /// A folder on the path of some file, written with mode 0755.
        case directory(path: String)
        /// A file; mode 0755 when `isExecutable`, else 0644.
        case file(path: String, contents: [UInt8], isExecutable: Bool)

        /// The member's path inside the archive.
        var path: String {
            switch self {
            case .directory(let path): return path
            case .file(let path, _, _): return path
            }
        }
    }

    /// Members in write order.
    let members: [Member]

    /// Maximum path length in UTF-8 bytes (Linux `PATH_MAX`).
    static let maxPathBytes = 4096
    /// Maximum component length in UTF-8 bytes (`NAME_MAX`).
    static let maxComponentBytes = 255

    /// Validates every path and builds the sorted member list.
    init(_ entries: [ArchiveEntry]) throws(ArchiveError) {
        var files: [String: ArchiveEntry] = [:]
        var directories = Set<String>()
        for entry in entries {
            let components = try Self.validate(entry.path)
            guard files.updateValue(entry, forKey: entry.path) == nil else {
                throw .invalidPath(path: entry.path, problem: .duplicate)
            }
            var prefix = ""
            for component in components.dropLast() {
                prefix = prefix.isEmpty ? String(component) : prefix + "/" + String(component)
                directories.insert(prefix)
            }
        }
        // A file may not also be a folder of another entry. Report the file path,
        // picking the byte-wise smallest for a deterministic message.
        if let clash = directories.filter({ files[$0] != nil }).min(by: Self.byteOrder) {
            throw .invalidPath(path: files[clash]!.path, problem: .fileUsedAsDirectory)
        }
        var members: [Member] = directories.map { .directory(path: $0) }
        members += files.values.map { .file(path: $0.path, contents: $0.contents, isExecutable: $0.isExecutable) }
        members.sort { Self.byteOrder($0.path, $1.path) }
        self.members = members
    }

    /// Byte order of the UTF-8 encodings (not Swift's Unicode-aware `<`).
    static func byteOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Checks one path and returns its components.
    static func validate(_ path: String) throws(ArchiveError) -> [Substring] {
        func fail(_ problem: PathProblem) -> ArchiveError { .invalidPath(path: path, problem: problem) }
        if path.isEmpty { throw fail(.empty) }
        // Character checks first: they make the clearest message.
        for byte in path.utf8 {
            switch byte {
            case 0: throw fail(.nulCharacter)
            case UInt8(ascii: "\\"): throw fail(.backslash)
            case 0x01..<0x20, 0x7F: throw fail(.controlCharacter)
            default: continue
            }
        }
        if path.utf8.first == UInt8(ascii: "/") { throw fail(.absolute) }
        if path.utf8.count > maxPathBytes { throw fail(.tooLong) }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            switch component {
            case "": throw fail(.emptyComponent)
            case ".": throw fail(.dotComponent)
            case "..": throw fail(.dotDotComponent)
            default:
                if component.utf8.count > maxComponentBytes { throw fail(.tooLong) }
            }
        }
        return components
    }
}
