// Prefetching is a hint: it must name the right items ahead of time, and it must never
// fail or change anything, whatever it is asked to load.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { DeliverySink, PushReplyTarget, PushRequest } from '../../sim/backend/push.ts';
import { GenericEndpoint } from '../../sim/endpoint/generic-endpoint.ts';
import { Prefetch, prefetchDoubles } from '../../sim/engine/prefetch.ts';
import { Simulation } from '../../sim/engine/simulation.ts';

function request(id: number): PushRequest {
  return {
    id,
    source: 100 + id,
    startOffset: 0,
    endOffset: 10,
    lines: 10,
    bytes: 1000,
    errors: 0,
    needles: [],
    minEmitUs: 0,
    maxEmitUs: 0,
    hosts: 1,
    sentAtUs: 0,
    attempt: 0,
    outcome: undefined,
  };
}

describe('the generic endpoint prefetches its next answers', () => {
  it('before completing request k: the Indirect step for k+1 and the Direct step for k+2', () => {
    const sim = new Simulation(1);
    const log: string[] = [];
    const sink: DeliverySink = {
      deliver: (source) => {
        log.push(`deliver ${source - 100}`);
        return 10;
      },
      lose: () => 0,
      retract: () => 0,
      prefetch: (source, step) =>
        log.push(`sink ${step === Prefetch.Direct ? 'direct' : 'indirect'} ${source - 100}`),
    };
    const target: PushReplyTarget = {
      reply: (r) => log.push(`reply ${r.id}`),
      prefetch: (r, step) => log.push(`target ${step === Prefetch.Direct ? 'direct' : 'indirect'} ${r.id}`),
    };
    const endpoint = new GenericEndpoint(
      sim,
      { linesPerSec: 1e6, bytesPerSec: 1e9, requestOverheadUs: 100, maxQueuedBytes: 1e9, outages: [] },
      sink,
    );
    // Four requests arrive together: they queue, and each completion knows the ones behind it.
    for (let id = 0; id < 4; id++) endpoint.receive(request(id), target);
    sim.run({ untilUs: Infinity });
    expect(log).toEqual([
      // completing 0: request 1 is next (Indirect), request 2 after it (Direct)
      'sink indirect 1',
      'target indirect 1',
      'sink direct 2',
      'target direct 2',
      'deliver 0',
      'reply 0',
      'sink indirect 2',
      'target indirect 2',
      'sink direct 3',
      'target direct 3',
      'deliver 1',
      'reply 1',
      'sink indirect 3',
      'target indirect 3',
      'deliver 2',
      'reply 2',
      'deliver 3',
      'reply 3',
    ]);
  });

  it('works with a sink and a target that do not prefetch', () => {
    const sim = new Simulation(1);
    const replies: number[] = [];
    const endpoint = new GenericEndpoint(
      sim,
      { linesPerSec: 1e6, bytesPerSec: 1e9, requestOverheadUs: 100, maxQueuedBytes: 1e9, outages: [] },
      { deliver: () => 10, lose: () => 0, retract: () => 0 },
    );
    for (let id = 0; id < 3; id++) endpoint.receive(request(id), { reply: (r) => replies.push(r.id) });
    sim.run({ untilUs: Infinity });
    expect(replies).toEqual([0, 1, 2]);
  });
});

describe('prefetchDoubles', () => {
  test.prop([
    fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: -50, max: 60 }),
    fc.integer({ min: -5, max: 60 }),
  ])('never throws and never changes the array, even for ranges past its ends', (size, from, length) => {
    const array = Float64Array.from({ length: size }, (_, i) => i * 1.5);
    const before = Array.from(array);
    expect(() => prefetchDoubles(array, from, length)).not.toThrow();
    expect(Array.from(array)).toEqual(before);
  });
});
