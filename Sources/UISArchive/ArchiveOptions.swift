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
    /// Measured on real bundles with libdeflate 1.14 (the compressor since it replaced libarchive's
    /// zlib filter; 2-vCPU VM, median of 15, in memory): a typical small bundle (133,120 bytes of tar)
    /// compresses to 29,905 bytes in 0.48 ms at level 1, 27,469 bytes in 1.41 ms at level 6 and 27,383
    /// bytes in 3.82 ms at level 9 (zlib 1.2.13: 32,466 bytes in 0.87 ms at 1, 27,443 in 2.27 ms at 6);
    /// the 1,000-endpoint benchmark bundle (4.3 MB of tar) to 127,111 bytes in 5.0 ms at level 1,
    /// 106,420 bytes in 11 ms at 6 and 101,053 bytes in 66 ms at 9. Level 1 is three times faster
    /// than level 6 for tarballs 2.4 KB (9%) larger, and compression is a large share of the CPU time
    /// of bundling a small spec, which CI does hundreds of times per template change: so 1. (Measured
    /// with a small C program over `tar cf` of `uis-gen render` output; the figures are in the README.)
    /// The level is part of the bytes: changing it changes every tarball.
    public static let defaultCompressionLevel = 1

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
