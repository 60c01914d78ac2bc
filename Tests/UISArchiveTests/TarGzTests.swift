import Foundation
import Testing
@testable import UISArchive
import UISTestSupport

private let options = ArchiveOptions(modificationTime: 1_700_000_000)

/// Regular files only, keyed by path.
private func files(_ entries: [ArchiveReadEntry]) -> [String: ArchiveReadEntry] {
    Dictionary(uniqueKeysWithValues: entries.filter { $0.type == .regularFile }.map { ($0.path, $0) })
}

@Suite("TarGz writing and reading")
struct TarGzTests {
    @Test func roundTripKeepsPathsContentsAndModes() throws {
        let input = Corpus.bundle() + [ArchiveEntry(path: "empty.txt", contents: [])]
        let bytes = try TarGz.archive(input, options: options)
        let read = try TarGz.read(bytes: bytes)
        let byPath = files(read)
        #expect(byPath.count == input.count)
        for entry in input {
            let back = try #require(byPath[entry.path])
            #expect(back.contents == entry.contents)
            #expect(back.mode == (entry.isExecutable ? 0o755 : 0o644))
        }
    }

    @Test func roundTripThroughFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let target = dir.path + "/bundle.tar.gz"
        let input = Corpus.bundle()
        try TarGz.write(input, to: target, options: options)
        let fromFile = try TarGz.read(path: target)
        #expect(files(fromFile).mapValues(\.contents) == Dictionary(uniqueKeysWithValues: input.map { ($0.path, $0.contents) }))
        // The file holds exactly the in-memory bytes.
        let onDisk = [UInt8](try Data(contentsOf: URL(fileURLWithPath: target)))
        #expect(onDisk == (try TarGz.archive(input, options: options)))
        #expect(try dir.contents() == ["bundle.tar.gz"])
    }

    @Test func sameEntriesInAnyOrderGiveIdenticalBytes() throws {
        let input = Corpus.bundle()
        let first = try TarGz.archive(input, options: options)
        let second = try TarGz.archive(input, options: options)
        var rng = SplitMix64(seed: 7)
        let shuffled = try TarGz.archive(input.shuffled(using: &rng), options: options)
        let reversed = try TarGz.archive(input.reversed(), options: options)
        #expect(first == second)
        #expect(first == shuffled)
        #expect(first == reversed)
    }

    @Test func modificationTimeIsUsedForEveryEntry() throws {
        let env = ArchiveOptions.fromEnvironment(["SOURCE_DATE_EPOCH": "1234567890"])
        #expect(env.modificationTime == 1_234_567_890)
        #expect(env.compressionLevel == ArchiveOptions.defaultCompressionLevel)
        let read = try TarGz.read(bytes: TarGz.archive(Corpus.bundle(fileCount: 5), options: env))
        #expect(read.count > 5)
        #expect(read.allSatisfy { $0.modificationTime == 1_234_567_890 })
        // Different time, different bytes: the time really is in the archive.
        #expect(try TarGz.archive(Corpus.bundle(fileCount: 5), options: env)
            != TarGz.archive(Corpus.bundle(fileCount: 5), options: ArchiveOptions()))
    }

    @Test(arguments: [
        ("", nil), ("abc", nil), ("-5", nil), ("+5", nil), (" 5", nil), ("5 ", nil), ("1e9", nil),
        ("99999999999999999999", nil), ("8589934592", nil),
        ("0", 0), ("1700000000", 1_700_000_000), ("8589934591", 8_589_934_591),
    ] as [(String, Int64?)])
    func sourceDateEpochParsing(value: String, expected: Int64?) {
        #expect(ArchiveOptions.sourceDateEpoch(value) == expected)
        #expect(ArchiveOptions.fromEnvironment(["SOURCE_DATE_EPOCH": value]).modificationTime == (expected ?? 0))
    }

    @Test func fromEnvironmentReadsTheProcessEnvironment() {
        let expected = ArchiveOptions.fromEnvironment(ProcessInfo.processInfo.environment)
        #expect(ArchiveOptions.fromEnvironment() == expected)
    }

    @Test func missingSourceDateEpochMeansZero() throws {
        #expect(ArchiveOptions.fromEnvironment([:]).modificationTime == 0)
        #expect(ArchiveOptions().modificationTime == 0)
        let read = try TarGz.read(bytes: TarGz.archive([ArchiveEntry(path: "a", text: "x")], options: ArchiveOptions()))
        #expect(read.map(\.modificationTime) == [0])
    }

    @Test func gzipHeaderHasNoTimestampAndNoName() throws {
        let bytes = try TarGz.archive(Corpus.bundle(fileCount: 3), options: options)
        #expect(Array(bytes.prefix(3)) == [0x1F, 0x8B, 0x08])  // magic, deflate
        #expect(bytes[3] == 0)  // FLG: no FNAME, FCOMMENT, FEXTRA, FHCRC
        #expect(Array(bytes[4..<8]) == [0, 0, 0, 0])  // MTIME
    }

    @Test(arguments: [1, 6, 9])
    func everyLevelProducesAReadableArchive(level: Int) throws {
        let input = Corpus.bundle(fileCount: 10)
        let read = try TarGz.read(bytes: TarGz.archive(input, options: ArchiveOptions(compressionLevel: level)))
        #expect(files(read).count == 10)
    }

    @Test(arguments: [0, 10, -1])
    func invalidCompressionLevelIsRejected(level: Int) {
        #expect(throws: ArchiveError.self) {
            try TarGz.archive([], options: ArchiveOptions(compressionLevel: level))
        }
    }

    @Test func outOfRangeModificationTimeIsRejected() {
        for time: Int64 in [-1, 8_589_934_592] {
            #expect(throws: ArchiveError.self) {
                try TarGz.archive([], options: ArchiveOptions(modificationTime: time))
            }
        }
    }

    @Test func ownershipAndModes() throws {
        let read = try TarGz.read(bytes: TarGz.archive(Corpus.bundle(), options: options))
        for entry in read {
            #expect(entry.uid == 0 && entry.gid == 0)
            #expect(entry.userName == "root" && entry.groupName == "root")
            switch entry.type {
            case .directory: #expect(entry.mode == 0o755)
            case .regularFile: #expect(entry.mode == 0o644 || entry.mode == 0o755)
            default: Issue.record("unexpected \(entry.type) at \(entry.path)")
            }
        }
        #expect(!read.contains { $0.type == .symlink })
        #expect(read.contains { $0.mode == 0o755 && $0.type == .regularFile })
    }

    @Test func directoriesArePresentAndEverythingIsSorted() throws {
        let input = [
            ArchiveEntry(path: "b/z.txt", text: "z"),
            ArchiveEntry(path: "a-b.txt", text: "ab"),
            ArchiveEntry(path: "a/deep/er/file.sql", text: "select 1"),
            ArchiveEntry(path: "a/B.md", text: "B"),
            ArchiveEntry(path: "top.json", text: "{}"),
        ]
        let read = try TarGz.read(bytes: TarGz.archive(input, options: options))
        let paths = read.map(\.path)
        #expect(paths == ["a", "a-b.txt", "a/B.md", "a/deep", "a/deep/er", "a/deep/er/file.sql", "b", "b/z.txt", "top.json"])
        #expect(paths == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let directories = read.filter { $0.type == .directory }.map(\.path)
        #expect(directories == ["a", "a/deep", "a/deep/er", "b"])
        // Every parent appears before its children.
        for (index, path) in paths.enumerated() where path.contains("/") {
            let parent = String(path[..<path.lastIndex(of: "/")!])
            #expect(paths[..<index].contains(parent), "parent of \(path)")
        }
    }

    @Test func emptyArchive() throws {
        let bytes = try TarGz.archive([], options: options)
        #expect(try TarGz.read(bytes: bytes).isEmpty)
        #expect(try run(["tar", "-tzf", "-"], input: bytes).status == 0)
    }

    @Test(arguments: [
        ("", PathProblem.empty),
        ("/etc/passwd", .absolute),
        ("/", .absolute),
        ("a/../../etc/passwd", .dotDotComponent),
        ("..", .dotDotComponent),
        ("a/..", .dotDotComponent),
        ("./a", .dotComponent),
        ("a/./b", .dotComponent),
        (".", .dotComponent),
        ("a//b", .emptyComponent),
        ("a/", .emptyComponent),
        ("a\u{0}b", .nulCharacter),
        ("a\\b", .backslash),
        ("..\\evil", .backslash),
        ("a\nb", .controlCharacter),
        (String(repeating: "x", count: 256), .tooLong),
        (Array(repeating: "d", count: 2100).joined(separator: "/"), .tooLong),
    ] as [(String, PathProblem)])
    func unsafePathIsRejected(path: String, problem: PathProblem) {
        let entries = [ArchiveEntry(path: "fine.txt", text: "ok"), ArchiveEntry(path: path, text: "bad")]
        #expect(throws: ArchiveError.invalidPath(path: path, problem: problem)) {
            try TarGz.archive(entries, options: options)
        }
    }

    @Test func duplicatePathIsRejected() {
        let entries = [ArchiveEntry(path: "a/b.txt", text: "1"), ArchiveEntry(path: "a/b.txt", text: "2")]
        #expect(throws: ArchiveError.invalidPath(path: "a/b.txt", problem: .duplicate)) {
            try TarGz.archive(entries, options: options)
        }
        // Canonically equivalent Unicode spellings would collide on many file systems.
        let nfc = ArchiveEntry(path: "caf\u{E9}.txt", text: "1"), nfd = ArchiveEntry(path: "cafe\u{301}.txt", text: "2")
        #expect(throws: ArchiveError.self) { try TarGz.archive([nfc, nfd], options: options) }
    }

    @Test func fileUsedAsDirectoryIsRejected() {
        let entries = [ArchiveEntry(path: "a/b", text: "file"), ArchiveEntry(path: "a/b/c.txt", text: "inside")]
        #expect(throws: ArchiveError.invalidPath(path: "a/b", problem: .fileUsedAsDirectory)) {
            try TarGz.archive(entries, options: options)
        }
    }

    @Test func errorMessagesNamePathAndCause() {
        let error = ArchiveError.invalidPath(path: "a/../b", problem: .dotDotComponent)
        #expect(error.description.contains("'a/../b'"))
        #expect(error.description.contains(".."))
        let nul = ArchiveError.invalidPath(path: "a\u{0}b", problem: .nulCharacter)
        #expect(nul.description.contains("a\\u{0}b"))
    }

    @Test func longAndNonASCIIPathsRoundTrip() throws {
        let long = (1...8).map { "segment-number-\($0)-of-a-rather-long-path" }.joined(separator: "/") + "/file.yaml"
        #expect(long.utf8.count > 255)
        let longName = "n" + String(repeating: "a", count: 180) + ".sql"  // one component > 100 bytes
        let input = [
            ArchiveEntry(path: long, text: "long"),
            ArchiveEntry(path: "dir/" + longName, text: "long name"),
            ArchiveEntry(path: "données/résumé-日本語.md", text: "accents"),
            ArchiveEntry(path: "emoji/🚀 launch.txt", text: "rocket", isExecutable: true),
        ]
        let bytes = try TarGz.archive(input, options: options)
        let read = files(try TarGz.read(bytes: bytes))
        for entry in input {
            let back = try #require(read[entry.path], "missing \(entry.path)")
            #expect(back.contents == entry.contents)
        }
        // GNU tar sees the same names.
        let listing = try run(["tar", "--quoting-style=literal", "-tzf", "-"], input: bytes)
        #expect(listing.status == 0, "\(listing.stderr)")
        let listed = Set(listing.text.split(separator: "\n").map(String.init))
        for entry in input { #expect(listed.contains(entry.path), "tar does not list \(entry.path)") }
    }

    @Test func paxHeadersCarryNoTimesAndNoXattrs() throws {
        let input = [
            ArchiveEntry(path: String(repeating: "long-", count: 40) + "/x.txt", text: "x"),
            ArchiveEntry(path: "ünïcödé/ファイル.txt", text: "y"),
            ArchiveEntry(path: "plain.txt", text: "z"),
        ]
        let tar = try gunzip(try TarGz.archive(input, options: options))
        let headers = rawHeaders(tar)
        let pax = headers.filter { $0.typeflag == UInt8(ascii: "x") || $0.typeflag == UInt8(ascii: "g") }
        #expect(!pax.isEmpty, "long and non-ASCII paths need pax headers")
        for header in pax {
            for key in paxKeys(header.body) {
                #expect(key == "path" || key == "linkpath", "unexpected pax record \(key) in \(header.name)")
            }
        }
        for header in headers {
            #expect(Int(header.mtime, radix: 8) == 1_700_000_000, "mtime of \(header.name)")
            #expect(Int(header.uid, radix: 8) == 0 && Int(header.gid, radix: 8) == 0)
        }
        // A plain path needs no pax header at all.
        let plain = rawHeaders(try gunzip(try TarGz.archive([ArchiveEntry(path: "plain.txt", text: "z")], options: options)))
        #expect(plain.map(\.typeflag) == [UInt8(ascii: "0")])
        #expect(plain.first?.name == "plain.txt")
    }

    @Test func gnuTarListsTheArchiveWithFixedTimesAndOwners() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let target = dir.path + "/bundle.tar.gz"
        let input = Corpus.bundle(fileCount: 6)
        try TarGz.write(input, to: target, options: options)

        let listing = try run(["tar", "-tzvf", target, "--full-time", "--numeric-owner"])
        #expect(listing.status == 0, "\(listing.stderr)")
        let lines = listing.text.split(separator: "\n")
        let expectedCount = try TarGz.read(path: target).count
        #expect(lines.count == expectedCount)
        for line in lines {
            #expect(line.contains(" 0/0 "), "owner in: \(line)")
            #expect(line.contains("2023-11-14 22:13:20"), "time in: \(line)")
            #expect(line.hasPrefix("-rw-r--r--") || line.hasPrefix("-rwxr-xr-x") || line.hasPrefix("drwxr-xr-x"), "\(line)")
        }
        for entry in input {
            #expect(lines.contains { $0.hasSuffix(" " + entry.path) }, "tar does not list \(entry.path)")
        }

        // And GNU tar extracts the same bytes.
        let out = dir.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        let extract = try run(["tar", "-xzf", target, "-C", out])
        #expect(extract.status == 0, "\(extract.stderr)")
        for entry in input {
            let data = try Data(contentsOf: URL(fileURLWithPath: out + "/" + entry.path))
            #expect([UInt8](data) == entry.contents)
        }
    }
}

