#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a path cannot go into an archive.
public enum PathProblem: Sendable, Hashable, CustomStringConvertible {
    /// The path is the empty string.
    case empty
    /// The path starts with `/`.
    case absolute
    /// The path has an empty component (`a//b`, or a trailing `/`).
    case emptyComponent
    /// The path has a `.` component.
    case dotComponent
    /// The path has a `..` component.
    case dotDotComponent
    /// The path contains a NUL character.
    case nulCharacter
    /// The path contains a backslash.
    case backslash
    /// The path contains a control character other than NUL (U+0001–U+001F, U+007F).
    case controlCharacter
    /// The path is longer than 4096 UTF-8 bytes, or one component is longer than 255.
    case tooLong
    /// Two entries have the same path (compared as Swift strings, so canonically
    /// equivalent Unicode spellings count as the same path).
    case duplicate
    /// The path is a file but another entry needs it to be a directory.
    case fileUsedAsDirectory

    /// Human-readable reason.
    public var description: String {
        switch self {
        case .empty: return "path is empty"
        case .absolute: return "path is absolute"
        case .emptyComponent: return "path has an empty component"
        case .dotComponent: return "path has a '.' component"
        case .dotDotComponent: return "path has a '..' component"
        case .nulCharacter: return "path contains a NUL character"
        case .backslash: return "path contains a backslash"
        case .controlCharacter: return "path contains a control character"
        case .tooLong: return "path is longer than 4096 bytes or has a component longer than 255 bytes"
        case .duplicate: return "path appears more than once"
        case .fileUsedAsDirectory: return "path is a file but other entries are inside it"
        }
    }
}

/// Everything that can go wrong while writing or reading an archive.
public enum ArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An entry's path is unsafe or clashes with another entry.
    case invalidPath(path: String, problem: PathProblem)
    /// ``ArchiveOptions`` hold an out-of-range value.
    case invalidOptions(String)
    /// A libarchive call failed. `operation` names the call, `path` the entry
    /// or file concerned (if any), `code` is the libarchive return code and
    /// `message` is `archive_error_string`.
    case libarchive(operation: String, path: String?, code: Int32, message: String)
    /// A system call on the file system failed.
    case io(operation: String, path: String, errno: Int32)
    /// Reading stopped because the archive unpacks to more than `limit` bytes
    /// (decompression bomb guard). `path` is the entry being read, if any.
    case tooLarge(limit: Int64, path: String?)
    /// Reading stopped because the archive has more than `limit` entries.
    case tooManyEntries(limit: Int)

    /// Says what failed, with the path and libarchive's or the system's message.
    public var description: String {
        switch self {
        case .invalidPath(let path, let problem):
            return "archive: unsafe path \(quoted(path)): \(problem)"
        case .invalidOptions(let message):
            return "archive: invalid options: \(message)"
        case .libarchive(let operation, let path, let code, let message):
            let at = path.map { " for \(quoted($0))" } ?? ""
            return "archive: \(operation) failed\(at) (code \(code)): \(message)"
        case .io(let operation, let path, let code):
            return "archive: \(operation) \(quoted(path)) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .tooLarge(let limit, let path):
            let at = path.map { " at \(quoted($0))" } ?? ""
            return "archive: refusing to unpack more than \(limit) bytes\(at) (possible decompression bomb)"
        case .tooManyEntries(let limit):
            return "archive: refusing to read more than \(limit) entries"
        }
    }
}

/// Quotes a path for messages, escaping control characters so they stay visible.
private func quoted(_ s: String) -> String {
    var out = "'"
    for scalar in s.unicodeScalars {
        if scalar.value < 0x20 || scalar.value == 0x7F {
            out += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out + "'"
}
