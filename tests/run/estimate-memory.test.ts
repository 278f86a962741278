import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { memoryIo } from '../../sim/cli/io.ts';
import {
  DEFAULT_MAX_MEMORY_BYTES,
  estimateMemoryBytes,
  MemoryLimitExceeded,
} from '../../sim/run/estimate-memory.ts';
import { runScenario } from '../../sim/run/run-scenario.ts';
import { loadScenario } from '../../sim/study/simulate.ts';
import { SCENARIO_DIR, shippedScenarios } from '../helpers/scenarios.ts';

const labelsOnly = join(SCENARIO_DIR, '05-labels-only-index.yaml');

/** 05 at 10,000 hosts for a year: about a million chunks a day, far past any budget. */
const HUGE = [
  'duration=365d',
  'fleet.services.api.hosts=7500',
  'fleet.services.worker.hosts=2500',
  'backend.limits.ingestion_rate=200MiB/s',
];

describe('the memory budget', () => {
  it('admits every shipped scenario', () => {
    for (const file of shippedScenarios())
      expect(estimateMemoryBytes(loadScenario(file)), file).toBeLessThan(DEFAULT_MAX_MEMORY_BYTES);
  });

  it('grows with the chunks a Loki run keeps: linearly in hosts and duration', () => {
    const at = (hosts: number, duration: string): number =>
      estimateMemoryBytes(
        loadScenario(labelsOnly, {
          overrides: [
            `duration=${duration}`,
            `fleet.services.api.hosts=${(hosts * 3) / 4}`,
            `fleet.services.worker.hosts=${hosts / 4}`,
          ],
        }),
      );
    const day = at(1000, '24h') - at(1000, '1h');
    const month = at(1000, '30d') - at(1000, '1h');
    expect(month / day).toBeGreaterThan(25);
    expect(month / day).toBeLessThan(35);
    expect(at(10_000, '24h')).toBeGreaterThan(at(1000, '24h'));
  });

  it('refuses a run whose estimate exceeds it, before running it, with the estimate', () => {
    const scenario = loadScenario(labelsOnly, { overrides: HUGE });
    expect(() => runScenario(scenario, { maxEvents: 1e15 })).toThrow(MemoryLimitExceeded);
    expect(() => runScenario(scenario, { maxEvents: 1e15 })).toThrow(/GiB of memory/);
  });

  it('sim run exits 2 and says so, having written nothing', async () => {
    const io = memoryIo();
    const sets = HUGE.flatMap((s) => ['--set', s]);
    const code = await main(
      [
        'node',
        'sim',
        'run',
        labelsOnly,
        '-o',
        '/nonexistent/never',
        '--max-events',
        '1000000000000000',
        ...sets,
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.err).toContain('of memory, more than the budget');
  });
});