@Suite("Atomic write")
struct AtomicWriteTests {
    @Test func failsWhenParentIsARegularFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let parent = dir.path + "/not-a-dir"
        try Data("x".utf8).write(to: URL(fileURLWithPath: parent))
        let target = parent + "/bundle.tar.gz"
        #expect(throws: ArchiveError.self) { try TarGz.write(Corpus.bundle(fileCount: 2), to: target, options: options) }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try dir.contents() == ["not-a-dir"])
    }

    @Test func failsWhenTargetIsADirectoryAndLeavesNoLitter() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let target = dir.path + "/bundle.tar.gz"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        do {
            try TarGz.write(Corpus.bundle(fileCount: 2), to: target, options: options)
            Issue.record("write into a directory path succeeded")
        } catch {
            #expect(error.description.contains(target), "\(error)")
        }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(try dir.contents() == ["bundle.tar.gz"], "temporary file left behind")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty)
    }

    @Test func existingFileIsUntouchedWhenWritingFailsLate() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let target = dir.path + "/bundle.tar.gz"
        let old = Array("previous archive".utf8)
        try Data(old).write(to: URL(fileURLWithPath: target))
        // Fails after the temporary file is complete and synced, just before rename.
        #expect(throws: ArchiveError.self) {
            try TarGz.write(Corpus.bundle(fileCount: 3), to: target, options: options, failBeforeRename: true)
        }
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: target))) == old)
        #expect(try dir.contents() == ["bundle.tar.gz"], "temporary file left behind")
    }

    @Test func existingFileIsUntouchedWhenEntriesAreInvalid() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let target = dir.path + "/bundle.tar.gz"
        let old = Array("previous archive".utf8)
        try Data(old).write(to: URL(fileURLWithPath: target))
        #expect(throws: ArchiveError.invalidPath(path: "../escape", problem: .dotDotComponent)) {
            try TarGz.write([ArchiveEntry(path: "../escape", text: "x")], to: target, options: options)
        }
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: target))) == old)
        #expect(try dir.contents() == ["bundle.tar.gz"])
    }

    @Test func failsWithoutCreatingAnythingWhenTargetAbsentAndLate() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let target = dir.path + "/bundle.tar.gz"
        #expect(throws: ArchiveError.self) {
            try TarGz.write(Corpus.bundle(fileCount: 3), to: target, options: options, failBeforeRename: true)
        }
        #expect(try dir.contents().isEmpty)
    }

    @Test func successfulWriteReplacesExistingFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let target = dir.path + "/bundle.tar.gz"
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try TarGz.write(Corpus.bundle(fileCount: 3), to: target, options: options)
        #expect(files(try TarGz.read(path: target)).count == 3)
        #expect(try dir.contents() == ["bundle.tar.gz"])
    }

    @Test(arguments: [true, false])
    func bothWritePathsReplaceAndLeaveNoLitter(unnamed: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let target = dir.path + "/bundle.tar.gz"
        try TarGz.write(Corpus.bundle(fileCount: 3), to: target, options: options, failBeforeRename: false, useUnnamedFile: unnamed)
        try TarGz.write(Corpus.bundle(fileCount: 4), to: target, options: options, failBeforeRename: false, useUnnamedFile: unnamed)
        #expect(files(try TarGz.read(path: target)).count == 4)
        #expect(try dir.contents() == ["bundle.tar.gz"])
        let mode = (try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) ?? 0
        #expect(mode & 0o600 == 0o600)
    }

    /// A full disk (a 64 KiB tmpfs; needs root, skipped otherwise): the write fails with ENOSPC, nothing
    /// is at the target and no temporary file is left, with and without O_TMPFILE, target absent or present.
    @Test(arguments: [true, false])
    func fullDiskLeavesNothing(unnamed: Bool) throws {
        guard getuid() == 0 else { return }
        let dir = try TemporaryDirectory()
        defer { _ = umount(dir.path); dir.cleanup() }
        guard mount("tmpfs", dir.path, "tmpfs", 0, "size=64k") == 0 else { return }  // no permission in this sandbox
        let target = dir.path + "/bundle.tar.gz"
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<(512 * 1024)).map { _ in UInt8.random(in: 0...255, using: &generator) }  // incompressible, > 64 KiB
        let big = [ArchiveEntry(path: "noise.bin", contents: noise)]
        #expect(throws: ArchiveError.self) {
            try TarGz.write(big, to: target, options: options, failBeforeRename: false, useUnnamedFile: unnamed)
        }
        #expect(try dir.contents().isEmpty, "litter after ENOSPC")
        let old = Array("previous archive".utf8)
        try Data(old).write(to: URL(fileURLWithPath: target))
        #expect(throws: ArchiveError.self) {
            try TarGz.write(big, to: target, options: options, failBeforeRename: false, useUnnamedFile: unnamed)
        }
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: target))) == old)
        #expect(try dir.contents() == ["bundle.tar.gz"])
    }

    @Test(arguments: ["", "/tmp/", "."])
    func targetWithoutFileNameIsRejected(target: String) {
        #expect(throws: ArchiveError.self) {
            try TarGz.write([ArchiveEntry(path: "a", text: "x")], to: target, options: options)
        }
    }
}

