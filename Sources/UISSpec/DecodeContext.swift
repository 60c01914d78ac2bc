import Foundation

/// Mutable state of one decode: the diagnostics and the location table.
final class DecodeContext {
    /// The spec file, for positions that have no node.
    let file: String
    /// Every diagnostic so far.
    var bag = DiagnosticBag()
    /// Where each spec path stands in the file, for diagnostics after decoding.
    var locations: [String: SourceLocation] = [:]

    /// Starts a decode of `file`.
    init(file: String) { self.file = file }

    // MARK: primitives

    /// Records an error.
    func error(_ message: String, _ path: String, _ location: SourceLocation) {
        bag.error(message, path: path, at: location)
    }

    /// Records a warning.
    func warning(_ message: String, _ path: String, _ location: SourceLocation) {
        bag.warning(message, path: path, at: location)
    }

    /// A mapping reader that remembers which keys were read, to flag the rest.
    struct Fields {
        /// The mapping node.
        let node: SpecNode
        /// Its spec path.
        let path: String
        /// Its entries, in file order.
        let entries: [SpecNode.Entry]
    }

    /// The node as a mapping, its own and its entries' locations recorded; nil (and an error) for anything else.
    func mapping(_ node: SpecNode, _ path: String, what: String) -> Fields? {
        locations[path] = node.location
        guard let entries = node.entries else {
            error("\(what) must be a mapping, got \(node.typeDescription)", path, node.location)
            return nil
        }
        for entry in entries { locations[SpecPath.child(path, entry.key)] = entry.value.location }
        return Fields(node: node, path: path, entries: entries)
    }

    /// Warns about keys not in `known`, with a suggestion when one is close.
    func unknownKeys(_ fields: Fields, known: [String], extra: String = "") {
        for entry in fields.entries where !known.contains(entry.key) {
            let path = SpecPath.child(fields.path, entry.key)
            var message = "unknown key '\(entry.key)'"
            if let near = Suggest.closest(to: entry.key, in: known) { message += "; did you mean '\(near)'?" }
            else { message += extra.isEmpty ? "; it is ignored" : extra }
            warning(message, path, entry.keyLocation)
        }
    }

    /// The value of a required key; nil (and an error saying `what` is missing) when it is absent.
    func required(_ fields: Fields, _ key: String, what: String) -> SpecNode? {
        guard let value = fields.node[key] else {
            error("missing required field '\(key)' (\(what))", SpecPath.child(fields.path, key), fields.node.location)
            return nil
        }
        return value
    }

    /// Any non-null scalar as text (YAML users write `version: 1.1` and `task_slots: 4`).
    func text(_ node: SpecNode, _ path: String, what: String) -> String? {
        guard let (value, kind) = node.scalar, kind != .null else {
            error("\(what) must be a string, got \(node.typeDescription)", path, node.location)
            return nil
        }
        return value
    }

