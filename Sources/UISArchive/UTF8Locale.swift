#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs libarchive work with the calling thread's `LC_CTYPE` set to UTF-8.
///
/// libarchive converts names between UTF-8 and "the current locale". Swift
/// programs run in the C locale, where that conversion fails for non-ASCII
/// names (and libarchive 3.6's pax writer then dereferences a NULL name).
/// `uselocale(3)` changes the locale of this thread only, and it is restored
/// before returning, so no process-wide state is touched. The body must not
/// suspend (it is synchronous), so it cannot hop threads.
enum UTF8Locale {
    /// Candidate UTF-8 locale names, most portable first.
    private static let names = ["C.UTF-8", "C.utf8", "en_US.UTF-8", "UTF-8"]

    private static func make() -> locale_t? {
        for name in names {
            if let locale = newlocale(LC_CTYPE_MASK, name, nil) { return locale }
        }
        return nil
    }

    /// The UTF-8 locale object, made once per process and never freed (a batch wrote a tarball per
    /// spec, each creating and freeing its own); immutable, shared by every thread's `uselocale`.
    private struct Shared: @unchecked Sendable { let locale: locale_t? }
    private static let shared = Shared(locale: make())

    /// Runs `body` under a thread-local UTF-8 `LC_CTYPE`; returns `nil` without
    /// running it when no UTF-8 locale exists on this system.
    static func run<R>(_ body: () throws(ArchiveError) -> R) throws(ArchiveError) -> R? {
        guard let locale = shared.locale else { return nil }
        let previous = uselocale(locale)
        defer { _ = uselocale(previous) }
        return try body()
    }
}
