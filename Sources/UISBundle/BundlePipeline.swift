import Foundation
import UISCompiler
import UISSpec

/// The stages a spec goes through on its way to a bundle, in order.
public enum BundleStage: String, Sendable, CaseIterable {
    /// Read the file and parse YAML/JSON into a tree with positions (``SpecLoader``).
    case load
    /// Decode and validate into a typed ``Spec`` (``SpecDecoder``).
    case validate
    /// Resolve into a ``Pipeline`` (``Resolver``).
    case resolve
    /// Wait for the bundled templates to be parsed (once per process).
    case templates
    /// Flink SQL, job config and `flink run` arguments (``CompiledPipeline``).
    case compile
    /// Every other file from templates and view-models, and `bundle.json` (``BundleRenderer``).
    case render
    /// The self-check: every file parses back and agrees with the rest (``BundleCheck``).
    case check
}

/// Watches the stages of a run, e.g. to time them: `measure` must call `body` once and return its result.
public protocol BundleStageObserver {
    /// Runs one stage.
    mutating func measure<T>(_ stage: BundleStage, _ body: () -> T) -> T
}

/// The observer that only runs the stages.
public struct NoStageObserver: BundleStageObserver {
    /// Creates it.
    public init() {}
    /// Runs `body`.
    public func measure<T>(_ stage: BundleStage, _ body: () -> T) -> T { body() }
}

/// Where a spec comes from.
public enum SpecSource: Sendable {
    /// A `.yaml`, `.yml` or `.json` file; `-` is YAML on standard input.
    case path(String)
    /// Bytes already in memory; the syntax follows the file name.
    case data(Data, file: String)
    /// Text already in memory.
    case text(String, file: String, syntax: SpecLoader.Syntax)

    /// The name diagnostics use for it.
    public var file: String {
        switch self {
        case let .path(path): return path
        case let .data(_, file), let .text(_, file, _): return file
        }
    }
}

/// How far a run goes.
public enum BundleGoal: Int, Sendable, Comparable {
    /// Load and validate the spec.
    case validate
    /// And resolve it into a pipeline.
    case resolve
    /// And compile the SQL, job config and `flink run` arguments.
    case compile
    /// And render and self-check every file of the bundle.
    case bundle

    /// Orders goals by how far they go.
    public static func < (a: BundleGoal, b: BundleGoal) -> Bool { a.rawValue < b.rawValue }
}

/// What a run does besides the spec.
public struct BundlePipelineOptions: Sendable {
    /// How far to go.
    public var goal: BundleGoal
    /// The templates; nil for the bundled ones (parsed once per process, only when a spec gets that far).
    public var templates: TemplateSet?
    /// Options that change the bundle's files.
    public var bundle: BundleOptions
    /// File size, depth and node limits.
    public var loader: SpecLoader
    /// The resolver (with the Flink configuration key lists).
    public var resolver: Resolver

    /// Creates options; the defaults make a whole bundle with the bundled templates.
    public init(goal: BundleGoal = .bundle, templates: TemplateSet? = nil, bundle: BundleOptions = BundleOptions(),
                loader: SpecLoader = SpecLoader(), resolver: Resolver = Resolver()) {
        self.goal = goal
        self.templates = templates
        self.bundle = bundle
        self.loader = loader
        self.resolver = resolver
    }
}

/// Everything a run produced: as far as it got, and every diagnostic on the way.
public struct BundleResult: Sendable {
    /// The spec's name in diagnostics.
    public var file: String
    /// SHA-256 of the spec's bytes (hex); empty when they could not be read.
    public var specSHA256: String
    /// The validated spec; nil when loading or validation failed.
    public var spec: Spec?
    /// The resolved pipeline; nil when not asked for or when resolution failed.
    public var pipeline: Pipeline?
    /// The SQL, job config and `flink run` arguments; nil when not asked for or not reached.
    public var compiled: CompiledPipeline?
    /// The bundle, self-checked; nil when not asked for or when it failed.
    public var bundle: RenderedBundle?
    /// Errors and warnings of every stage, in the order found: spec problems located in the spec,
    /// template problems in the template, self-check problems in the generated file.
    public var diagnostics: [Diagnostic]

