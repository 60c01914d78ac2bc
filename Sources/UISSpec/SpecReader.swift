import Foundation

/// Load and validate in one call, for a caller that wants the `Spec` alone (the decoder's tests, tools). The
/// commands and whole-bundle callers use `BundlePipeline` (UISBundle), which also resolves, renders and checks.
public struct SpecReader: Sendable {
    /// The loader (limits).
    public var loader: SpecLoader

    /// Creates a reader.
    public init(loader: SpecLoader = SpecLoader()) { self.loader = loader }

    /// Reads a spec file; the spec is nil when there were errors.
    public func read(path: String) -> SpecDecoder.Output {
        decode { () throws(DiagnosticsError) in try loader.load(path: path) }
    }

    /// Reads spec bytes already in memory; the syntax follows the file name.
    public func read(data: Data, file: String) -> SpecDecoder.Output {
        guard let syntax = SpecLoader.syntax(forPath: file) else { return read(path: file) }
        return decode { () throws(DiagnosticsError) in try loader.parse(data: data, file: file, syntax: syntax) }
    }

    /// Reads spec text already in memory.
    public func read(text: String, file: String, syntax: SpecLoader.Syntax) -> SpecDecoder.Output {
        decode { () throws(DiagnosticsError) in try loader.parse(data: Data(text.utf8), file: file, syntax: syntax) }
    }

    /// Decodes the tree `load` gives, or returns the diagnostics it throws.
    private func decode(_ load: () throws(DiagnosticsError) -> SpecNode) -> SpecDecoder.Output {
        do {
            return SpecDecoder().decode(try load())
        } catch {
            return SpecDecoder.Output(spec: nil, diagnostics: error.diagnostics)
        }
    }
}
