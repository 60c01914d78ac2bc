#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How ``TarGz`` writes an archive.
public struct ArchiveOptions: Sendable, Hashable {
    /// Modification time, in seconds since the Unix epoch, stored for every
    /// entry (files and directories). Must be within ``validModificationTimes``
    /// so it fits a plain ustar header and never needs a pax time record.
    public var modificationTime: Int64
    /// gzip compression level, `1...9`.
    public var compressionLevel: Int

    /// gzip level used unless told otherwise.
    ///
    /// Measured with `UIS_ARCHIVE_BENCH=1 swift test -c release -Xswiftc -enable-testing
    /// --filter CompressionBenchmark` on the test corpus (40 SQL/YAML/JSON/
    /// Markdown/shell-like text files, 1–20 KB each, 398,231 bytes in total),
    /// median of 30 in-memory runs per level, 3 separate runs, 2-vCPU AMD EPYC
    /// VM, libarchive 3.6.2, zlib 1.2.13:
    ///
    /// | level | size (bytes) | of input | median time  |
    /// |-------|--------------|----------|--------------|
    /// | 1     | 87,375       | 21.9%    | 2.9–4.2 ms   |
    /// | 6     | 70,267       | 17.6%    | 8.9–11.5 ms  |
    /// | 9     | 68,101       | 17.1%    | 15.2–17.8 ms |
    ///
    /// Level 6 is 20% smaller than level 1 for a few milliseconds more; level 9
    /// saves only another 3% at about 1.6 times the time of level 6. So: 6,
    /// which is also zlib's and `gzip`'s own default.
    public static let defaultCompressionLevel = 6

    /// Times that fit an 11-digit octal ustar `mtime` field: 0 ... 8^11 - 1
    /// (1970 to the year 2242).
    public static let validModificationTimes: ClosedRange<Int64> = 0...0o77777777777

    /// Creates options with an explicit time and level.
    ///
    /// - Parameters:
    ///   - modificationTime: fixed mtime for every entry; `0` by default. Use
    ///     ``fromEnvironment()`` to honour `SOURCE_DATE_EPOCH`.
    ///   - compressionLevel: gzip level `1...9`; ``defaultCompressionLevel`` by default.
    public init(modificationTime: Int64 = 0, compressionLevel: Int = ArchiveOptions.defaultCompressionLevel) {
        self.modificationTime = modificationTime
        self.compressionLevel = compressionLevel
    }

    /// The default options for a run: `modificationTime` is
    /// `SOURCE_DATE_EPOCH` from the process environment when it is set and
    /// valid (see ``sourceDateEpoch(_:)``), else `0`; the default level.
    public static func fromEnvironment() -> ArchiveOptions {
        let raw = getenv("SOURCE_DATE_EPOCH").map { String(cString: $0) }
        return ArchiveOptions(modificationTime: sourceDateEpoch(raw) ?? 0)
    }

    /// Same as ``fromEnvironment()`` but reads `SOURCE_DATE_EPOCH` from the
    /// given dictionary instead of the process environment.
    public static func fromEnvironment(_ environment: [String: String]) -> ArchiveOptions {
        ArchiveOptions(modificationTime: sourceDateEpoch(environment["SOURCE_DATE_EPOCH"]) ?? 0)
    }

    /// Parses a `SOURCE_DATE_EPOCH` value: ASCII decimal digits only (no sign,
    /// no spaces), within ``validModificationTimes``. Returns `nil` for
    /// anything else, including `nil`.
    public static func sourceDateEpoch(_ value: String?) -> Int64? {
        guard let value, !value.isEmpty, value.utf8.count <= 19,
              value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let seconds = Int64(value), validModificationTimes.contains(seconds)
        else { return nil }
        return seconds
    }

    /// Throws ``ArchiveError/invalidOptions(_:)`` when a value is out of range.
    func validate() throws(ArchiveError) {
        guard (1...9).contains(compressionLevel) else {
            throw .invalidOptions("compression level \(compressionLevel) is not in 1...9")
        }
        guard Self.validModificationTimes.contains(modificationTime) else {
            throw .invalidOptions(
                "modification time \(modificationTime) is not in \(Self.validModificationTimes.lowerBound)...\(Self.validModificationTimes.upperBound)")
        }
    }
}