    /// True when a stage reported an error (the goal was then not reached).
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The one way to turn a spec into a bundle: load → validate → resolve → compile → render → check.
/// The command line and the tests call it; a stage's own unit tests alone build that stage by hand.
public enum BundlePipeline {
    /// Runs the stages up to `options.goal`.
    public static func run(_ source: SpecSource, options: BundlePipelineOptions = BundlePipelineOptions()) -> BundleResult {
        var observer = NoStageObserver()
        return run(source, options: options, observer: &observer)
    }

    /// Runs the stages up to `options.goal`, each inside `observer.measure`.
    public static func run<Observer: BundleStageObserver>(_ source: SpecSource, options: BundlePipelineOptions,
                                                          observer: inout Observer) -> BundleResult {
        var result = BundleResult(file: source.file, specSHA256: "", diagnostics: [])
        // load: bytes and syntax tree
        let loaded: Result<SpecNode, DiagnosticsError> = observer.measure(.load) {
            do throws(DiagnosticsError) {
                let (data, syntax) = try read(source, loader: options.loader)
                result.specSHA256 = FileDigest.sha256Hex(data)
                return .success(try options.loader.parse(data: data, file: source.file, syntax: syntax))
            } catch {
                return .failure(error)
            }
        }
        let root: SpecNode
        switch loaded {
        case let .success(node): root = node
        case let .failure(error):
            result.diagnostics = error.diagnostics
            return result
        }
        let decoded = observer.measure(.validate) { SpecDecoder().decode(root) }
        result.diagnostics = decoded.diagnostics
        guard let spec = decoded.spec else { return result }
        result.spec = spec
        guard options.goal >= .resolve else { return result }

        let resolved = observer.measure(.resolve) { options.resolver.resolve(spec, specSHA256: result.specSHA256) }
        result.diagnostics += resolved.diagnostics
        guard let pipeline = resolved.pipeline else { return result }
        result.pipeline = pipeline
        guard options.goal >= .compile else { return result }

        var renderer: BundleRenderer?
        if options.goal >= .bundle {
            let templates: Result<TemplateSet, TemplateError> = observer.measure(.templates) {
                options.templates.map { .success($0) } ?? TemplateSet.bundled
            }
            switch templates {
            case let .success(set): renderer = BundleRenderer(templates: set, options: options.bundle)
            case let .failure(error):
                result.diagnostics.append(error.diagnostic)
                return result
            }
        }
        let compiled = observer.measure(.compile) { CompiledPipeline(pipeline) }
        result.compiled = compiled
        guard let renderer else { return result }

        let rendered: Result<(bundle: RenderedBundle, context: BundleContext), BundleError> = observer.measure(.render) {
            Result { () throws(BundleError) in try renderer.renderUnchecked(spec: spec, pipeline: pipeline, compiled: compiled) }
        }
        switch rendered {
        case let .failure(error):
            result.diagnostics += error.diagnostics
        case let .success((bundle, context)):
            let problems = observer.measure(.check) { BundleCheck.problems(bundle.files, context: context) }
            if problems.isEmpty { result.bundle = bundle }
            else { result.diagnostics += problems.map { located($0, in: bundle.folder) } }
        }
        return result
    }

    /// The spec's bytes and syntax.
    static func read(_ source: SpecSource, loader: SpecLoader) throws(DiagnosticsError) -> (Data, SpecLoader.Syntax) {
        switch source {
        case let .path(path):
            let data = try loader.read(path: path)  // checks the name first
            return (data, try loader.syntax(of: path))
        case let .data(data, file):
            return (data, try loader.syntax(of: file))
        case let .text(text, _, syntax):
            return (Data(text.utf8), syntax)
        }
    }

    /// A self-check problem located under the bundle's top folder (`name/k8s/flinkdeployment.yaml`).
    static func located(_ diagnostic: Diagnostic, in folder: String) -> Diagnostic {
        var diagnostic = diagnostic
        if let location = diagnostic.location { diagnostic.location?.file = folder + "/" + location.file }
        return diagnostic
    }
}
