/// A Flink SQL data type, parsed from the text a spec gives (`DECIMAL(10, 2)`, `ARRAY<ROW<a INT>>`).
/// `sql` renders it back in canonical form with every row field name back-quoted.
public indirect enum FlinkType: Sendable, Hashable {
    /// A type without children: `INT`, `VARCHAR(10)`, `TIMESTAMP(3) WITH LOCAL TIME ZONE`, …
    case primitive(name: String, parameters: [Int], suffix: String, nullable: Bool)
    /// `ARRAY<t>`.
    case array(FlinkType, nullable: Bool)
    /// `MULTISET<t>`.
    case multiset(FlinkType, nullable: Bool)
    /// `MAP<k, v>`.
    case map(FlinkType, FlinkType, nullable: Bool)
    /// `ROW<name type, …>`.
    case row([RowField], nullable: Bool)

    /// One field of a ROW type.
    public struct RowField: Sendable, Hashable {
        /// Field name (any characters).
        public var name: String
        /// Field type.
        public var type: FlinkType
        /// Optional description literal.
        public var description: String?
    }

    /// Every keyword a type can start with (the JSON Schema uses it to flag unknown type names).
    public static let typeKeywords = [
        "CHAR", "VARCHAR", "STRING", "BINARY", "VARBINARY", "BYTES", "BOOLEAN", "TINYINT", "SMALLINT", "INT", "INTEGER",
        "BIGINT", "FLOAT", "DOUBLE", "DECIMAL", "DEC", "NUMERIC", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP_LTZ",
        "INTERVAL", "ARRAY", "MULTISET", "MAP", "ROW",
    ]

    /// `STRING`, the type of a field the spec does not list.
    public static let string = FlinkType.primitive(name: "STRING", parameters: [], suffix: "", nullable: true)

    /// Canonical SQL text.
    public var sql: String {
        switch self {
        case let .primitive(name, parameters, suffix, nullable):
            var text = name
            if !parameters.isEmpty { text += "(" + parameters.map(String.init).joined(separator: ", ") + ")" }
            if !suffix.isEmpty { text += " " + suffix }
            return text + (nullable ? "" : " NOT NULL")
        case let .array(element, nullable):
            return "ARRAY<\(element.sql)>" + (nullable ? "" : " NOT NULL")
        case let .multiset(element, nullable):
            return "MULTISET<\(element.sql)>" + (nullable ? "" : " NOT NULL")
        case let .map(key, value, nullable):
            return "MAP<\(key.sql), \(value.sql)>" + (nullable ? "" : " NOT NULL")
        case let .row(fields, nullable):
            let inner = fields.map { field in
                var text = "`" + field.name.replacingOccurrences(of: "`", with: "``") + "` " + field.type.sql
                if let description = field.description {
                    text += " '" + description.replacingOccurrences(of: "'", with: "''") + "'"
                }
                return text
            }.joined(separator: ", ")
            return "ROW<\(inner)>" + (nullable ? "" : " NOT NULL")
        }
    }

    /// True for types without NOT NULL.
    public var isNullable: Bool {
        switch self {
        case let .primitive(_, _, _, nullable), let .array(_, nullable), let .multiset(_, nullable),
             let .map(_, _, nullable), let .row(_, nullable):
            return nullable
        }
    }

    /// The same type, nullable.
    public var asNullable: FlinkType {
        switch self {
        case let .primitive(name, parameters, suffix, _): return .primitive(name: name, parameters: parameters, suffix: suffix, nullable: true)
        case let .array(element, _): return .array(element, nullable: true)
        case let .multiset(element, _): return .multiset(element, nullable: true)
        case let .map(key, value, _): return .map(key, value, nullable: true)
        case let .row(fields, _): return .row(fields, nullable: true)
        }
    }

    /// The kind of time a column holds, for event-time handling.
    public enum TimeKind: Sendable, Equatable {
        /// TIMESTAMP(p) or TIMESTAMP_LTZ(p) with its precision.
        case timestamp(precision: Int, local: Bool)
        /// An integral number, read as epoch milliseconds.
        case epochMillis
        /// Text, parsed as `yyyy-MM-dd HH:mm:ss[.SSS]`.
        case text
        /// Anything else: cannot carry event time.
        case other
    }

    /// How this type can carry event time.
    public var timeKind: TimeKind {
        guard case let .primitive(name, parameters, suffix, _) = self else { return .other }
        switch name {
        case "TIMESTAMP":
            return .timestamp(precision: parameters.first ?? 6, local: suffix == "WITH LOCAL TIME ZONE")
        case "TIMESTAMP_LTZ":
            return .timestamp(precision: parameters.first ?? 6, local: true)
        case "BIGINT", "INT", "INTEGER": return .epochMillis
        case "STRING", "VARCHAR", "CHAR": return .text
        default: return .other
        }
    }

    /// Parses type text; the error says what was expected where.
    public static func parse(_ text: String) -> Result<FlinkType, FlinkTypeError> {
        var parser = FlinkTypeParser(text)
        do {
            let type = try parser.parseType()
            try parser.expectEnd()
            return .success(type)
        } catch {
            return .failure(error)
        }
    }
}

