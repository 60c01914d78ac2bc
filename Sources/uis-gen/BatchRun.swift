import Foundation

/// Runs indices `0..<count` on `workers` threads, each taking the next index as it finishes one.
enum WorkerPool {
    /// Workers for a batch: twice the cores, so one waiting on fsync(2) leaves its core to another
    /// (with one per core, a batch kept the cores 85% busy).
    static func batchWorkers(_ count: Int) -> Int {
        max(1, min(count, ProcessInfo.processInfo.activeProcessorCount * 2))
    }

    /// Calls `body` once for each index, on up to `workers` threads of 16 MiB stack; returns when all are done.
    static func run(count: Int, workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            func take(below limit: Int) -> Int? {
                lock.lock(); defer { lock.unlock() }
                guard next < limit else { return nil }
                next += 1
                return next - 1
            }
        }
        let counter = Counter()
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                while let index = counter.take(below: count) { body(index) }
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()
    }
}

/// Shared state of a batch run: per-spec results printed in input order as soon as every earlier spec
/// is done (so lines of specs bundled in parallel never interleave), the progress line, and which spec
/// owns each output file when two specs share a pipeline name (the earliest in the list).
final class BatchState: @unchecked Sendable {
    /// What one spec of the batch printed and whether it succeeded.
    struct Outcome {
        var lines: [String]
        var ok: Bool
        var timings: StageTimings
    }

    private let lock = NSLock()
    private let specs: [String]
    private let progress: Bool
    private var outcomes: [Outcome?]
    private var flushed = 0
    private var done = 0
    private(set) var failed = 0
    private(set) var timings = StageTimings()
    /// Target file -> the spec that writes it, and a lock held while it is written.
    private var owners: [String: (index: Int, writing: NSLock)] = [:]
    /// Specs whose file an earlier spec took over: index -> the earlier spec's index.
    private var superseded: [Int: Int] = [:]

    /// The state of a batch over `specs`; `progress` draws a progress line (stderr is a terminal).
    init(specs: [String], progress: Bool) {
        self.specs = specs
        self.progress = progress
        outcomes = Array(repeating: nil, count: specs.count)
    }

    /// Runs `write` for spec `index`'s `target` unless an earlier spec in the list writes the same file;
    /// returns that spec's index then. A later spec that got there first is overwritten and fails.
    func write(_ target: String, index: Int, _ write: () throws -> Void) throws -> Int? {
        lock.lock()
        let writing: NSLock
        if let owner = owners[target] {
            if owner.index < index { lock.unlock(); return owner.index }
            superseded[owner.index] = index
            writing = owner.writing
        } else {
            writing = NSLock()
        }
        owners[target] = (index, writing)
        lock.unlock()
        writing.lock()
        defer { writing.unlock() }
        lock.lock()
        let owner = owners[target]?.index ?? index
        lock.unlock()
        if owner != index { return owner }
        try write()
        return nil
    }

    /// Records spec `index`'s outcome and prints every outcome that is next in input order.
    func finish(_ index: Int, _ outcome: Outcome) {
        lock.lock()
        defer { lock.unlock() }
        outcomes[index] = outcome
        done += 1
        var text = ""
        while flushed < outcomes.count, var next = outcomes[flushed] {
            if let winner = superseded[flushed] {
                next.ok = false
                next.lines = [CLIError(file: specs[flushed], "its bundle has the same file name as the bundle of \(specs[winner]), earlier in the list; not written").description]
            }
            if !next.ok { failed += 1 }
            timings = timings + next.timings
            for line in next.lines { text += line + "\n" }
            outcomes[flushed] = nil
            flushed += 1
        }
        if progress {
            text = "\r\u{1B}[K" + text
            if done < outcomes.count { text += "[\(done)/\(outcomes.count)] bundling…" }
        }
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }
}
