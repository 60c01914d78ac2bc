import Foundation
import UISCompiler
import UISSpec
import UISText

/// Options that change a bundle.
public struct BundleOptions: Sendable {
    /// DolphinScheduler export format.
    public var dolphinSchedulerVersion: DolphinSchedulerVersion = .v3_2
    /// Creates the defaults.
    public init(dolphinSchedulerVersion: DolphinSchedulerVersion = .v3_2) { self.dolphinSchedulerVersion = dolphinSchedulerVersion }
}

/// A rendered bundle: its top folder and its files, checked.
public struct RenderedBundle: Sendable {
    /// The top folder (the pipeline name).
    public var folder: String
    /// Every file, sorted by path, `bundle.json` included.
    public var files: [BundleFile]
}

/// Renders every file of a bundle from a spec and its pipeline, then checks the result.
package struct BundleRenderer: Sendable {
    /// The templates (parsed once; reuse one renderer for many specs).
    package var templates: TemplateSet
    /// Options.
    package var options: BundleOptions

    /// Creates a renderer.
    package init(templates: TemplateSet, options: BundleOptions = BundleOptions()) {
        self.templates = templates
        self.options = options
    }

    /// The render stage: every file from an already compiled pipeline, not yet self-checked
    /// (``BundlePipeline`` runs ``BundleCheck/problems(_:context:)`` on the result before anyone packs it).
    package func renderUnchecked(spec: Spec, pipeline: Pipeline, compiled: CompiledPipeline) throws(BundleError) -> (bundle: RenderedBundle, context: BundleContext) {
        let context = BundleContext(pipeline: pipeline)
        // the normalised spec (a large share of a large bundle) is written on another core meanwhile
        let parts = ParallelWork.map(2, parallel: ParallelWork.isLarge(pipeline)) { index -> Result<[BundleFile], TemplateError> in
            if index == 0 { return .success([BundleFile(path: "spec/spec.json", contents: NormalisedSpec.json(spec).encoded())]) }
            return Result { () throws(TemplateError) in try self.otherFiles(context, compiled: compiled) }
        }
        var files: [BundleFile] = []
        do {
            for part in parts { files += try part.get() }
        } catch {
            throw BundleError(diagnostics: [error.diagnostic])
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        files.append(BundleFile(path: BundleManifest.path, contents: BundleManifest(context, files: files).encoded()))
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return (RenderedBundle(folder: context.folder, files: files), context)
    }

    /// Every file but `spec/spec.json` and `bundle.json`.
    func otherFiles(_ context: BundleContext, compiled: CompiledPipeline) throws(TemplateError) -> [BundleFile] {
        var files: [BundleFile] = []
        files.append(BundleFile(path: "sql/pipeline.sql", contents: compiled.sql))
        files += FlinkFiles.render(context, compiled: compiled)
        files += try MavenFiles.render(context, templates: templates)
        // the alert rules are built once: the rule files, the PrometheusRule and the README share them
        let alerts = PipelineAlerts(context)
        files += try KubernetesFiles.render(context, alerts: alerts, templates: templates)
        files += try MonitoringFiles.render(context, alerts: alerts, templates: templates)
        files += try DolphinSchedulerFiles.render(context, dsVersion: options.dolphinSchedulerVersion, templates: templates)
        let workflow = files.first { $0.path.hasPrefix("dolphinscheduler/workflow") }?.path ?? "dolphinscheduler/"
        let listed = files.map(\.path) + ["spec/spec.json", "README.md", "bundle.json"]
        files.append(try ReadmeFile.render(context, alerts: alerts, files: listed,
                                           workflowFile: String(workflow.dropFirst("dolphinscheduler/".count)), templates: templates))
        return files
    }
}

/// A bundle could not be rendered (a template failed) or failed its self-check.
public struct BundleError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, each located in its template or generated file.
    public var diagnostics: [Diagnostic]
    /// One compiler-style line a problem.
    public var description: String { diagnostics.map(\.formatted).joined(separator: "\n") }
}
