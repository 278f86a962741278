/**
 * Querier cores: sub-queries running at once on one querier share its cores,
 * so `max_concurrent` workers on fewer cores finish their scans later, not
 * sooner; the work (CPU-seconds, bytes) is the same either way.
 */
import { describe, expect, test } from 'vitest';
import { Simulation } from '../../sim/engine/simulation.ts';
import { US_PER_HOUR, US_PER_MINUTE } from '../../sim/engine/time.ts';
import { QueryFrontend, type QueryOutcome } from '../../sim/loki/query-frontend.ts';
import { contendedDurationUs, emptySplitWork } from '../../sim/loki/split-work.ts';
import { queryPathConfig } from '../../sim/query/query-path-config.ts';
import type { QuerySpec } from '../../sim/query/query-spec.ts';
import { TestLoki } from '../helpers/loki-read-view-fixture.ts';

const aggregate: QuerySpec = {
  name: 'agg',
  everyUs: US_PER_HOUR,
  arrival: 'periodic',
  rangeUs: 4 * US_PER_HOUR,
  match: { service: 'api' },
  query: { kind: 'count', by: [] },
  filter: 'none',
  needleMinAgeUs: 0,
};

/** Four hours of one stream (4 one-hour splits), queried at once on one querier of 4 workers with `cores` cores. */
function latencyOn(cores: number): QueryOutcome {
  const loki = new TestLoki(new Simulation(1));
  const id = loki.stream({ service: 'api' });
  const push = (end: number): void => {
    loki.push(id, { lines: 1000, bytes: 20_000_000, minTsUs: end - US_PER_MINUTE, maxTsUs: end - 1 });
    if (end < 8 * US_PER_HOUR) loki.sim.schedule(US_PER_MINUTE, push, end + US_PER_MINUTE);
  };
  loki.sim.schedule(US_PER_MINUTE, push, US_PER_MINUTE);
  const config = queryPathConfig({
    queriers: 1,
    maxConcurrentPerQuerier: 4,
    querierCores: cores,
    queryIngestersWithinUs: 0,
    queryTimeoutUs: US_PER_HOUR,
  });
  const outcomes: QueryOutcome[] = [];
  const frontend = new QueryFrontend(loki.sim, loki, config, { onQueryDone: (o) => outcomes.push(o) });
  loki.sim.run({ untilUs: 8 * US_PER_HOUR });
  frontend.submit(aggregate, 4 * US_PER_HOUR, 8 * US_PER_HOUR);
  loki.sim.run({ untilUs: 9 * US_PER_HOUR });
  expect(outcomes).toHaveLength(1);
  return outcomes[0] as QueryOutcome;
}

describe('querier cores', () => {
  test('up to `cores` sub-queries at once run at full speed; past it each scans cores ÷ running as fast', () => {
    const work = { ...emptySplitWork(), durationUs: 1000, querierCpuUs: 800 };
    expect(contendedDurationUs(work, 1, 1)).toBe(1000);
    expect(contendedDurationUs(work, 4, 4)).toBe(1000);
    expect(contendedDurationUs(work, 4, 1)).toBe(1000 + 3 * 800);
    expect(contendedDurationUs(work, 3, 1.5)).toBe(1000 + 800);
  });

  test('four workers on one core: the scan-bound query takes about 4× as long, for the same work', () => {
    const [one, four] = [latencyOn(1), latencyOn(4)];
    expect(one.status).toBe('ok');
    expect(one.work.cpuUs).toBe(four.work.cpuUs);
    expect(one.work.storeChunks).toBe(four.work.storeChunks);
    const ratio = one.latencyUs / four.latencyUs;
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThanOrEqual(4);
  });
});
