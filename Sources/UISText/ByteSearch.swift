#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// Whether `needle`'s UTF-8 bytes occur in this text's UTF-8 bytes: the same answer as Foundation's
    /// `contains(_:)` for the ASCII needles the generators look for (`{{`, `${`, `{{name}}`, `SET …`),
    /// without bridging megabytes of generated SQL to UTF-16 for every search.
    package func containsBytes(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        let pin = Array(needle.utf8)
        if let found = utf8.withContiguousStorageIfAvailable({ ByteSearch.firstIndex($0, pin, from: 0) != nil }) { return found }
        return Array(utf8).withUnsafeBufferPointer { ByteSearch.firstIndex($0, pin, from: 0) != nil }
    }

    /// Every occurrence of `target`'s UTF-8 bytes replaced by `replacement`, left to right without
    /// overlaps. Unlike Foundation's `replacingOccurrences(of:with:)` it matches bytes, not characters:
    /// a `'` followed by a combining mark is still a `'` to bash, SQL and YAML, so escapers must see it.
    package func replacingBytes(_ target: String, with replacement: String) -> String {
        let pin = Array(target.utf8)
        guard !pin.isEmpty else { return String(self) }
        func work(_ hay: UnsafeBufferPointer<UInt8>) -> String? {
            guard var hit = ByteSearch.firstIndex(hay, pin, from: 0) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(hay.count + Swift.max(0, replacement.utf8.count - pin.count) * 4)
            var from = 0
            while true {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: hay[from..<hit]))
                out.append(contentsOf: replacement.utf8)
                from = hit + pin.count
                guard let next = ByteSearch.firstIndex(hay, pin, from: from) else { break }
                hit = next
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: hay[from...]))
            return String(decoding: out, as: UTF8.self)
        }
        if let result = utf8.withContiguousStorageIfAvailable({ work($0) }) { return result ?? String(self) }
        return Array(utf8).withUnsafeBufferPointer { work($0) } ?? String(self)
    }
}

extension String {
    /// The text with `0`s before it up to `width` characters (hex and decimal fields: `7` → `007`).
    package func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

/// memchr for the first byte, memcmp for the rest.
package enum ByteSearch {
    /// The offset of the first `pin` at or after `from`.
    package static func firstIndex(_ hay: UnsafeBufferPointer<UInt8>, _ pin: [UInt8], from: Int) -> Int? {
        guard let base = hay.baseAddress, !pin.isEmpty, from + pin.count <= hay.count else { return nil }
        let last = hay.count - pin.count
        var i = from
        return pin.withUnsafeBufferPointer { needle in
            while i <= last {
                guard let hit = memchr(base + i, Int32(needle[0]), last - i + 1) else { return nil }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return at }
                i = at + 1
            }
            return nil
        }
    }
}
