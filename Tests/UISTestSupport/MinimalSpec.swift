/// The smallest valid spec: one WebSocket endpoint and one Kafka sink, in YAML.
///
/// Tests vary it with `replacingOccurrences(of:with:)`, so its exact lines matter: `name: tiny`,
/// `version: "1.1"` and `      path: /ws\n` are the usual anchors.
public let minimalSpecYAML = """
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
