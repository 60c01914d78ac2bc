/// Decodes a `SpecNode` tree into a typed `Spec`, validating everything at once.
/// Every problem becomes a diagnostic with its spec path and file position; decoding goes on
/// after an error so one run reports them all.
public struct SpecDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// The result: a spec when there were no errors, and every diagnostic.
    public struct Output: Sendable {
        /// The typed spec; nil when there were errors.
        public var spec: Spec?
        /// Errors and warnings in file order of discovery.
        public var diagnostics: [Diagnostic]
    }

    /// Decodes and validates.
    public func decode(_ root: SpecNode) -> Output {
        let context = DecodeContext(file: root.location.file)
        let spec = context.decodeSpec(root)
        let diagnostics = context.bag.all
        return Output(spec: context.bag.hasErrors ? nil : spec, diagnostics: diagnostics)
    }
}
