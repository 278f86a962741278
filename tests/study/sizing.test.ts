import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Report } from '../../sim/report/report.ts';
import { join } from 'node:path';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';
import { keepsUp, sizeComponents, sizedComponents, type SizedComponent } from '../../sim/study/sizing.ts';

/** A fake report: lines lost to saturation unless each count reaches its need. */
function fakeRun(need: Record<string, number>, paths: Record<string, string>) {
  return (overrides: string[]): Report => {
    const counts: Record<string, number> = {};
    for (const o of overrides) {
      const [path, value] = o.split('=') as [string, string];
      const name = Object.keys(paths).find((k) => paths[k] === path) as string;
      counts[name] = Number(value);
    }
    const short = Object.keys(need).find((k) => (counts[k] ?? 0) < (need[k] ?? 0));
    return {
      ledger: { delivered: 100, lostTotal: 0 },
      lag: { p99: short === undefined ? 1 : 60 },
      loki: { rejected: {}, capacity: { saturatedFirst: short?.replace(/s$/, '') ?? null } },
    } as unknown as Report;
  };
}

describe('sizing search', () => {
  test.prop([
    fc.integer({ min: 1, max: 300 }),
    fc.integer({ min: 1, max: 300 }),
    fc.integer({ min: 1, max: 20 }),
  ])(
    'finds exactly the smallest counts of a monotone design, from any starting design',
    (needD, needI, start) => {
      const paths = { distributors: 'backend.distributors', ingesters: 'backend.ingesters.count' };
      const components: SizedComponent[] = [
        { name: 'distributors', path: paths.distributors, current: start, min: 1 },
        { name: 'ingesters', path: paths.ingesters, current: start, min: 1 },
      ];
      const result = sizeComponents(components, fakeRun({ distributors: needD, ingesters: needI }, paths), {
        maxFactor: 512,
      });
      expect(result.sizable).toBe(true);
      expect(result.counts).toEqual({ distributors: needD, ingesters: needI });
    },
  );

  test.prop([fc.integer({ min: 1, max: 10 })])(
    'a design its own limits refuse is not sizable by counts',
    (start) => {
      const run = (): Report =>
        ({
          ledger: { delivered: 100, lostTotal: 0 },
          lag: { p99: 1 },
          loki: { rejected: { rate_limited: 5 }, capacity: { saturatedFirst: null } },
        }) as unknown as Report;
      const result = sizeComponents(
        [{ name: 'ingesters', path: 'backend.ingesters.count', current: start, min: 1 }],
        run,
      );
      expect(result.sizable).toBe(false);
      expect(result.verdict.reason).toContain('refused');
      expect(result.runs).toBe(1);
    },
  );
});

describe('sizing the 05 Elasticsearch fleet at 1,000 hosts', () => {
  it('the sized cluster delivers what it emits with lag p99 under 5 s', () => {
    const file = join(import.meta.dirname, '..', '..', 'scenarios', '05-elastic-index.yaml');
    const fleet = ['duration=1h', 'fleet.services.api.hosts=750', 'fleet.services.worker.hosts=250'];
    const run = (overrides: string[]) =>
      simulateScenario(loadScenario(file, { overrides: [...fleet, ...overrides] })).report;
    const sizing = sizeComponents(sizedComponents(loadScenario(file, { overrides: fleet })), run);
    expect(sizing.sizable).toBe(true);
    const nodes = sizing.counts['data_nodes'] as number;
    expect(nodes).toBeGreaterThanOrEqual(2); // primary and replica on different nodes
    const report = run([`backend.data_nodes=${nodes}`]);
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.ledger.delivered + report.ledger.inFlight).toBe(report.ledger.emitted);
    expect(report.lag.p99).toBeLessThan(5);
    // One node fewer is refused by the search (or is below the copies the index needs).
    if (nodes - 1 >= 2) expect(keepsUp(run([`backend.data_nodes=${nodes - 1}`]), 5).ok).toBe(false);
  });
});
