/**
 * `loki-month`: the `loki-fleet` scenario (05-labels-only-index.yaml, its
 * query mix, the tenant rate sized for the fleet) at 1,000 hosts over 30
 * virtual days: a month of chunks in the index and the object store, and a
 * month of queries over them. Goal (issue 14): within 20× `fleet-24h`
 * measured in the same sitting, RSS ≤ 2 GB.
 */
import { runLokiFleet } from './loki-fleet.ts';

export function lokiMonthBenchmark(): object {
  return { virtualDays: 30, ...runLokiFleet(1_000, '30d') };
}
