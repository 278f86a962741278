/** Small Loki scenarios for the write-path tests and properties. */

/** A small Loki scenario; `extra` is appended YAML (faults, variants). */
export function lokiScenario(extra = '', backend = ''): string {
  return `
name: loki-test
seed: 7
duration: 20m
fleet:
  cohort_max_hosts: 5
  services:
    - name: api
      hosts: 10
      rate: 20/s
      needles: { every: 2m }
      fields:
        request_id: { cardinality: unique }
agent:
  retry: { max_retries: unlimited, max_backoff: 20s }
backend:
  kind: loki
  ingesters: { count: 3, replication_factor: 3, wal: false }
  chunks: { idle: 5m, max_age: 20m }
${backend}
${extra}
`;
}
