import Foundation

/// The repository's root folder (the one holding Package.swift, Examples/ and Tests/), found from
/// this file's path, Tests/UISTestSupport/RepositoryRoot.swift.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
