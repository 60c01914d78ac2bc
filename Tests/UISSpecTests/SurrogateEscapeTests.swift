import Foundation
import Testing
@testable import UISSpec

@Suite struct SurrogateEscapeTests {
    /// Python's json.dump writes emoji as surrogate pairs; those specs must load with the real character.
    @Test func jsonSurrogatePairsBecomeTheCharacter() throws {
        let json = #"{"version": "1.1", "name": "e", "created_by": "\ud83d\ude80 x", "description": "\\ud83d\\ude80 kept"}"#
        let root = try SpecLoader().parse(data: Data(json.utf8), file: "e.json", syntax: .json)
        #expect(root["created_by"]?.scalar?.text == "🚀 x")
        // an escaped backslash before `u` is text, not an escape
        #expect(root["description"]?.scalar?.text == #"\ud83d\ude80 kept"#)
    }

    @Test func loneSurrogateIsStillAnError() {
        let json = #"{"a": "\ud83d alone"}"#
        #expect(throws: DiagnosticsError.self) { try SpecLoader().parse(data: Data(json.utf8), file: "e.json", syntax: .json) }
    }
}
