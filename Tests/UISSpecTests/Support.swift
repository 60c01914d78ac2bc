import Foundation
@testable import UISSpec

/// The repository root, found from this file's path (Tests/UISSpecTests/Support.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Reads spec text in memory.
func read(_ text: String, syntax: SpecLoader.Syntax = .yaml, file: String = "test.yaml") -> SpecDecoder.Output {
    SpecReader().read(text: text, file: file, syntax: syntax)
}

/// Loads text, expecting failure; returns the diagnostics.
func loadErrors(_ data: Data, syntax: SpecLoader.Syntax = .yaml, limits: LoadLimits = LoadLimits()) -> [Diagnostic] {
    do {
        _ = try SpecLoader(limits: limits).parse(data: data, file: "t", syntax: syntax)
        return []
    } catch {
        return error.diagnostics
    }
}

/// A valid spec to vary in tests.
let minimalSpec = """
version: "1.1"
name: tiny
created_by: tests
provider:
  name: p
  provider_type: websocket
  base_url: wss://example.com
  endpoints:
    - name: ticks
      path: /ws
  sinks:
    - type: kafka
      kafka_topic: out
      config:
        bootstrap_servers: kafka:9092

"""