@Suite("Reading")
struct ReadingTests {
    @Test func decompressionBombIsStopped() throws {
        // 8 MiB of zeros compress to a few KB.
        let bomb = try TarGz.archive([ArchiveEntry(path: "zeros.bin", contents: [UInt8](repeating: 0, count: 8 << 20))], options: options)
        #expect(bomb.count < 64 * 1024)
        let limits = ArchiveReadLimits(maxUncompressedBytes: 1 << 20)
        #expect(throws: ArchiveError.tooLarge(limit: 1 << 20, path: "zeros.bin")) {
            try TarGz.read(bytes: bomb, limits: limits)
        }
        #expect(ArchiveReadLimits.default.maxUncompressedBytes == 1 << 30)
        #expect(try TarGz.read(bytes: bomb).first?.contents.count == 8 << 20)
    }

    @Test func manySmallFilesAddUpAgainstTheLimit() throws {
        let input = (0..<10).map { ArchiveEntry(path: "f\($0)", contents: [UInt8](repeating: 1, count: 1000)) }
        let bytes = try TarGz.archive(input, options: options)
        #expect(throws: ArchiveError.self) {
            try TarGz.read(bytes: bytes, limits: ArchiveReadLimits(maxUncompressedBytes: 5000))
        }
        #expect(throws: ArchiveError.tooManyEntries(limit: 3)) {
            try TarGz.read(bytes: bytes, limits: ArchiveReadLimits(maxEntries: 3))
        }
    }

    @Test func readsGeneralTarGzWithSymlinks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let src = dir.path + "/src"
        try FileManager.default.createDirectory(atPath: src + "/sub", withIntermediateDirectories: true)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: src + "/sub/hello.txt"))
        try FileManager.default.createSymbolicLink(atPath: src + "/link", withDestinationPath: "sub/hello.txt")
        let archive = dir.path + "/gnu.tar.gz"
        let made = try run(["tar", "-czf", archive, "-C", src, "."])
        #expect(made.status == 0, "\(made.stderr)")

        let read = try TarGz.read(path: archive)
        let link = try #require(read.first { $0.path.hasSuffix("link") })
        #expect(link.type == .symlink)
        #expect(link.linkTarget == "sub/hello.txt")
        #expect(link.contents.isEmpty)
        let hello = try #require(read.first { $0.path.hasSuffix("sub/hello.txt") })
        #expect(hello.type == .regularFile && hello.contents == Array("hello".utf8))
        #expect(read.contains { $0.type == .directory && $0.path.hasSuffix("sub") })
    }

    @Test func garbageAndMissingFilesFailWithLibarchiveMessage() {
        do {
            _ = try TarGz.read(bytes: Array("this is not an archive at all, not even close".utf8) + [UInt8](repeating: 7, count: 600))
            Issue.record("garbage was accepted")
        } catch {
            guard case .libarchive(_, _, _, let message) = error else { Issue.record("\(error)"); return }
            #expect(!message.isEmpty)
        }
        do {
            _ = try TarGz.read(path: "/nonexistent/bundle.tar.gz")
            Issue.record("missing file was accepted")
        } catch {
            #expect(error.description.contains("/nonexistent/bundle.tar.gz"), "\(error)")
        }
    }

    @Test func truncatedArchiveFails() throws {
        let bytes = try TarGz.archive(Corpus.bundle(fileCount: 4), options: options)
        #expect(throws: ArchiveError.self) { try TarGz.read(bytes: Array(bytes.prefix(bytes.count / 2))) }
    }
}
