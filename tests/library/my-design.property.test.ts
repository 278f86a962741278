// The README's example of a property test of one's own design, against the library API
// (imported by package name, as a user's project would). The design: agents spilling to
// disk in front of a two-node endpoint. The promise: whatever outage and burst the
// schedule draws, no line is lost. fast-check shrinks a counterexample to the smallest
// schedule and prints it as `faults:` entries.
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { faults, loadScenarioFromObject, simulateScenario } from 'logsim';

const design = {
  name: 'my-design',
  duration: '20m',
  fleet: { services: [{ name: 'api', hosts: 20, rate: '100/s' }] },
  agent: {
    preset: 'vector',
    buffer: { type: 'spill', max_size: '16MiB', disk_max_size: '2GiB', when_full: 'block' },
    retry: { max_retries: 'unlimited' },
  },
  backend: { kind: 'endpoint', nodes: 2 },
};

const minutes = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((m) => `${m}m`);
const schedule = fc.tuple(
  fc.record({ at: minutes(1, 15), for: minutes(1, 8), mode: fc.constantFrom('refuse', 'timeout' as const) }),
  fc.record({ at: minutes(1, 15), factor: fc.integer({ min: 2, max: 20 }), for: minutes(1, 5) }),
);

test.prop([schedule], { numRuns: 6 })(
  'a spilling agent loses no line through an outage and a burst',
  ([o, c]) => {
    const scenario = loadScenarioFromObject({
      ...design,
      faults: [
        faults.outage({ at: o.at }, { for: o.for, mode: o.mode }),
        faults.chatty({ at: c.at }, { service: 'api', factor: c.factor, for: c.for }),
      ],
    });
    const { report } = simulateScenario(scenario);
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.ledger.emitted).toBe(report.ledger.delivered + report.ledger.inFlight);
  },
);
