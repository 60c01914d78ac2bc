// Placeholder until scripts/regenerate embeds Generated/flink-config-keys/.
import UISSpec

enum FlinkConfigKeysData {
    static let common = """
    pipeline.name
    parallelism.default
    taskmanager.numberOfTaskSlots
    taskmanager.memory.process.size
    jobmanager.memory.process.size
    state.backend.type
    execution.checkpointing.incremental
    execution.checkpointing.interval
    execution.checkpointing.mode
    execution.checkpointing.timeout
    execution.checkpointing.externalized-checkpoint-retention
    execution.checkpointing.dir
    execution.checkpointing.savepoint-dir
    execution.checkpointing.tolerable-failed-checkpoints
    execution.checkpointing.unaligned.enabled
    pipeline.operator-chaining.enabled
    restart-strategy.type
    restart-strategy.exponential-delay.initial-backoff
    restart-strategy.exponential-delay.max-backoff
    table.exec.state.ttl
    metrics.reporter.<name>.factory.class
    metrics.reporter.<name>.port
    """
    static let lists: [FlinkVersion: String] = Dictionary(uniqueKeysWithValues: FlinkVersion.allCases.map { ($0, common) })
}
