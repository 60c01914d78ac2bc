import Foundation
import UISArchive
import UISTestSupport

/// A realistic bundle: about 40 SQL/YAML/JSON/Markdown-like text files of 1–20 KB.
enum Corpus {
    static let words = [
        "event_time", "user_id", "session", "watermark", "window", "tumble", "hop", "kafka", "topic",
        "partition", "checkpoint", "parallelism", "taskmanager", "jobmanager", "memory", "process",
        "analytics", "realtime", "clickstream", "orders", "payments", "revenue", "country", "device",
        "timestamp", "bigint", "varchar", "decimal", "boolean", "format", "json", "avro", "schema",
        "registry", "bootstrap", "servers", "group", "offset", "earliest", "latest", "sink", "source",
    ]

    static func bundle(seed: UInt64 = 42, fileCount: Int = 40) -> [ArchiveEntry] {
        var rng = SplitMix64(seed: seed)
        let pipelines = ["realtime-analytics", "fraud-scoring", "inventory-sync", "clickstream-enrich"]
        var entries: [ArchiveEntry] = []
        for i in 0..<fileCount {
            let pipeline = pipelines[i % pipelines.count]
            let size = Int.random(in: 1_024...20_480, using: &rng)
            let kind = i % 5
            let (path, text): (String, String)
            switch kind {
            case 0: (path, text) = ("\(pipeline)/sql/job-\(i).sql", sql(size, &rng))
            case 1: (path, text) = ("\(pipeline)/k8s/resource-\(i).yaml", yaml(size, &rng))
            case 2: (path, text) = ("\(pipeline)/config/job-\(i).json", json(size, &rng))
            case 3: (path, text) = ("\(pipeline)/README-\(i).md", markdown(size, &rng))
            default: (path, text) = ("\(pipeline)/bin/run-\(i).sh", shell(size, &rng))
            }
            entries.append(ArchiveEntry(path: path, text: text, isExecutable: kind == 4))
        }
        return entries
    }

    private static func word(_ rng: inout SplitMix64) -> String { words.randomElement(using: &rng)! }

    private static func fill(_ size: Int, _ rng: inout SplitMix64, line: (inout SplitMix64) -> String) -> String {
        var out = ""
        while out.utf8.count < size { out += line(&rng) + "\n" }
        return String(decoding: out.utf8.prefix(size), as: UTF8.self)
    }

    static func sql(_ size: Int, _ rng: inout SplitMix64) -> String {
        fill(size, &rng) { rng in
            let a = word(&rng), b = word(&rng), c = word(&rng)
            return "SELECT \(a), COUNT(*) AS \(b)_count, SUM(\(c)) FROM \(word(&rng)) WHERE \(a) > \(Int.random(in: 0...9999, using: &rng)) GROUP BY TUMBLE(\(b), INTERVAL '\(Int.random(in: 1...60, using: &rng))' MINUTE);"
        }
    }

    static func yaml(_ size: Int, _ rng: inout SplitMix64) -> String {
        fill(size, &rng) { rng in
            "  \(word(&rng)):\n    \(word(&rng)): \"\(word(&rng))-\(Int.random(in: 0...999, using: &rng))\"\n    replicas: \(Int.random(in: 1...8, using: &rng))"
        }
    }

    static func json(_ size: Int, _ rng: inout SplitMix64) -> String {
        fill(size, &rng) { rng in
            "  {\"\(word(&rng))\": \"\(word(&rng))\", \"\(word(&rng))\": \(Int.random(in: 0...100_000, using: &rng)), \"enabled\": \(Bool.random(using: &rng))},"
        }
    }

    static func markdown(_ size: Int, _ rng: inout SplitMix64) -> String {
        fill(size, &rng) { rng in
            "- The `\(word(&rng))` setting controls how the \(word(&rng)) reads from \(word(&rng)); see **\(word(&rng))**."
        }
    }

    static func shell(_ size: Int, _ rng: inout SplitMix64) -> String {
        "#!/bin/sh\nset -eu\n" + fill(size, &rng) { rng in
            "flink run --\(word(&rng)) \"$\(word(&rng).uppercased())\" -D \(word(&rng)).\(word(&rng))=\(Int.random(in: 1...64, using: &rng))"
        }
    }
}

/// A fresh empty directory, removed by the caller with `cleanup()`.
struct TemporaryDirectory {
    let path: String
    init() throws {
        path = try makeTemporaryFolder("uisarchive-tests").path
    }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
}

/// Result of running a command.
struct CommandResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs `arguments` through `/usr/bin/env` with a UTF-8 locale, feeding `input` to stdin.
func run(_ arguments: [String], input: [UInt8] = [], currentDirectory: String? = nil) throws -> CommandResult {
    let output = try runProcess("/usr/bin/env", ["LC_ALL=C.UTF-8", "TZ=UTC"] + arguments, stdin: Data(input),
                                currentDirectory: currentDirectory.map { URL(fileURLWithPath: $0) })
    return CommandResult(status: output.status, stdout: [UInt8](output.stdout), stderr: output.stderrText)
}

/// One raw 512-byte tar header, as far as the tests care.
struct RawTarHeader {
    var name: String
    var typeflag: UInt8
    var mode: String
    var uid: String
    var gid: String
    var mtime: String
    var uname: String
    var gname: String
    var body: [UInt8]
}

/// Parses an uncompressed tar stream into its raw headers (pax headers included).
func rawHeaders(_ tar: [UInt8]) -> [RawTarHeader] {
    func field(_ block: ArraySlice<UInt8>, _ offset: Int, _ length: Int) -> String {
        let start = block.startIndex + offset
        let bytes = block[start..<(start + length)].prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }
    var headers: [RawTarHeader] = []
    var offset = 0
    while offset + 512 <= tar.count {
        let block = tar[offset..<(offset + 512)]
        if block.allSatisfy({ $0 == 0 }) { break }
        let size = Int(field(block, 124, 12), radix: 8) ?? 0
        let bodyStart = offset + 512
        let body = Array(tar[bodyStart..<min(tar.count, bodyStart + size)])
        headers.append(RawTarHeader(
            name: field(block, 0, 100), typeflag: block[block.startIndex + 156],
            mode: field(block, 100, 8), uid: field(block, 108, 8), gid: field(block, 116, 8),
            mtime: field(block, 136, 12), uname: field(block, 265, 32), gname: field(block, 297, 32),
            body: body))
        offset = bodyStart + (size + 511) / 512 * 512
    }
    return headers
}

/// Keys of a pax extended header body (`"<len> key=value\n"` records).
func paxKeys(_ body: [UInt8]) -> [String] {
    String(decoding: body, as: UTF8.self).split(separator: "\n").compactMap { record in
        guard let space = record.firstIndex(of: " "), let equals = record.firstIndex(of: "=") else { return nil }
        return String(record[record.index(after: space)..<equals])
    }
}

/// gunzip via the system `gzip`, independent of libarchive.
func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let result = try run(["gzip", "-dc"], input: bytes)
    guard result.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
    return result.stdout
}
