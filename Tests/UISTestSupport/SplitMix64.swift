/// A small, fast, seeded random number generator (Steele, Lea and Flood's SplitMix64).
///
/// The same seed gives the same sequence on every platform and every run, so a fuzz or
/// property test that fails can be replayed from its seed alone. Seeds the tests use are
/// part of their meaning: do not change `next()`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's whole state; each call to `next()` advances it by the golden-ratio gamma.
    public var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (`next() % n`); 0, without drawing, when `n` is 0 or less.
    public mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

    /// A number in `range` (`lowerBound + next() % count`).
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    /// True or false, from the lowest bit of `next()`.
    public mutating func bool() -> Bool { next() & 1 == 0 }

    /// One of `items`, chosen with `below(items.count)`; `items` must not be empty.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
