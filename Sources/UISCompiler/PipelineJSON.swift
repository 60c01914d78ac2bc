import Foundation

/// The pipeline's JSON form (`uis-gen explain --format json`): its `Codable` encoding with sorted keys,
/// so the same pipeline always gives the same bytes and two pipelines can be compared key by key.
extension Pipeline {
    /// Pretty-printed JSON with sorted keys and a final newline.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // every member is a string, number, bool, array or object of those: encoding cannot fail
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Decodes the JSON `jsonText()` writes.
    public init(jsonText: String) throws {
        self = try JSONDecoder().decode(Pipeline.self, from: Data(jsonText.utf8))
    }
}
