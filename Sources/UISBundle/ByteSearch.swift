#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// Whether `needle`'s UTF-8 bytes occur in this text's UTF-8 bytes: the same answer as Foundation's
    /// `contains(_:)` for the ASCII needles the self-check looks for (`{{`, `${`, `{{name}}`, `SET …`),
    /// without bridging megabytes of generated SQL to UTF-16 for every search.
    func containsBytes(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        let pin = Array(needle.utf8)
        if let found = utf8.withContiguousStorageIfAvailable({ ByteSearch.contains($0, pin) }) { return found }
        return Array(utf8).withUnsafeBufferPointer { ByteSearch.contains($0, pin) }
    }
}

enum ByteSearch {
    /// memchr for the first byte, memcmp for the rest.
    static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ pin: [UInt8]) -> Bool {
        guard let base = hay.baseAddress, !pin.isEmpty, pin.count <= hay.count else { return pin.isEmpty }
        let last = hay.count - pin.count
        var i = 0
        return pin.withUnsafeBufferPointer { needle in
            while i <= last {
                guard let hit = memchr(base + i, Int32(needle[0]), last - i + 1) else { return false }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return true }
                i = at + 1
            }
            return false
        }
    }
}
