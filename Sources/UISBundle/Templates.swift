import Foundation
import Mustache

/// One file of a bundle, before packing.
public struct BundleFile: Sendable, Hashable {
    /// Path relative to the bundle's top folder (`k8s/flinkdeployment.yaml`).
    public var path: String
    /// The text.
    public var contents: String
    /// Mode 0755 instead of 0644.
    public var isExecutable: Bool

    /// Creates a file.
    public init(path: String, contents: String, isExecutable: Bool = false) {
        self.path = path
        self.contents = contents
        self.isExecutable = isExecutable
    }
}

/// A template failed to parse or is missing.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// The Mustache templates, parsed once per process: the bundled defaults (embedded in the binary from
/// `Templates/`), each replaceable by a file of the same name in a user's `--templates DIR`.
public struct TemplateSet: Sendable {
    private var library: MustacheLibrary
    /// Names of templates taken from the user's folder.
    public private(set) var overridden: [String] = []

    /// The bundled templates plus any overrides from `directory` (same relative names).
    public init(overrides directory: String? = nil) throws(TemplateError) {
        var templates: [String: String] = EmbeddedTemplates.all
        var overridden: [String] = []
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw TemplateError(description: "--templates \(directory): no such directory")
            }
            for name in templates.keys.sorted() {
                let path = (directory as NSString).appendingPathComponent(name + ".mustache")
                if let data = FileManager.default.contents(atPath: path) {
                    guard let text = String(data: data, encoding: .utf8) else {
                        throw TemplateError(description: "\(path): not UTF-8 text")
                    }
                    templates[name] = text
                    overridden.append(name)
                }
            }
            // a file that overrides nothing is most likely a typo in its name
            let known = Set(templates.keys.map { $0 + ".mustache" })
            if let enumerator = FileManager.default.enumerator(atPath: directory) {
                for case let relative as String in enumerator where relative.hasSuffix(".mustache") && !known.contains(relative) {
                    throw TemplateError(description: "--templates \(directory): \(relative) does not override any template; the templates are: \(known.sorted().joined(separator: ", "))")
                }
            }
        }
        // cut large templates, then parse every piece on all cores (parsing is most of a small bundle's start)
        var units: [(name: String, template: String, text: String)] = []
        var pieces: [String: Int] = [:]
        for (name, text) in templates.sorted(by: { $0.key < $1.key }) {
            let chunks = Self.pieces(of: text)
            if chunks.count == 1 { units.append((name, name, text)); continue }
            for (index, chunk) in chunks.enumerated() { units.append((Self.pieceName(name, index), name, chunk)) }
            pieces[name] = chunks.count
        }
        final class Slots: @unchecked Sendable {
            var results: [Result<MustacheTemplate, TemplateError>?]
            init(_ count: Int) { results = Array(repeating: nil, count: count) }
        }
        let slots = Slots(units.count)
        let work = units.map { ($0.template, $0.text) }
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            let (name, text) = work[index]
            let parsed: Result<MustacheTemplate, TemplateError>
            do { parsed = .success(try MustacheTemplate(string: text)) }
            catch { parsed = .failure(TemplateError(description: "template \(name): \(error)")) }
            slots.results[index] = parsed  // each index written by exactly one iteration
        }
        var library = MustacheLibrary()
        for (index, unit) in units.enumerated() {
            switch slots.results[index]! {
            case let .success(template): library.register(template, named: unit.name)
            case let .failure(error): throw error
            }
        }
        self.library = library
        self.overridden = overridden
        self.pieces = pieces
    }

    /// Templates rendered piece by piece: name -> number of pieces.
    private var pieces: [String: Int] = [:]

    static func pieceName(_ name: String, _ index: Int) -> String { "\(name)#piece\(index)" }

    /// A large template cut at line ends outside any section and tag, into pieces of about `size` bytes
    /// that render to the same text one after the other. swift-mustache's parser measures the rest of
    /// the template at every tag (`String.distance`), which makes parsing quadratic in its length: the
    /// 28 KB SqlRunner.java template took most of a small bundle's time. Leading pragma lines
    /// (`{{%CONTENT_TYPE:TEXT}}`) are repeated in every piece. Templates that change the delimiters
    /// (`{{=`) stay whole.
    static func pieces(of text: String, size: Int = 512) -> [String] {
        let bytes = Array(text.utf8)
        guard bytes.count > 2 * size, !text.contains("{{=") else { return [text] }
        var prefix = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("{{%"), line.hasSuffix("}}") else { break }
            prefix += line + "\n"
        }
        var cuts: [Int] = []
        var depth = 0, inTag = false, start = 0, i = 0
        while i < bytes.count {
            if !inTag, bytes[i] == UInt8(ascii: "{"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
                inTag = true
                let sigil = i + 2 < bytes.count ? bytes[i + 2] : 0
                if "#^$<".utf8.contains(sigil) { depth += 1 } else if sigil == UInt8(ascii: "/") { depth -= 1 }
                i += 2
                continue
            }
            if inTag, bytes[i] == UInt8(ascii: "}"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "}") {
                inTag = false
                i += 2
                continue
            }
            if bytes[i] == UInt8(ascii: "\n"), !inTag, depth == 0, i + 1 - start >= size, bytes.count - (i + 1) >= size {
                cuts.append(i + 1)
                start = i + 1
            }
            i += 1
        }
        guard !cuts.isEmpty, depth == 0 else { return [text] }
        var result: [String] = []
        var from = 0
        for cut in cuts + [bytes.count] {
            let piece = String(decoding: bytes[from..<cut], as: UTF8.self)
            result.append(from == 0 ? piece : prefix + piece)
            from = cut
        }
        return result
    }

    /// The bundled templates alone, parsed once.
    public static let bundled: Result<TemplateSet, TemplateError> = Result { () throws(TemplateError) in try TemplateSet() }

    /// Renders a template with a context of dictionaries, arrays, strings and booleans.
    public func render(_ name: String, _ context: [String: Any]) throws(TemplateError) -> String {
        if let count = pieces[name] {
            var text = ""
            for index in 0..<count {
                guard let piece = library.render(context, withTemplate: Self.pieceName(name, index)) else {
                    throw TemplateError(description: "no template named \(name)")
                }
                text += piece
            }
            return text
        }
        guard let text = library.render(context, withTemplate: name) else {
            throw TemplateError(description: "no template named \(name)")
        }
        return text
    }
}
