import Foundation
import UISSpec

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

/// A template failed to parse or is missing, or a `--templates` folder is unusable.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    /// What is wrong; its location is the template file (line and column when it does not parse).
    public var diagnostic: Diagnostic

    /// An error in `file` (a template or the `--templates` folder), at `line`:`column` when known.
    init(_ message: String, file: String?, line: Int = 0, column: Int = 0) {
        diagnostic = Diagnostic(.error, message, path: "", at: file.map { SourceLocation(file: $0, line: line, column: column) })
    }

    /// The compiler-style line.
    public var description: String { diagnostic.formatted }
}

/// The Mustache templates, parsed once per process: the bundled defaults (embedded in the binary from
/// `Templates/`), each replaceable by a file of the same name in a user's `--templates DIR`.
/// Templates are parsed by ``Template`` (see there for the syntax) and can include each other as
/// partials by name (`{{> k8s/monitoring/podmonitor.yaml}}`).
public struct TemplateSet: Sendable {
    private var templates: [String: Template]
    /// Names of templates taken from the user's folder.
    public private(set) var overridden: [String] = []

    /// The bundled templates plus any overrides from `directory` (same relative names).
    public init(overrides directory: String? = nil) throws(TemplateError) {
        var sources: [String: String] = EmbeddedTemplates.all
        var overridden: [String] = []
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw TemplateError("--templates: no such directory", file: directory)
            }
            for name in sources.keys.sorted() {
                let path = (directory as NSString).appendingPathComponent(name + ".mustache")
                if let data = FileManager.default.contents(atPath: path) {
                    guard let text = String(data: data, encoding: .utf8) else {
                        throw TemplateError("not UTF-8 text", file: path)
                    }
                    sources[name] = text
                    overridden.append(name)
                }
            }
            // a file that overrides nothing is most likely a typo in its name
            let known = Set(sources.keys.map { $0 + ".mustache" })
            if let enumerator = FileManager.default.enumerator(atPath: directory) {
                for case let relative as String in enumerator where relative.hasSuffix(".mustache") && !known.contains(relative) {
                    throw TemplateError("--templates: \(relative) does not override any template; the templates are: \(known.sorted().joined(separator: ", "))", file: directory)
                }
            }
        }
        var templates: [String: Template] = [:]
        templates.reserveCapacity(sources.count)
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            do throws(TemplateSyntaxError) {
                templates[name] = try Template(parsing: text)
            } catch {
                let file = overridden.contains(name) ? (directory! as NSString).appendingPathComponent(name + ".mustache") : "template " + name
                throw TemplateError(error.message, file: file, line: error.line, column: error.column)
            }
        }
        self.templates = templates
        self.overridden = overridden
    }

    /// The bundled templates alone, parsed once.
    public static let bundled: Result<TemplateSet, TemplateError> = Result { () throws(TemplateError) in try TemplateSet() }

    /// Renders the template `name` with `context`.
    package func render(_ name: String, _ context: TemplateContext) throws(TemplateError) -> String {
        guard let template = templates[name] else { throw TemplateError("no template named \(name)", file: nil) }
        return template.render(context, partials: templates)
    }
}
