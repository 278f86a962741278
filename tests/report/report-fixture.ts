// A hand-built Report for tests of metrics and expectations: every figure is
// chosen, nothing is simulated, and keys can be added or removed per test.
import type { Report } from '../../sim/report/report.ts';

/** A small report; `extra` is merged at the top level (e.g. `{ app: { stallSeconds: 2 } }`). */
export function reportFixture(extra: Record<string, unknown> = {}): Report {
  // Plain data, cast once below: Report gains keys as models land (app, loki…),
  // and a fixture of the figures these tests read should not break each time.
  const base = {
    schemaVersion: 1,
    tool: { name: 'logsim', version: '0.0.0' },
    scenario: { name: 'fixture', variant: 'baseline', seed: 1, durationSeconds: 600, hash: '0000' },
    run: { events: 1000, sources: 1, hosts: 10 },
    ledger: {
      emitted: 100_000,
      delivered: 99_900,
      duplicates: 50,
      lost: { dropped_when_full: 100 },
      lostTotal: 100,
      inFlight: 0,
      needles: { planted: 2, delivered: 2, lost: 0, inFlight: 0 },
    },
    lag: { p50: 0.5, p99: 12, max: 30, mean: 1 },
    agent: {
      bufferPeakBytes: 2 * 1024 * 1024,
      requestsSent: 100,
      retries: 5,
      timeouts: 0,
      batchesGivenUp: 0,
    },
    backend: { kind: 'endpoint' },
    expectations: [],
    series: { intervalSeconds: 60, columns: { t: [0, 60], emitted: [0, 100_000] } },
  };
  return { ...base, ...extra } as unknown as Report;
}
