import UISCompiler
import UISSpec
import UISText

/// The job's Maven project and image: `pom.xml` (templates `maven/pom.xml`), the SQL runner
/// (`maven/SqlRunner.java`) and the `Dockerfile` (`docker/Dockerfile`).
enum MavenFiles {
    /// `pom.xml`, `SqlRunner.java` and the `Dockerfile`.
    static func render(_ context: BundleContext, templates: TemplateSet) throws(TemplateError) -> [BundleFile] {
        let p = context.pipeline
        let dependencies: [TemplateValue] = p.artifacts.map { artifact in
            var item: [String: TemplateValue] = [
                "groupId": .text(Escape.xml(artifact.coordinate.group)), "artifactId": .text(Escape.xml(artifact.coordinate.artifact)),
                "version": .text(Escape.xml(artifact.coordinate.version)), "scope": "compile",
            ]
            if let classifier = artifact.coordinate.classifier { item["classifier"] = .text(Escape.xml(classifier)) }
            item["comment"] = .text(Escape.xmlComment((artifact.onMavenCentral ? "" : "NOT on Maven Central: publish it to your repository. ") + "Used by \(artifact.usedBy)."))
            return .object(item)
        }
        let pom = try templates.render("maven/pom.xml", [
            "groupId": "io.uisgen.pipeline", "artifactId": .text(Escape.xml(p.identity.name)), "version": "1.0.0",
            "pipelineName": .text(Escape.xml(p.identity.name)), "description": .text(Escape.xml(p.identity.description ?? "uis-gen pipeline \(p.identity.name)")),
            "flinkVersion": .text(context.flinkRelease), "javaPackage": .text(p.identity.javaPackage), "mainClass": .text(p.identity.javaPackage + ".SqlRunner"),
            "dependencies": .list(dependencies), "repositories": .list([]), "uisGenVersion": .text(Escape.xmlComment(UISGenVersion.current)),
        ])
        let runner = try templates.render("maven/SqlRunner.java", [
            "javaPackage": .text(p.identity.javaPackage), "pipelineName": .text(Escape.javaString(p.identity.name)), "uisGenVersion": .text(Escape.javaString(UISGenVersion.current)),
        ])
        func label(_ s: String) -> String {
            Escape.lineComment(s).replacingBytes("\\", with: "\\\\").replacingBytes("\"", with: "\\\"").replacingBytes("$", with: "\\$")
        }
        var extraJars: [TemplateValue] = []
        for note in p.connectorNotes where !p.artifacts.contains(where: { note.contains($0.coordinate.description) }) {
            extraJars.append(["path": .text("lib/\(p.provider.type.rawValue)-connector.jar"), "comment": .text(Escape.lineComment(note))])
        }
        let docker: TemplateContext = [
            "image": .text(p.flink.image), "pipelineName": .text(label(p.identity.name)),
            "specSha256": .text(p.identity.specSHA256.isEmpty ? String(repeating: "0", count: 64) : p.identity.specSHA256),
            "uisGenVersion": .text(label(UISGenVersion.current)), "version": "1.0.0", "extraJars": .list(extraJars),
            // plugin names and jar names come from a fixed table: letters, digits, dots and dashes only
            "fileSystemPlugins": .objects(p.flink.fileSystemPlugins.map { ["name": .text($0.name), "jar": .text($0.jar)] }),
        ]
        let dockerfile = try templates.render("docker/Dockerfile", docker)
        return [BundleFile(path: "pom.xml", contents: pom),
                BundleFile(path: "src/main/java/\(context.javaPackagePath)/SqlRunner.java", contents: runner),
                BundleFile(path: "Dockerfile", contents: dockerfile)]
    }
}
