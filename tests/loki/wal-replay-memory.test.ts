/**
 * WAL replay and memory (wal.md "Backpressure"): an ingester OOM-killed with
 * its memory full of chunk data replays it all back unless the replay passes
 * 90 % of replay_memory_ceiling, where it flushes to storage and comes back
 * with room. With the ceiling at the default 4 GiB over a smaller memory
 * limit, the next push kills it again: a crash loop that only ends when
 * the idle flush frees memory.
 */
import { describe, expect, test } from 'vitest';
import { Simulation } from '../../sim/engine/simulation.ts';
import { US_PER_SECOND } from '../../sim/engine/time.ts';
import { DEFAULT_INGESTER_CONFIG, Ingester } from '../../sim/loki/ingester.ts';
import { labelSet } from '../../sim/loki/label-set.ts';
import { tenantLimits } from '../../sim/loki/limits.ts';
import { ObjectStore } from '../../sim/loki/object-store.ts';
import { streamIdOf } from '../../sim/loki/stream-id.ts';

const MiB = 1024 ** 2;

/** One ingester with a 4 MiB limit, 8 streams: 4 MiB a second for 10 s, then 128 KiB a second to 2 minutes. */
function run(ceilingBytes: number): { ingester: Ingester; store: ObjectStore; refusedPushes: number } {
  const sim = new Simulation(1);
  const store = new ObjectStore();
  const ingester = new Ingester(
    0,
    { sim, store, limits: tenantLimits({ maxGlobalStreamsPerUser: 0 }), healthyIngesters: () => 1 },
    {
      ...DEFAULT_INGESTER_CONFIG,
      replicationFactor: 1,
      memoryLimitBytes: 4 * MiB,
      perStreamOverheadBytes: 0,
      walReplayMemoryCeilingBytes: ceilingBytes,
    },
  );
  const streams = Array.from({ length: 8 }, (_, i) => labelSet({ app: 'api', pod: `p${i}` }));
  let refusedPushes = 0;
  const push = (t: number): void => {
    // A 10-second burst fills the memory; the trickle after it fits easily in an ingester with room.
    const kib = t < 10 * US_PER_SECOND ? 512 : 16;
    for (const labels of streams) {
      const r = ingester.push(streamIdOf(labels), labels, {
        lines: kib,
        bytes: kib * 1024,
        minTsUs: t,
        maxTsUs: t,
      });
      if (r.status !== 'ok') refusedPushes++;
    }
    if (t < 120 * US_PER_SECOND) sim.schedule(US_PER_SECOND, push, t + US_PER_SECOND);
  };
  sim.schedule(0, push, 0);
  sim.run({ untilUs: 130 * US_PER_SECOND });
  return { ingester, store, refusedPushes };
}

describe('WAL replay memory', () => {
  test('a ceiling below the limit: the replay flushes early and the ingester comes back with room', () => {
    // 90 % of 2 MiB: the replayed 4 MiB of chunk data passes it.
    const { ingester, store } = run(2 * MiB);
    expect(ingester.stats.oomKills).toBe(1);
    expect(ingester.stats.replayFlushes).toBe(1);
    expect(store.counters.puts).toBeGreaterThan(0);
    expect(ingester.memoryBytes).toBeLessThanOrEqual(4 * MiB);
  });

  test('the default 4 GiB ceiling over a 4 MiB limit never flushes early: a crash loop', () => {
    const early = run(2 * MiB);
    const loop = run(DEFAULT_INGESTER_CONFIG.walReplayMemoryCeilingBytes);
    expect(loop.ingester.stats.replayFlushes).toBe(0);
    // Back full from every replay, killed by its next push, again and again.
    expect(loop.ingester.stats.oomKills).toBeGreaterThan(5 * early.ingester.stats.oomKills);
    expect(loop.refusedPushes).toBeGreaterThan(early.refusedPushes);
  });
});
