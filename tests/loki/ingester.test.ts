import { describe, expect, test as plainTest } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Simulation } from '../../sim/engine/simulation.ts';
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND } from '../../sim/engine/time.ts';
import type { EntryBatch } from '../../sim/loki/entry-batch.ts';
import { DEFAULT_INGESTER_CONFIG, Ingester, type IngesterConfig } from '../../sim/loki/ingester.ts';
import { DEFAULT_CHUNK_CONFIG, fullChunkRawBytes } from '../../sim/loki/chunk.ts';
import { labelSet, type LabelSet } from '../../sim/loki/label-set.ts';
import { tenantLimits, type TenantLimits } from '../../sim/loki/limits.ts';
import { ObjectStore } from '../../sim/loki/object-store.ts';
import { writeOutcome } from '../../sim/loki/quorum.ts';
import { Ring } from '../../sim/loki/ring.ts';
import { ringTokenOf, streamIdOf, type StreamId } from '../../sim/loki/stream-id.ts';

interface Stream {
  readonly labels: LabelSet;
  readonly id: StreamId;
  readonly token: number;
}

const stream = (i: number): Stream => {
  const labels = labelSet({ app: 'api', pod: `pod-${i}` });
  return { labels, id: streamIdOf(labels), token: ringTokenOf(labels) };
};

function single(config: Partial<IngesterConfig> = {}, limits: TenantLimits = tenantLimits(), healthy = 1) {
  const sim = new Simulation(1);
  const store = new ObjectStore();
  const ingester = new Ingester(
    0,
    { sim, store, limits, healthyIngesters: () => healthy },
    { ...DEFAULT_INGESTER_CONFIG, replicationFactor: 1, ...config },
  );
  return { sim, store, ingester };
}

const at = (tsUs: number, lines = 10, bytes = 1000, needles?: number[]): EntryBatch => ({
  lines,
  bytes,
  minTsUs: tsUs,
  maxTsUs: tsUs,
  ...(needles ? { needles } : {}),
});

describe('ingester stream table and limits', () => {
  plainTest('the local stream limit rejects new streams with stream_limit, not existing ones', () => {
    // 5 global streams, 2 healthy ingesters, RF 1 → floor(2.5) = 2 per ingester.
    const { ingester } = single({}, tenantLimits({ maxGlobalStreamsPerUser: 5 }), 2);
    const [a, b, c] = [stream(1), stream(2), stream(3)];
    expect(ingester.push(a.id, a.labels, at(0)).accepted.lines).toBe(10);
    expect(ingester.push(b.id, b.labels, at(0)).accepted.lines).toBe(10);
    const r = ingester.push(c.id, c.labels, at(0));
    expect(r.rejected.stream_limit?.lines).toBe(10);
    expect(ingester.push(a.id, a.labels, at(1)).accepted.lines).toBe(10);
    expect(ingester.stats.rejected.stream_limit).toEqual({ lines: 10, bytes: 1000 });
  });

  plainTest('a stream is active until idle-flushed, then leaves the table and frees its slot', () => {
    const { sim, ingester, store } = single();
    const a = stream(1);
    ingester.push(a.id, a.labels, at(0));
    sim.run({ untilUs: 30 * US_PER_MINUTE });
    expect(ingester.activeStreams).toBe(1);
    sim.run({ untilUs: 31 * US_PER_MINUTE });
    expect(ingester.activeStreams).toBe(0);
    expect(store.counters.puts).toBe(1);
    expect([...store.entries()][0]![1].reason).toBe('idle');
  });

  plainTest('per-stream rate limit: 15 MB burst then 3 MB/s, the excess is a 429 per line', () => {
    const { sim, ingester } = single();
    const a = stream(1);
    const mib = 1 << 20;
    const r = ingester.push(a.id, a.labels, { lines: 20, bytes: 20 * mib, minTsUs: 0, maxTsUs: 19 });
    expect(r.accepted.lines).toBe(15);
    expect(r.rejected.per_stream_rate_limit?.lines).toBe(5);
    sim.run({ untilUs: US_PER_SECOND });
    const r2 = ingester.push(a.id, a.labels, { lines: 5, bytes: 5 * mib, minTsUs: 20, maxTsUs: 24 });
    expect(r2.accepted.lines).toBe(3);
  });

  plainTest('out-of-order: exactly newest − 1h is accepted, 1 µs older is rejected_out_of_order', () => {
    const { ingester } = single();
    const a = stream(1);
    const newest = 5 * US_PER_HOUR;
    ingester.push(a.id, a.labels, at(newest, 1, 100));
    expect(ingester.push(a.id, a.labels, at(newest - US_PER_HOUR, 1, 100)).accepted.lines).toBe(1);
    const r = ingester.push(a.id, a.labels, at(newest - US_PER_HOUR - 1, 1, 100, [newest - US_PER_HOUR - 1]));
    expect(r.rejected.rejected_out_of_order).toEqual({
      lines: 1,
      bytes: 100,
      needles: [newest - US_PER_HOUR - 1],
    });
  });

  plainTest('a batch straddling the window is split: older lines rejected, newer accepted', () => {
    const { ingester } = single();
    const a = stream(1);
    ingester.push(a.id, a.labels, at(3 * US_PER_HOUR, 1, 100));
    const r = ingester.push(a.id, a.labels, {
      lines: 11,
      bytes: 1100,
      minTsUs: 1 * US_PER_HOUR,
      maxTsUs: 3 * US_PER_HOUR,
    });
    expect(r.rejected.rejected_out_of_order?.lines).toBe(5); // 1h, 1.2h, … 1.8h
    expect(r.accepted.lines).toBe(6); // 2h … 3h
  });
});