/// Why a type text is not a Flink SQL type.
public struct FlinkTypeError: Error, Sendable, Equatable {
    /// What was wrong.
    public var message: String
}

/// A recursive-descent parser over Flink's data type grammar.
private struct FlinkTypeParser {
    /// One lexical token of type text.
    enum Token: Equatable {
        /// A keyword or identifier, as written.
        case word(String)      // upper-cased keyword or identifier
        /// A back-quoted name, quotes removed and doubled quotes undone.
        case quoted(String)    // `name`
        /// A single-quoted string (a ROW field description), quotes removed.
        case string(String)    // 'description'
        /// An unsigned integer no larger than `Int32.max`.
        case number(Int)
        /// One of `<`, `>`, `(`, `)` and `,`.
        case symbol(Character)
    }

    /// The tokens of the whole text.
    var tokens: [Token] = []
    /// The position of the current token in `tokens`.
    var index = 0
    /// The first lexing error; the tokens stop there.
    var lexError: FlinkTypeError?
    /// How deeply `parseType` calls are nested; 32 levels is an error.
    var depth = 0

    /// Splits `text` into tokens, recording the first error in `lexError`.
    init(_ text: String) {
        var chars = Array(text)
        var i = 0
        func fail(_ m: String) -> FlinkTypeError { FlinkTypeError(message: m) }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c.isLetter || c == "_" {
                var word = ""
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { word.append(chars[i]); i += 1 }
                tokens.append(.word(word))
            } else if c.isNumber, c.isASCII {
                var digits = ""
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
                guard let n = Int(digits), n <= Int(Int32.max) else { lexError = fail("number \(digits) is too large"); return }
                tokens.append(.number(n))
            } else if c == "`" || c == "'" {
                let quote = c
                var value = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == quote {
                        if i + 1 < chars.count, chars[i + 1] == quote { value.append(quote); i += 2; continue }
                        closed = true; i += 1; break
                    }
                    value.append(chars[i]); i += 1
                }
                guard closed else { lexError = fail("unterminated \(quote == "`" ? "quoted name" : "string")"); return }
                tokens.append(quote == "`" ? .quoted(value) : .string(value))
            } else if "<>(),".contains(c) {
                tokens.append(.symbol(c)); i += 1
            } else {
                lexError = fail("unexpected character '\(c)'"); return
            }
        }
        chars = []
    }

    /// The current token; nil at the end.
    var current: Token? { index < tokens.count ? tokens[index] : nil }

    /// A token as an error message shows it.
    func describe(_ token: Token?) -> String {
        switch token {
        case nil: return "the end"
        case let .word(w)?: return "'\(w)'"
        case let .quoted(q)?: return "`\(q)`"
        case let .string(s)?: return "'\(s)'"
        case let .number(n)?: return "\(n)"
        case let .symbol(s)?: return "'\(s)'"
        }
    }

    /// The current token as an upper-cased keyword, when it is a word.
    var currentWord: String? {
        if case let .word(w)? = current { return w.uppercased() }
        return nil
    }

    /// Consumes the current token if it is the keyword `word` (any case).
    mutating func accept(_ word: String) -> Bool {
        if currentWord == word { index += 1; return true }
        return false
    }

