import Foundation

/// Load and decode in one call: the front end every command uses.
public struct SpecReader: Sendable {
    /// The loader (limits).
    public var loader: SpecLoader

    /// Creates a reader.
    public init(loader: SpecLoader = SpecLoader()) { self.loader = loader }

    /// Reads a spec file; the spec is nil when there were errors.
    public func read(path: String) -> SpecDecoder.Output {
        do {
            let root = try loader.load(path: path)
            return SpecDecoder().decode(root)
        } catch {
            return SpecDecoder.Output(spec: nil, diagnostics: error.diagnostics)
        }
    }

    /// Reads spec bytes already in memory; the syntax follows the file name.
    public func read(data: Data, file: String) -> SpecDecoder.Output {
        guard let syntax = SpecLoader.syntax(forPath: file) else { return read(path: file) }
        do {
            let root = try loader.parse(data: data, file: file, syntax: syntax)
            return SpecDecoder().decode(root)
        } catch {
            return SpecDecoder.Output(spec: nil, diagnostics: error.diagnostics)
        }
    }

    /// Reads spec text already in memory.
    public func read(text: String, file: String, syntax: SpecLoader.Syntax) -> SpecDecoder.Output {
        do {
            let root = try loader.parse(data: Data(text.utf8), file: file, syntax: syntax)
            return SpecDecoder().decode(root)
        } catch {
            return SpecDecoder.Output(spec: nil, diagnostics: error.diagnostics)
        }
    }
}
