/// A value a Mustache template reads: text, a flag, a list or an object of named values.
///
/// View-models are built from these, so rendering never inspects `Any` at run time. Literals work
/// directly (`["name": "x", "hasSecrets": true, "items": [["key": "a"]]]`); computed strings go through
/// `.text(…)`.
package enum TemplateValue: Sendable, Hashable {
    /// Text, inserted as is under `{{%CONTENT_TYPE:TEXT}}` (HTML-escaped otherwise).
    case text(String)
    /// A flag: a section renders once when true, an inverted section when false.
    case flag(Bool)
    /// A list: a section renders once per element, an inverted section when it is empty.
    case list([TemplateValue])
    /// Named values, looked up by `{{name}}` inside any section that pushed them.
    case object([String: TemplateValue])

    /// A list of objects.
    package static func objects(_ items: [[String: TemplateValue]]) -> TemplateValue {
        .list(items.map(TemplateValue.object))
    }

    /// A list of texts.
    package static func texts(_ items: [String]) -> TemplateValue {
        .list(items.map(TemplateValue.text))
    }

    /// The value named `key` when this is an object.
    @inlinable
    subscript(key: String) -> TemplateValue? {
        if case let .object(values) = self { return values[key] }
        return nil
    }
}

extension TemplateValue: ExpressibleByStringLiteral {
    /// A literal text.
    package init(stringLiteral value: String) { self = .text(value) }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    /// A literal flag.
    package init(booleanLiteral value: Bool) { self = .flag(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    /// A literal list.
    package init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// A literal object (a repeated key keeps its last value).
    package init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

/// The top-level values a template is rendered with.
package typealias TemplateContext = [String: TemplateValue]
