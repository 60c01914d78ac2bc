import Foundation
@testable import UISSpec

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
