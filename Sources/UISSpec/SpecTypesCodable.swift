import Foundation

/// A type encodes as its canonical SQL text (`DECIMAL(10, 2) NOT NULL`) and decodes by parsing it.
extension FlinkType: Codable {
    /// Encodes the SQL text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(sql)
    }

    /// Parses the SQL text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch FlinkType.parse(text) {
        case let .success(type): self = type
        case let .failure(error):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a Flink SQL type: \(text) (\(error))")
        }
    }
}

/// Coordinates encode as `group:artifact:version[:classifier]`.
extension MavenCoordinate: Codable {
    /// Encodes `g:a:v[:c]`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses `g:a:v[:c]`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let coordinate = MavenCoordinate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not Maven coordinates group:artifact:version: \(text)")
        }
        self = coordinate
    }
}