describe('ingester memory and crashes', () => {
  plainTest('memory = streams × overhead + unflushed chunk bytes; exceeding the limit is an OOM kill', () => {
    const crashes: string[] = [];
    const sim = new Simulation(1);
    const ingester = new Ingester(
      0,
      {
        sim,
        store: new ObjectStore(),
        limits: tenantLimits({ maxGlobalStreamsPerUser: 0 }),
        healthyIngesters: () => 1,
        listener: { onCrash: (_, r) => crashes.push(r.cause) },
      },
      { ...DEFAULT_INGESTER_CONFIG, memoryLimitBytes: 100 * 1024, perStreamOverheadBytes: 8 * 1024 },
    );
    for (let i = 0; i < 11; i++) {
      const s = stream(i);
      expect(ingester.push(s.id, s.labels, at(0, 1, 1000)).status).toBe('ok');
      expect(ingester.memoryBytes).toBe((i + 1) * (8 * 1024 + 1000));
    }
    const s = stream(99);
    const r = ingester.push(s.id, s.labels, at(0, 1, 1000));
    expect(r.status).toBe('unavailable');
    expect(ingester.state).toBe('down');
    expect(crashes).toEqual(['oom']);
    expect(ingester.stats.oomKills).toBe(1);
    // Restarts by itself after the kubelet back-off, replaying its WAL.
    sim.run({ untilUs: 11 * US_PER_SECOND });
    expect(ingester.state).toBe('active');
    expect(ingester.activeStreams).toBe(11);
  });

  plainTest('without WAL a crash loses every unflushed line; with WAL it is replayed', () => {
    for (const walEnabled of [false, true]) {
      const { sim, ingester, store } = single({ walEnabled, walReplayBytesPerSec: 1000 });
      const a = stream(1);
      ingester.push(a.id, a.labels, at(0, 10, 5000, [0]));
      const report = ingester.crash();
      expect(report.lost.lines).toBe(walEnabled ? 0 : 10);
      expect(report.lost.needles).toEqual(walEnabled ? [] : [0]);
      ingester.restart();
      expect(ingester.state).toBe(walEnabled ? 'replaying' : 'active');
      sim.run({ untilUs: 5 * US_PER_SECOND - 1 });
      expect(ingester.state).toBe(walEnabled ? 'replaying' : 'active'); // 5000 B at 1000 B/s = 5 s
      sim.run({ untilUs: 5 * US_PER_SECOND });
      expect(ingester.state).toBe('active');
      sim.run({ untilUs: 2 * US_PER_HOUR });
      expect(store.counters.puts).toBe(walEnabled ? 1 : 0);
    }
  });

  plainTest('a down ingester refuses pushes as ingester_unavailable', () => {
    const { ingester } = single();
    const a = stream(1);
    ingester.crash();
    const r = ingester.push(a.id, a.labels, at(0));
    expect(r.status).toBe('unavailable');
    expect(r.rejected.ingester_unavailable?.lines).toBe(10);
  });
});

describe('flush loop', () => {
  plainTest(
    'a large push cuts full chunks (SpaceFor: just under 1.5 MiB compressed), flushed at the next check with concurrent_flushes workers',
    () => {
      const { sim, ingester, store } = single(
        { concurrentFlushes: 2 },
        tenantLimits({ perStreamRateLimitBurstBytes: 1 << 30, perStreamRateLimitBytesPerSec: 1 << 30 }),
      );
      const a = stream(1);
      const raw = fullChunkRawBytes(DEFAULT_CHUNK_CONFIG);
      const chunk = Math.floor(raw / 5);
      ingester.push(a.id, a.labels, { lines: 4000, bytes: 4 * raw, minTsUs: 0, maxTsUs: 3999 });
      expect(store.counters.puts).toBe(0);
      sim.run({ untilUs: 30 * US_PER_SECOND });
      // 4 chunks queued at t=30s, 2 at a time; each PUT takes 30 ms + the chunk at 85 MB/s.
      const putUs = store.requestDurationUs(chunk);
      sim.run({ untilUs: 30 * US_PER_SECOND + putUs });
      expect(store.counters.puts).toBe(2);
      sim.run({ untilUs: 30 * US_PER_SECOND + 2 * putUs });
      expect(store.counters.puts).toBe(4);
      expect(store.bytesStored).toBeCloseTo(4 * chunk, -1);
      expect(ingester.walBytes).toBe(0);
      // Nothing of the stream is left in memory, so it leaves the table, as in Loki.
      expect(ingester.activeStreams).toBe(0);
      expect(ingester.memoryBytes).toBe(0);
    },
  );

  plainTest('replicas that cut identical chunks store the object once (content-addressed keys)', () => {
    const sim = new Simulation(1);
    const store = new ObjectStore();
    const limits = tenantLimits();
    const reps = [0, 1, 2].map((i) => new Ingester(i, { sim, store, limits, healthyIngesters: () => 3 }));
    const a = stream(1);
    for (const r of reps) r.push(a.id, a.labels, at(0, 100, 10_000));
    sim.run({ untilUs: US_PER_HOUR });
    expect(store.counters.puts).toBe(3);
    expect(store.objectCount).toBe(1);
  });
});

