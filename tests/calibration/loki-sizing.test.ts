import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';
import { keepsUp, sizeComponents, sizedComponents } from '../../sim/study/sizing.ts';

/**
 * Loki's write path against Grafana's sizing guide (grafana/loki
 * docs/sources/setup/size/_index.md at 65e30f8, 2026-08-22; reference/facts.md
 * §6b): 4 distributors and 6 ingesters (2 CPU each) up to 3 TB/day; 40 and 90
 * for 3–30 TB/day. With the simulator's capacity defaults (backend.capacity:
 * distributor 230 ms and ingester 130 ms of CPU per MB), the smallest cluster
 * that keeps up with each volume — lag p99 ≤ 5 s, nothing lost or refused, no
 * queue growing — must be within ±30 % of the guide's count.
 *
 * Monotone in each count, "the smallest count n* is within [0.7 g, 1.3 g]"
 * is: ⌊1.3 g⌋ keeps up and ⌈0.7 g⌉ − 1 does not, the other component ample.
 */
const file = join(import.meta.dirname, 'scenarios', 'loki-sizing.yaml');

function run(overrides: string[]) {
  return simulateScenario(loadScenario(file, { overrides })).report;
}

interface Row {
  readonly tbPerDay: number;
  readonly hosts: number;
  readonly distributors: number;
  readonly ingesters: number;
}

const ROWS: readonly Row[] = [
  { tbPerDay: 3, hosts: 300, distributors: 4, ingesters: 6 },
  { tbPerDay: 30, hosts: 3000, distributors: 40, ingesters: 90 },
];

describe("calibration: Loki components for a daily volume (Grafana's sizing guide)", () => {
  for (const row of ROWS) {
    const hosts = `fleet.services.app.hosts=${row.hosts}`;
    it(`${row.tbPerDay} TB/day: the smallest ingester count is within ±30 % of the guide's ${row.ingesters}`, () => {
      const others = [hosts, `backend.distributors=${2 * row.distributors}`];
      const high = Math.floor(1.3 * row.ingesters);
      const low = Math.ceil(0.7 * row.ingesters) - 1;
      expect(keepsUp(run([...others, `backend.ingesters.count=${high}`]), 5).ok).toBe(true);
      expect(keepsUp(run([...others, `backend.ingesters.count=${low}`]), 5).ok).toBe(false);
    });
    it(`${row.tbPerDay} TB/day: the smallest distributor count is within ±30 % of the guide's ${row.distributors}`, () => {
      const others = [hosts, `backend.ingesters.count=${2 * row.ingesters}`];
      const high = Math.floor(1.3 * row.distributors);
      const low = Math.ceil(0.7 * row.distributors) - 1;
      expect(keepsUp(run([...others, `backend.distributors=${high}`]), 5).ok).toBe(true);
      if (low >= 1) expect(keepsUp(run([...others, `backend.distributors=${low}`]), 5).ok).toBe(false);
    });
  }

  it('3 TB/day: the sizing search finds 4 distributors and 7 ingesters (guide: 4 and 6)', () => {
    const sizing = sizeComponents(sizedComponents(loadScenario(file)), run);
    expect(sizing.sizable).toBe(true);
    expect(sizing.counts).toEqual({ distributors: 4, ingesters: 7 });
    expect(sizing.verdict.lagP99Seconds).toBeLessThan(5);
  });
});
