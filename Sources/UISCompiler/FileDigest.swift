import Crypto

/// SHA-256 (FIPS 180-4) of files and specs, for the bundle manifest and the spec digest: swift-crypto's, which uses the
/// CPU's SHA extensions where present (a batch hashes every file of every bundle; the portable Swift
/// implementation this replaced was the largest single item of a batch profile).
package enum FileDigest {
    /// The digest of `bytes`.
    package static func sha256<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = Crypto.SHA256()
        let done: Void? = bytes.withContiguousStorageIfAvailable { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        if done == nil { hasher.update(data: Array(bytes)) }
        return Array(hasher.finalize())
    }

    /// Lowercase hex of the digest.
    package static func sha256Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in sha256(bytes) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
