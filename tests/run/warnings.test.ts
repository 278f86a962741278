// report.json's warnings[]: a setting that changes nothing is named at its key, and a
// run whose figures rest on an assumed default or an estimate says so.
import { describe, expect, it } from 'vitest';
import { run, smallScenario } from '../agent/run-helper.ts';

// The bill's own warnings (cost.*, pricing.*: the month is extrapolated, instance prices are
// assumed) come with every run; tests/storage/ checks them. These tests are about the rest.
const notTheBill = (w: { path: string }) => !w.path.startsWith('cost.') && !w.path.startsWith('pricing.');

describe('warnings', () => {
  it('names settings without effect at their keys, and nothing for a design without any', () => {
    const clean = run(smallScenario({ duration: '2m' })).report;
    expect(clean.warnings.filter(notTheBill)).toEqual([]);
    const { report } = run(
      smallScenario(
        { duration: '2m', agent: { buffer: { type: 'memory', disk_max_size: '1GiB' } } },
        {
          logger: { mode: 'sync', queue_size: 10 },
          transport: 'socket',
          rotation: { max_file_size: '10MB' },
        },
      ),
    );
    expect(report.warnings.filter(notTheBill).map((w) => [w.code, w.path])).toEqual([
      ['no_effect', 'agent.buffer.disk_max_size'],
      ['no_effect', 'fleet.services[0].logger.queue_size'],
      ['no_effect', 'fleet.services[0].rotation'],
    ]);
  });

  it('says which Loki figures rest on assumptions and estimates', () => {
    const { report } = run(smallScenario({ duration: '2m', backend: { kind: 'loki' } }));
    expect(report.warnings.filter(notTheBill).map((w) => w.path)).toEqual([
      'loki.indexBytes',
      'backend.ingesters.per_stream_overhead',
    ]);
    const explicit = run(
      smallScenario({
        duration: '2m',
        backend: { kind: 'loki', ingesters: { per_stream_overhead: '4KiB' } },
      }),
    ).report;
    expect(explicit.warnings.filter(notTheBill).map((w) => w.path)).toEqual(['loki.indexBytes']);
  });
});
