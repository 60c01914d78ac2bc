import Foundation
import Testing
import UISBundle
import UISCompiler
import UISSpec
import UISText
import UISTestSupport

/// No spec value steers a file name: bundle paths come only from the fixed layout, the validated DNS-label
/// pipeline name (the tarball's top folder) and the Java package derived from it.
@Suite struct PathSafetyTests {
    /// Every path of a bundle is relative, has no empty, `.` or `..` part and uses `[A-Za-z0-9._/-]` only.
    func checkPaths(_ bundle: RenderedBundle) {
        for file in bundle.files {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: false)
            #expect(!file.path.hasPrefix("/") && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }, "\(file.path)")
            #expect(file.path.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._/-".unicodeScalars.contains($0)) }, "\(file.path)")
        }
        #expect(SpecRules.isValidName(bundle.folder))
    }

    func render(_ text: String) throws -> RenderedBundle? {
        let result = BundlePipeline.run(.text(text, file: "t.yaml", syntax: .yaml))
        guard result.pipeline != nil else { return nil }
        return try #require(result.bundle, "\(result.diagnostics.map(\.formatted))")
    }

    /// Path-like text in every string field that accepts it: the file list is the same as for plain values.
    @Test func pathLikeValuesDoNotReachFileNames() throws {
        let reference = try #require(try render(Self.spec(text: "plain")))
        let hostile = ["../../etc/passwd", "/abs/path", "a/../../b", "..", "x\u{0}y", "~/.ssh/id_rsa", "C:\\windows", "%2e%2e%2f"]
        for text in hostile {
            let bundle = try #require(try render(Self.spec(text: text)), "spec with \(text.debugDescription) is rejected")
            checkPaths(bundle)
            #expect(bundle.files.map(\.path) == reference.files.map(\.path), "\(text.debugDescription)")
        }
    }

    /// For any valid pipeline name the Java package is a legal package (no keyword parts) and its path is safe.
    @Test func javaPackageIsSafeForAnyName() throws {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-")
        var names = ["class", "int", "true", "null", "package", "goto", "_", "0", "9lives", "a-b", "enum", "record", "var"]
        for _ in 0..<300 {
            var name = String((0..<(1 + rng.below(45))).map { _ in alphabet[rng.below(alphabet.count)] })
            while name.hasPrefix("-") { name.removeFirst() }
            while name.hasSuffix("-") { name.removeLast() }
            if SpecRules.isValidName(name) { names.append(name) }
        }
        let keywords: Set<String> = ["abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
                                     "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
                                     "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
                                     "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
                                     "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "_"]
        for name in names where SpecRules.isValidName(name) {
            let text = minimalSpecYAML.replacingOccurrences(of: "name: tiny", with: "name: \"\(name)\"")
            let result = BundlePipeline.run(.text(text, file: "t.yaml", syntax: .yaml), options: BundlePipelineOptions(goal: .resolve))
            let pipeline = try #require(result.pipeline, "\(name): \(result.diagnostics.map(\.formatted))")
            let parts = pipeline.identity.javaPackage.split(separator: ".").map(String.init)
            #expect(Array(parts.prefix(3)) == ["io", "uisgen", "pipeline"] && parts.count == 4, "\(name): \(pipeline.identity.javaPackage)")
            let last = parts.last ?? ""
            #expect(!keywords.contains(last), "\(name): \(pipeline.identity.javaPackage)")
            #expect(last.first.map { $0 == "_" || $0.isLetter } == true && last.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }, "\(name): \(pipeline.identity.javaPackage)")
            #expect(BundleContext(pipeline: pipeline).javaPackagePath == parts.joined(separator: "/"))
        }
    }

    /// A spec with `text` in every field whose value could plausibly be mistaken for a path.
    static func spec(text: String) -> String {
        let q = Escape.yaml(text)
        return """
            version: "1.1"
            name: paths
            created_by: \(q)
            description: \(q)
            provider:
              name: \(q)
              display_name: \(q)
              provider_type: webhook
              base_url: https://hooks.example.com
              tenant_id: \(q)
              owner: \(q)
              config:
                connector: http-webhook
                kafka_bootstrap_servers: kafka:9092
              endpoints:
                - name: \(Escape.yaml("e " + text))
                  path: /hooks/x
                  headers: {X-Path: \(q)}
                  query_params: {p: \(q)}
                  schema:
                    - {name: \(q), type: STRING}
                  field_mapping: {\(q): col}
              sinks:
                - type: kafka
                  kafka_topic: out
                - type: iceberg
                  iceberg_table: db.tbl
                  config: {catalog_type: hadoop, warehouse: "s3://w/"}

            """
    }
}
