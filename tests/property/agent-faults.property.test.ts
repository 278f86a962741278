// Promises of decisions 02 and 03 under random fault schedules (outages, crashes, network
// stalls, chatty bursts, full disks at random times and lengths). A failing property prints
// fast-check's { seed, path } and the shrunk schedule, written as the scenario's own `faults:`.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { run, smallScenario } from '../agent/run-helper.ts';

const DURATION_S = 600;
const at = fc.integer({ min: 0, max: DURATION_S - 1 }).map((s) => `${s}s`);
const length = fc.integer({ min: 1, max: 300 }).map((s) => `${s}s`);

const outage = fc.record({
  at,
  outage: fc.record({ for: length, mode: fc.constantFrom('refuse', 'timeout') }),
});
const crash = fc.record({
  at,
  agent_crash: fc.record({
    service: fc.constant('api'),
    hosts: fc.constantFrom<'all' | number[]>('all', [0]),
    restart_after: fc.integer({ min: 1, max: 120 }).map((s) => `${s}s`),
  }),
});
const stall = fc.record({
  at,
  network_stall: fc.record({
    for: length,
    extra_latency: fc.integer({ min: 0, max: 20 }).map((s) => `${s}s`),
    bandwidth_factor: fc.constantFrom(1, 0.1, 0.001),
  }),
});
const chatty = fc.record({
  at,
  chatty: fc.record({ service: fc.constant('api'), factor: fc.integer({ min: 2, max: 30 }), for: length }),
});
const diskFull = fc.record({
  at,
  disk_full: fc.record({ hosts: fc.constantFrom<'all' | number[]>('all', [1]), for: length }),
});

type Fault = Record<string, unknown>;
const schedule = (...kinds: fc.Arbitrary<Fault>[]): fc.Arbitrary<Fault[]> =>
  fc.array(fc.oneof(...kinds), { maxLength: 5 });

/** Two hosts, one cohort each, 10 virtual minutes: small enough for ~50 runs per property. */
function scenario(
  faults: Fault[],
  agent: Record<string, unknown>,
  service: Record<string, unknown> = {},
): unknown {
  return smallScenario({ duration: `${DURATION_S}s`, faults, agent }, { hosts: 2, rate: '40/s', ...service });
}

const patient = { max_retries: 'unlimited', max_backoff: '20s' };
const RUNS = { numRuns: 40 };

describe('agents under random fault schedules', () => {
  test.prop(
    [
      schedule(outage, crash, stall, chatty, diskFull),
      fc.record({
        commit: fc.constantFrom('on_ack', 'on_read'),
        retry: fc.record({ max_retries: fc.constantFrom(2, 'unlimited'), max_backoff: fc.constant('20s') }),
        buffer: fc.record({
          type: fc.constantFrom('memory', 'spill', 'disk'),
          max_size: fc.constantFrom('256KiB', '4MiB'),
          disk_max_size: fc.constant('2MiB'),
          when_full: fc.constantFrom('block', 'drop_newest', 'drop_oldest'),
          on_disk_full: fc.constantFrom('when_full', 'lose'),
        }),
      }),
      fc.record({
        transport: fc.constantFrom('file', 'socket'),
        logger: fc.record({ mode: fc.constantFrom('sync', 'async'), queue_size: fc.constant(2000) }),
        rotation: fc.record({
          max_file_size: fc.constantFrom('200kB', '5MB'),
          keep: fc.constantFrom(0, 2),
          strategy: fc.constantFrom('rename', 'copytruncate'),
          copy_rate: fc.constant('1MB/s'),
        }),
      }),
    ],
    RUNS,
  )(
    'conservation always holds: every line delivered, lost with a cause, or held',
    (faults, agent, service) => {
      const { result } = run(scenario(faults, agent, service));
      expect(result.conservation.violations).toEqual([]);
    },
  );

  test.prop([schedule(outage, crash, stall, chatty)], RUNS)(
    'block + commit on ack + file transport + rotation that keeps up: no line is lost',
    (faults) => {
      // "Keeps up": bursts that compound past 30× outrun the backend itself, and then rotation must eat lines.
      fc.pre(
        faults.reduce((f, x) => f * ((x['chatty'] as { factor?: number } | undefined)?.factor ?? 1), 1) <= 30,
      );
      const { report } = run(
        scenario(
          faults,
          { commit: 'on_ack', retry: patient, buffer: { when_full: 'block', max_size: '256KiB' } },
          {
            rotation: { max_file_size: '10MB', keep: 20 },
          },
        ),
      );
      expect(report.ledger.lost).toEqual({});
    },
  );

  test.prop([schedule(outage, crash, stall, chatty), fc.constantFrom('drop_newest', 'drop_oldest')], RUNS)(
    'a drop policy loses lines only while the buffer is full',
    (faults, whenFull) => {
      const { result, report } = run(
        scenario(faults, { retry: patient, buffer: { when_full: whenFull, max_size: '256KiB' } }),
      );
      const causes = Object.keys(report.ledger.lost);
      expect(causes.filter((c) => c !== 'dropped_when_full')).toEqual([]);
      // 256 KiB buffers and ~200 B lines: a drop happens only with less than one line of room.
      for (const a of result.agents) expect(a.stats.minFillAtDrop).toBeGreaterThan(0.99);
    },
  );

  test.prop([schedule(outage, crash, stall, chatty)], RUNS)(
    'duplicates appear only after a crash or the retry of a batch the backend had already accepted',
    (faults) => {
      const { report } = run(scenario(faults, { retry: patient }));
      if (report.ledger.duplicates > 0)
        expect(report.agent.crashes + report.agent.timeouts).toBeGreaterThan(0);
    },
  );

  test.prop([schedule(outage, stall, chatty)], RUNS)(
    'drop_newest never stalls the application, even with a synchronous socket logger',
    (faults) => {
      const { report } = run(
        scenario(
          faults,
          { retry: patient, buffer: { when_full: 'drop_newest', max_size: '256KiB' } },
          {
            transport: 'socket',
            logger: { mode: 'sync' },
          },
        ),
      );
      expect(report.app.stallSeconds).toBe(0);
    },
  );
});
