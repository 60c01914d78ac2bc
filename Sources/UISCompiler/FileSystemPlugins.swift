import UISSpec

/// A Flink file system plugin the image must enable: stock images keep them in `/opt/flink/opt`, and Flink
/// loads one only from its own folder under `/opt/flink/plugins`.
public struct FileSystemPlugin: Sendable, Hashable, Codable {
    /// The plugin's folder under `/opt/flink/plugins` (`s3-fs-presto`).
    public var name: String
    /// The jar in `/opt/flink/opt` of the image's Flink release (`flink-s3-fs-presto-2.2.1.jar`).
    public var jar: String
    /// The URI schemes of the pipeline it serves.
    public var schemes: [String]
    /// The spec fields whose URIs need it (`provider.config.checkpoint_dir`).
    public var usedBy: [String]
}

/// Which plugin serves which URI scheme (Flink docs, "File Systems": `flink-s3-fs-presto` registers `s3://` and
/// `s3p://` and is the one recommended for checkpoints, `flink-s3-fs-hadoop` `s3a://`, `flink-gs-fs-hadoop` `gs://`,
/// `flink-azure-fs-hadoop` `abfs(s)://` and `wasb(s)://`, `flink-oss-fs-hadoop` `oss://`; each ships as
/// `opt/flink-<name>-<release>.jar`).
package enum FileSystemPlugins {
    /// The plugin name per scheme.
    static let pluginByScheme: [String: String] = [
        "s3": "s3-fs-presto", "s3p": "s3-fs-presto", "s3a": "s3-fs-hadoop", "gs": "gs-fs-hadoop",
        "abfs": "azure-fs-hadoop", "abfss": "azure-fs-hadoop", "wasb": "azure-fs-hadoop", "wasbs": "azure-fs-hadoop",
        "oss": "oss-fs-hadoop",
    ]

    /// Schemes Flink reads without a plugin from the stock image's classpath.
    static let builtIn: Set<String> = ["file"]

    /// What a scheme needs.
    enum Need: Equatable {
        /// Nothing (`file://`).
        case nothing
        /// A plugin.
        case plugin(String)
        /// Hadoop's client on the classpath, which the stock image does not have (`hdfs://`).
        case hadoopClasspath
        /// No file system Flink knows.
        case unknown
    }

    /// The scheme of a URI (`s3` of `s3://bucket/x`), lowercased; nil without `://`.
    static func scheme(of uri: String) -> String? {
        guard let end = uri.range(of: "://") else { return nil }
        let scheme = uri[..<end.lowerBound].lowercased()
        return scheme.isEmpty ? nil : scheme
    }

    /// What `scheme` needs.
    static func need(_ scheme: String) -> Need {
        if builtIn.contains(scheme) { return .nothing }
        if let plugin = pluginByScheme[scheme] { return .plugin(plugin) }
        if scheme == "hdfs" { return .hadoopClasspath }
        return .unknown
    }

    /// The plugin jar of a Flink release.
    static func jar(_ plugin: String, release: String) -> String { "flink-\(plugin)-\(release).jar" }
}