    /// Consumes the current token if it is `symbol`.
    mutating func accept(symbol: Character) -> Bool {
        if current == .symbol(symbol) { index += 1; return true }
        return false
    }

    /// Consumes `symbol` or throws.
    mutating func expect(symbol: Character) throws(FlinkTypeError) {
        guard accept(symbol: symbol) else { throw FlinkTypeError(message: "expected '\(symbol)' but found \(describe(current))") }
    }

    /// Consumes the keyword `word` or throws.
    mutating func expect(_ word: String) throws(FlinkTypeError) {
        guard accept(word) else { throw FlinkTypeError(message: "expected \(word) but found \(describe(current))") }
    }

    /// Throws the lexing error, or an error when tokens are left over.
    mutating func expectEnd() throws(FlinkTypeError) {
        if let lexError { throw lexError }
        if index != tokens.count { throw FlinkTypeError(message: "unexpected \(describe(current)) after the type") }
    }

    /// Consumes a number or throws.
    mutating func number() throws(FlinkTypeError) -> Int {
        guard case let .number(n)? = current else { throw FlinkTypeError(message: "expected a number but found \(describe(current))") }
        index += 1
        return n
    }

    /// `(n)` or `(n, m)` when present.
    mutating func parameters(max: Int) throws(FlinkTypeError) -> [Int] {
        guard accept(symbol: "(") else { return [] }
        var values = [try number()]
        while values.count < max, accept(symbol: ",") { values.append(try number()) }
        try expect(symbol: ")")
        return values
    }

    /// Consumes a `NULL` or `NOT NULL` if present; false for `NOT NULL`.
    mutating func nullability() -> Bool {
        if accept("NOT") {
            if accept("NULL") { return false }
            index -= 1
            return true
        }
        _ = accept("NULL")
        return true
    }

