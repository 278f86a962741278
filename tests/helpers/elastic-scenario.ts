/** Small Elasticsearch scenarios for the tests of sim/elastic/. */

/** A small Elasticsearch scenario; `backend` is appended under `backend:`, `extra` at the top level. */
export function elasticScenario(backend = '', extra = '', duration = '20m'): string {
  return `
name: elastic-test
seed: 7
duration: ${duration}
fleet:
  cohort_max_hosts: 5
  services:
    - name: api
      hosts: 10
      rate: 50/s
      line_size: { mean: 220B, sigma: 0.6 }
      needles: { every: 2m }
agent:
  batch: { max_bytes: 256KiB, linger: 1s }
  retry: { max_retries: unlimited, max_backoff: 10s }
backend:
  kind: elasticsearch
${backend}
${extra}
`;
}
