#!/usr/bin/env python3
"""Writes the benchmark's input specs (used by scripts/bench).

  bench_specs.py large DIR N [--distinct]   DIR/endpoints-N.yaml: one spec, N websocket endpoints, 3 sinks
  bench_specs.py batch DIR COUNT            DIR/batch/spec-0000.yaml ...: COUNT small specs (1-4 endpoints)

Every endpoint has a 5-field schema and a field_mapping onto 5 output columns. By default all endpoints
share the same output column names (the realistic case: one event shape per provider), so the sink
tables have 6 columns. With --distinct every endpoint gets its own column names, so the sink tables
hold the union of all of them and every INSERT null-fills the rest: O(endpoints^2 x sinks) SQL.
"""
import os
import sys

TYPES = ["BIGINT", "STRING", "DOUBLE", "INT", "STRING"]
COLUMNS = ["event_time", "symbol", "price", "quantity", "venue"]


def spec(name, endpoints, distinct=False, secrets=True):
    out = [
        'version: "1.1"',
        f"name: {name}",
        "created_by: bench",
        f"description: Benchmark spec with {endpoints} endpoints.",
        "provider:",
        "  name: bench_ws",
        "  provider_type: websocket",
        "  base_url: wss://feed.example.com",
        "  owner: bench@example.com",
        "  parallelism: 2",
        "  config:",
        "    kafka_bootstrap_servers: kafka:9092",
        "  endpoints:",
    ]
    for i in range(endpoints):
        out += [
            f"    - name: stream_{i:04d}",
            f"      path: /ws/stream/{i}",
        ]
        if secrets:
            out.append('      headers: {Authorization: "Bearer {{feed_token}}"}')
        out.append("      schema:")
        for f, t in enumerate(TYPES):
            out.append(f"        - {{name: f{f}, type: {t}}}")
        out.append("      field_mapping:")
        for f, c in enumerate(COLUMNS):
            column = f"{c}_{i}" if distinct and f > 0 else c
            out.append(f"        f{f}: {column}")
        out.append("      event_time_field: event_time")
    out += [
        "  sinks:",
        "    - type: kafka",
        f"      kafka_topic: {name}.out",
        f"      kafka_key_field: {'event_time' if distinct else 'symbol'}",
        "    - type: iceberg",
        f"      iceberg_table: lake.{name.replace('-', '_')}",
        "      config:",
        "        catalog_type: rest",
        "        catalog_uri: https://catalog.example.com",
        "        warehouse: s3://lake/warehouse",
        "    - type: clickhouse",
        f"      clickhouse_table: analytics.{name.replace('-', '_')}",
        "      config:",
        "        url: jdbc:clickhouse://clickhouse:8123",
        "        username: writer",
        '        password: "{{clickhouse_password}}"',
    ]
    return "\n".join(out) + "\n"


def main():
    kind, directory = sys.argv[1], sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    if kind == "large":
        n = int(sys.argv[3])
        distinct = "--distinct" in sys.argv
        name = f"endpoints-{n}" + ("-distinct" if distinct else "")
        with open(os.path.join(directory, name + ".yaml"), "w") as f:
            f.write(spec(name, n, distinct))
    elif kind == "batch":
        count = int(sys.argv[3])
        batch = os.path.join(directory, "batch")
        os.makedirs(batch, exist_ok=True)
        for i in range(count):
            with open(os.path.join(batch, f"spec-{i:04d}.yaml"), "w") as f:
                f.write(spec(f"pipeline-{i:04d}", 1 + i % 4, secrets=i % 2 == 0))
    else:
        sys.exit("usage: bench_specs.py large DIR N [--distinct] | batch DIR COUNT")


if __name__ == "__main__":
    main()