    /// Parses one type, with its postfix `NOT NULL`, `NULL`, `ARRAY` and `MULTISET`.
    mutating func parseType() throws(FlinkTypeError) -> FlinkType {
        if let lexError { throw lexError }
        depth += 1
        defer { depth -= 1 }
        guard depth < 32 else { throw FlinkTypeError(message: "type nests more than 32 levels") }
        guard let word = currentWord else {
            throw FlinkTypeError(message: "expected a type name but found \(describe(current))")
        }
        index += 1
        var type: FlinkType
        func check(_ value: Int, _ range: ClosedRange<Int>, _ what: String) throws(FlinkTypeError) {
            guard range.contains(value) else { throw FlinkTypeError(message: "\(what) of \(word) must be between \(range.lowerBound) and \(range.upperBound), got \(value)") }
        }
        switch word {
        case "CHAR", "VARCHAR", "BINARY", "VARBINARY":
            let p = try parameters(max: 1)
            if let length = p.first { try check(length, 1...Int(Int32.max), "length") }
            type = .primitive(name: word, parameters: p, suffix: "", nullable: true)
        case "STRING", "BOOLEAN", "BYTES", "TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT", "FLOAT", "DATE":
            type = .primitive(name: word, parameters: [], suffix: "", nullable: true)
        case "DOUBLE":
            _ = accept("PRECISION")
            type = .primitive(name: "DOUBLE", parameters: [], suffix: "", nullable: true)
        case "DECIMAL", "DEC", "NUMERIC":
            let p = try parameters(max: 2)
            if let precision = p.first { try check(precision, 1...38, "precision") }
            if p.count == 2 { try check(p[1], 0...p[0], "scale") }
            type = .primitive(name: "DECIMAL", parameters: p, suffix: "", nullable: true)
        case "TIME":
            let p = try parameters(max: 1)
            if let precision = p.first { try check(precision, 0...9, "precision") }
            if accept("WITHOUT") { try expect("TIME"); try expect("ZONE") }
            type = .primitive(name: "TIME", parameters: p, suffix: "", nullable: true)
        case "TIMESTAMP":
            let p = try parameters(max: 1)
            if let precision = p.first { try check(precision, 0...9, "precision") }
            var suffix = ""
            if accept("WITHOUT") { try expect("TIME"); try expect("ZONE") }
            else if accept("WITH") {
                if accept("LOCAL") { suffix = "WITH LOCAL TIME ZONE" }
                else { throw FlinkTypeError(message: "TIMESTAMP WITH TIME ZONE is not supported by Flink; use TIMESTAMP WITH LOCAL TIME ZONE or TIMESTAMP_LTZ") }
                try expect("TIME"); try expect("ZONE")
            }
            type = .primitive(name: "TIMESTAMP", parameters: p, suffix: suffix, nullable: true)
        case "TIMESTAMP_LTZ":
            let p = try parameters(max: 1)
            if let precision = p.first { try check(precision, 0...9, "precision") }
            type = .primitive(name: "TIMESTAMP_LTZ", parameters: p, suffix: "", nullable: true)
        case "INTERVAL":
            type = try interval()
        case "ARRAY", "MULTISET":
            try expect(symbol: "<")
            let element = try parseType()
            try expect(symbol: ">")
            type = word == "ARRAY" ? .array(element, nullable: true) : .multiset(element, nullable: true)
        case "MAP":
            try expect(symbol: "<")
            let key = try parseType()
            try expect(symbol: ",")
            let value = try parseType()
            try expect(symbol: ">")
            type = .map(key, value, nullable: true)
        case "ROW":
            let close: Character
            if accept(symbol: "<") { close = ">" } else if accept(symbol: "(") { close = ")" } else {
                throw FlinkTypeError(message: "expected '<' after ROW but found \(describe(current))")
            }
            var fields: [FlinkType.RowField] = []
            if !accept(symbol: close) {
                repeat {
                    let name: String
                    switch current {
                    case let .quoted(q)?: name = q; index += 1
                    case let .word(w)?:
                        name = w; index += 1
                    default:
                        throw FlinkTypeError(message: "expected a ROW field name but found \(describe(current))")
                    }
                    let fieldType = try parseType()
                    var description: String?
                    if case let .string(s)? = current { description = s; index += 1 }
                    fields.append(.init(name: name, type: fieldType, description: description))
                } while accept(symbol: ",")
                try expect(symbol: close)
            }
            type = .row(fields, nullable: true)
        default:
            throw FlinkTypeError(message: "unknown type \(word); expected a Flink SQL type such as STRING, INT, BIGINT, DOUBLE, DECIMAL(p, s), BOOLEAN, TIMESTAMP(3), TIMESTAMP_LTZ(3), DATE, BYTES, ARRAY<…>, MAP<…, …> or ROW<…>")
        }
        // `t ARRAY` / `t MULTISET` postfix forms
        while true {
            let nullable = nullability()
            if !nullable { type = withNullable(type, false) }
            if accept("ARRAY") { type = .array(type, nullable: true); continue }
            if accept("MULTISET") { type = .multiset(type, nullable: true); continue }
            break
        }
        return type
    }

    /// `type` with its nullability set to `nullable`.
    func withNullable(_ type: FlinkType, _ nullable: Bool) -> FlinkType {
        switch type {
        case let .primitive(name, parameters, suffix, _): return .primitive(name: name, parameters: parameters, suffix: suffix, nullable: nullable)
        case let .array(e, _): return .array(e, nullable: nullable)
        case let .multiset(e, _): return .multiset(e, nullable: nullable)
        case let .map(k, v, _): return .map(k, v, nullable: nullable)
        case let .row(f, _): return .row(f, nullable: nullable)
        }
    }

    /// The rest of an `INTERVAL` type: a unit, optionally `TO` another, each with an optional precision.
    mutating func interval() throws(FlinkTypeError) -> FlinkType {
        let units = ["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"]
        guard let first = currentWord, units.contains(first) else {
            throw FlinkTypeError(message: "expected an interval unit (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND) but found \(describe(current))")
        }
        index += 1
        var text = first
        var params = try parameters(max: 1)
        if accept("TO") {
            guard let second = currentWord, units.contains(second) else {
                throw FlinkTypeError(message: "expected an interval unit after TO but found \(describe(current))")
            }
            index += 1
            if !params.isEmpty { text += "(\(params[0]))" ; params = [] }
            text += " TO " + second
            params = try parameters(max: 1)
        }
        return .primitive(name: "INTERVAL " + text, parameters: params, suffix: "", nullable: true)
    }
}
