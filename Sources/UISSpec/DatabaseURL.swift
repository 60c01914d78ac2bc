/// A `postgres://` or `mysql://` base URL split into its parts.
package struct DatabaseURL: Sendable, Hashable {
    /// `postgres` or `mysql`.
    package var kind: Kind
    /// The host name or address (any `user@` dropped).
    package var host: String
    /// The port: the one written, else 5432 for PostgreSQL and 3306 for MySQL.
    package var port: Int
    /// The database name (the path, without a query).
    package var database: String

    /// The database engine.
    package enum Kind: String, Sendable { case postgres, mysql }

    /// Parses `postgres://host[:port]/db` (also `postgresql://`) or `mysql://host[:port]/db`.
    package init?(_ text: String) {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("postgres://") { kind = .postgres; rest = text.dropFirst("postgres://".count) }
        else if lower.hasPrefix("postgresql://") { kind = .postgres; rest = text.dropFirst("postgresql://".count) }
        else if lower.hasPrefix("mysql://") { kind = .mysql; rest = text.dropFirst("mysql://".count) }
        else { return nil }
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        var hostPort = rest[..<slash]
        if let at = hostPort.lastIndex(of: "@") { hostPort = hostPort[hostPort.index(after: at)...] }
        let db = rest[rest.index(after: slash)...].split(separator: "?").first.map(String.init) ?? ""
        guard !db.isEmpty, !db.contains("/") else { return nil }
        if let colon = hostPort.lastIndex(of: ":") {
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else { return nil }
            host = String(hostPort[..<colon]); port = p
        } else {
            host = String(hostPort); port = kind == .postgres ? 5432 : 3306
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace }) else { return nil }
        database = db
    }
}
