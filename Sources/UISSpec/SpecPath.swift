/// Builds spec paths such as `provider.endpoints[1].field_mapping["a.b"]`.
package enum SpecPath {
    /// `parent.key`, or `parent["key"]` when the key is not a plain identifier.
    package static func child(_ parent: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
        if plain { return parent.isEmpty ? key : parent + "." + key }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return parent + "[\"" + escaped + "\"]"
    }

    /// `parent[index]`.
    package static func index(_ parent: String, _ index: Int) -> String { "\(parent)[\(index)]" }
}

/// Edit distance, for "did you mean" suggestions.
package enum Suggest {
    /// Levenshtein distance between two strings.
    package static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The closest candidate within a distance that scales with length, or nil.
    package static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word, candidate)
            if d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        guard let best else { return nil }
        let limit = max(2, min(word.count, best.0.count) / 3)
        return best.1 <= limit ? best.0 : nil
    }
}