    /// Text that is not blank; nil (and an error) otherwise.
    func nonEmptyText(_ node: SpecNode, _ path: String, what: String) -> String? {
        guard let value = text(node, path, what: what) else { return nil }
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            error("\(what) must not be empty", path, node.location)
            return nil
        }
        return value
    }

    /// The text of an optional key; nil when it is absent or null.
    func optionalText(_ fields: Fields, _ key: String, what: String) -> String? {
        guard let node = fields.node[key] else { return nil }
        if node.scalar?.kind == .null { return nil }
        return text(node, SpecPath.child(fields.path, key), what: what)
    }

    /// An integer (a whole float too, and a numeric string when `acceptNumericString`), within `range` when given; nil (and an error) otherwise.
    func integer(_ node: SpecNode, _ path: String, what: String, range: ClosedRange<Int>? = nil, acceptNumericString: Bool = false) -> Int? {
        guard let (value, kind) = node.scalar else {
            error("\(what) must be an integer, got \(node.typeDescription)", path, node.location)
            return nil
        }
        var number: Int?
        if kind == .int { number = Int(value) ?? Int(value.replacingOccurrences(of: "_", with: "")) }
        else if kind == .string, acceptNumericString { number = Int(value.trimmingCharacters(in: .whitespaces)) }
        else if kind == .float, let d = Double(value), d.rounded() == d, abs(d) < 1e15 { number = Int(d) }
        guard let number else {
            let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
            let digits = value.trimmingCharacters(in: .whitespaces).drop { $0 == "-" || $0 == "+" }
            let integral = !digits.isEmpty && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "_") }
            // YAML resolves an integer literal too large for Int as a float; it is still an integer.
            if kind == .int || (integral && (kind == .float || (kind == .string && acceptNumericString))) {
                let expected = range.map { "; expected an integer between \($0.lowerBound) and \($0.upperBound)" } ?? ""
                error("\(what) \(shown) is too large\(expected)", path, node.location)
            } else {
                error("\(what) must be an integer, got \(node.typeDescription) '\(shown)'", path, node.location)
            }
            return nil
        }
        if let range, !range.contains(number) {
            error("\(what) must be between \(range.lowerBound) and \(range.upperBound), got \(number)", path, node.location)
            return nil
        }
        return number
    }

    /// `true` or `false` (as a bool or a string); nil (and an error) otherwise.
    func boolean(_ node: SpecNode, _ path: String, what: String) -> Bool? {
        if let (value, kind) = node.scalar {
            if kind == .bool { return value.lowercased() == "true" }
            if kind == .string, ["true", "false"].contains(value.lowercased()) { return value.lowercased() == "true" }
        }
        error("\(what) must be true or false, got \(node.typeDescription)", path, node.location)
        return nil
    }

    /// One of an enum's raw values; nil (and an error listing them, with a suggestion) otherwise.
    func enumValue<E: RawRepresentable & CaseIterable>(_ node: SpecNode, _ path: String, what: String, as: E.Type) -> E? where E.RawValue == String {
        guard let value = text(node, path, what: what) else { return nil }
        if let found = E(rawValue: value) { return found }
        let allowed = E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        var message = "unknown \(what) '\(value)'; expected one of \(allowed)"
        if let near = Suggest.closest(to: value, in: E.allCases.map(\.rawValue)) { message += " (did you mean '\(near)'?)" }
        error(message, path, node.location)
        return nil
    }

    /// A mapping of scalars to strings, in order.
    func stringMap(_ node: SpecNode, _ path: String, what: String, secretsAllowed: Bool = true) -> OrderedPairs {
        guard let fields = mapping(node, path, what: what) else { return OrderedPairs() }
        var pairs: [OrderedPairs.Pair] = []
        for entry in fields.entries {
            let childPath = SpecPath.child(path, entry.key)
            guard let (value, kind) = entry.value.scalar else {
                error("the value of '\(entry.key)' in \(what) must be a string, got \(entry.value.typeDescription)", childPath, entry.value.location)
                continue
            }
            if secretsAllowed { checkPlaceholders(value, childPath, entry.value.location) }
            checkNoRunnerReference(entry.key, childPath, entry.value.location, what: "the key")
            pairs.append(.init(key: entry.key, value: kind == .null ? "" : value))
        }
        return OrderedPairs(pairs)
    }

    /// Text written into the SQL as it is (a source field, a table option key, the endpoint name) must not
    /// hold a `${NAME}` the SQL runner would replace with an environment variable.
    func checkNoRunnerReference(_ value: String, _ path: String, _ location: SourceLocation, what: String) {
        if let reference = SpecRules.runnerReference(in: value) {
            error("\(what) '\(value)' holds '\(reference)', which the generated job reads as an environment variable reference; write it without '${'", path, location)
        }
    }

    /// A source field becomes a back-quoted Flink SQL column name, which may hold any character but a line
    /// break (Flink's lexer ends a back-quoted identifier at CR or LF; there is no escape for them).
    func checkColumnText(_ value: String, _ path: String, _ location: SourceLocation, what: String) {
        if value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            error("\(what) '\(value)' holds a line break, which a Flink SQL column name cannot hold", path, location)
        }
    }

    /// An error for each `{{…}}` run that is not a valid secret placeholder.
    func checkPlaceholders(_ value: String, _ path: String, _ location: SourceLocation) {
        for placeholder in SpecRules.placeholders(in: value) where !placeholder.valid {
            error("'{{\(placeholder.name)}}' is not a valid secret placeholder; a secret is written {{name}} with a name of letters, digits, '_', '.' or '-'", path, location)
        }
    }
}
