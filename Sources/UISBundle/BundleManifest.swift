import Foundation
import UISCompiler
import UISSpec

/// `bundle.json`: what the bundle is (pipeline, spec digest, Flink, image, deployment) and every other
/// file with its size, SHA-256 and mode. Written by the renderer, read back by `uis-gen inspect`.
public struct BundleManifest: Sendable, Equatable, Codable {
    /// The manifest's path in the bundle folder.
    public static let path = "bundle.json"

    /// One listed file.
    public struct Entry: Sendable, Equatable, Codable {
        /// Path relative to the bundle folder.
        public var path: String
        /// Size in bytes.
        public var size: Int
        /// SHA-256 of the contents (hex).
        public var sha256: String
        /// `0755` or `0644`.
        public var mode: String
    }

    /// The uis-gen version that wrote the bundle.
    public var uisGenVersion: String
    /// The pipeline name (also the bundle's top folder).
    public var pipeline: String
    /// SHA-256 of the spec file (hex).
    public var specSHA256: String
    /// The targeted Flink minor version.
    public var flinkVersion: String
    /// The Flink release of the image.
    public var flinkRelease: String
    /// The job image.
    public var image: String
    /// The FlinkDeployment's name.
    public var deployment: String
    /// The Kubernetes namespace.
    public var namespace: String
    /// The Secret keys the job needs.
    public var secrets: [String]
    /// Every file of the bundle but the manifest, sorted by path.
    public var files: [Entry]

    /// The JSON keys (snake case, as written since the first release).
    enum CodingKeys: String, CodingKey {
        case uisGenVersion = "uis_gen_version", pipeline, specSHA256 = "spec_sha256", flinkVersion = "flink_version"
        case flinkRelease = "flink_release", image, deployment, namespace, secrets, files
    }

    /// The manifest of `files` (every file but the manifest itself).
    init(_ context: BundleContext, files: [BundleFile]) {
        let p = context.pipeline
        uisGenVersion = UISGenVersion.current
        pipeline = p.identity.name
        specSHA256 = p.identity.specSHA256
        flinkVersion = p.flink.version.rawValue
        flinkRelease = context.flinkRelease
        image = context.image
        deployment = context.deploymentName
        namespace = context.namespace
        secrets = p.secrets.map(\.name)
        self.files = files.map { file in
            let bytes = file.contents.utf8
            return Entry(path: file.path, size: bytes.count, sha256: FileDigest.sha256Hex(bytes), mode: file.isExecutable ? "0755" : "0644")
        }
    }

    /// Reads a manifest.
    public init(json: Data) throws {
        self = try JSONDecoder().decode(BundleManifest.self, from: json)
    }

    /// The JSON text, keys in the documented order.
    public func encoded() -> String {
        let entries: [JSONValue] = files.map {
            ["path": .string($0.path), "size": .int($0.size), "sha256": .string($0.sha256), "mode": .string($0.mode)]
        }
        let json: JSONValue = [
            "uis_gen_version": .string(uisGenVersion), "pipeline": .string(pipeline), "spec_sha256": .string(specSHA256),
            "flink_version": .string(flinkVersion), "flink_release": .string(flinkRelease), "image": .string(image),
            "deployment": .string(deployment), "namespace": .string(namespace), "secrets": .array(secrets.map { .string($0) }),
            "files": .array(entries),
        ]
        return json.encoded()
    }

    /// What one file of a bundle is, measured against its entry.
    public enum FileCheck: Sendable, Equatable {
        /// Size and SHA-256 match.
        case ok
        /// Listed, present, different.
        case differs
        /// Listed, absent.
        case missing
    }

    /// Each listed file checked against `contents` (path relative to the bundle folder → bytes), and
    /// the files present but not listed (the manifest itself excepted).
    public func verify(_ contents: [String: [UInt8]]) -> (checks: [(entry: Entry, result: FileCheck)], unlisted: [String]) {
        var checks: [(Entry, FileCheck)] = []
        for entry in files {
            guard let bytes = contents[entry.path] else { checks.append((entry, .missing)); continue }
            let ok = bytes.count == entry.size && FileDigest.sha256Hex(bytes) == entry.sha256
            checks.append((entry, ok ? .ok : .differs))
        }
        let listed = Set(files.map(\.path) + [Self.path])
        return (checks, contents.keys.filter { !listed.contains($0) }.sorted())
    }
}