/**
 * The promise of RF=3 with a 2-of-3 quorum: one ingester crash, at any time,
 * loses no acknowledged entry — even without a WAL, because every
 * acknowledged entry sits on at least one other replica (in memory or
 * flushed to the store).
 */
function replicatedRun(opts: {
  rf: number;
  crashAtUs: number;
  crashed: number;
  restartAfterUs: number | undefined;
  seed: number;
}): { acked: number; missing: string[] } {
  const sim = new Simulation(opts.seed);
  const store = new ObjectStore();
  const limits = tenantLimits();
  const n = 5;
  const ring = new Ring(sim.random, [0, 1, 2, 3, 4], 128);
  const config: IngesterConfig = {
    ...DEFAULT_INGESTER_CONFIG,
    walEnabled: false,
    replicationFactor: opts.rf,
  };
  const ingesters: Ingester[] = [];
  const healthyIngesters = (): number => ingesters.filter((g) => g.state === 'active').length;
  for (let i = 0; i < n; i++)
    ingesters.push(new Ingester(i, { sim, store, limits, healthyIngesters }, config));
  const streams = Array.from({ length: 12 }, (_, i) => stream(i));
  const acked = new Map<string, StreamId>();
  const tickUs = 10 * US_PER_SECOND;
  const pushUntilUs = US_PER_HOUR;
  const tick = (): void => {
    const now = sim.now;
    for (const s of streams) {
      const set = ring.replicasFor(s.token, opts.rf, (id) => ingesters[id]!.state === 'active');
      if (!set.ok) continue;
      const answers = set.live.map(
        (id) =>
          ingesters[id]!.push(s.id, s.labels, {
            lines: 5,
            bytes: 500,
            minTsUs: now - 4,
            maxTsUs: now,
            needles: [now],
          }).accepted.lines === 5,
      );
      if (writeOutcome(answers, set.instances.length, set.minSuccess).acknowledged)
        acked.set(`${s.id}@${now}`, s.id);
    }
    if (now + tickUs < pushUntilUs) sim.schedule(tickUs, tick, undefined);
  };
  sim.schedule(0, tick, undefined);
  sim.scheduleAt(
    opts.crashAtUs,
    () => {
      ingesters[opts.crashed]!.crash();
      if (opts.restartAfterUs !== undefined)
        sim.schedule(opts.restartAfterUs, () => ingesters[opts.crashed]!.restart(), undefined);
    },
    undefined,
  );
  sim.run({ untilUs: 3 * US_PER_HOUR });

  const held = new Set<string>();
  for (const g of ingesters)
    if (g.state === 'active')
      for (const c of g.unflushed()) for (const t of c.needles) held.add(`${c.streamId}@${t}`);
  for (const [, c] of store.entries()) for (const t of c.needles) held.add(`${c.streamId}@${t}`);
  return { acked: acked.size, missing: [...acked.keys()].filter((k) => !held.has(k)) };
}

describe('replication', () => {
  test.prop(
    [
      fc.integer({ min: 0, max: 3 * US_PER_HOUR }),
      fc.integer({ min: 0, max: 4 }),
      fc.option(fc.integer({ min: 0, max: US_PER_HOUR }), { nil: undefined }),
      fc.integer(),
    ],
    { numRuns: 25 },
  )(
    'RF=3 quorum 2: any single ingester crash loses no acknowledged entry (no WAL)',
    (crashAtUs, crashed, restartAfterUs, seed) => {
      const { acked, missing } = replicatedRun({ rf: 3, crashAtUs, crashed, restartAfterUs, seed });
      expect(acked).toBeGreaterThan(0);
      expect(missing).toEqual([]);
    },
  );

  plainTest('control: with RF=1 the same crash does lose acknowledged entries', () => {
    const { missing } = replicatedRun({
      rf: 1,
      crashAtUs: 30 * US_PER_MINUTE,
      crashed: 0,
      restartAfterUs: undefined,
      seed: 3,
    });
    expect(missing.length).toBeGreaterThan(0);
  });
});
