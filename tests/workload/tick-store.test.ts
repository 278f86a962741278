// The tick store keeps every source's log in regions of one array, compacts a
// region in place and moves it when a backlog outgrows it. None of that may
// change an answer: a source answers the same alone or beside others, pruned or
// not, whether its region moved or not.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { RandomStreams } from '../../sim/engine/rng.ts';
import type { EmissionProfile } from '../../sim/workload/emission-profile.ts';
import { RateSchedule } from '../../sim/workload/rate-schedule.ts';
import { TickStore } from '../../sim/workload/tick-store.ts';

const TICK_US = 1_000_000;

function profile(linesPerSec: number, needleEveryUs = 0): EmissionProfile {
  return {
    hosts: 1,
    linesPerSecPerHost: linesPerSec,
    lineBytesMean: 200,
    lineBytesSigma: 0.5,
    errorShare: 0.1,
    tickUs: TICK_US,
    rate: new RateSchedule(),
    needleEveryUs,
  };
}

/** A store whose source `index` writes `p` from the stream `workload/<name>`, after `before` other sources. */
function storeWith(p: EmissionProfile, name: string, before: number): { store: TickStore; source: number } {
  const streams = new RandomStreams(7).claim('workload/');
  const store = new TickStore(1); // deliberately small: adding sources grows the array
  for (let i = 0; i < before; i++) store.addSource(profile(3 + i), streams, `workload/other-${i}`);
  return { store, source: store.addSource(p, streams, `workload/${name}`) };
}

describe('TickStore', () => {
  test.prop([
    fc.integer({ min: 1, max: 40 }),
    fc.integer({ min: 0, max: 5 }),
    fc.array(fc.integer({ min: 1, max: 30_000_000 }), { minLength: 1, maxLength: 40 }),
  ])(
    'pruning, compaction and region moves never change an answer about lines still kept',
    (linesPerSec, neighbours, instants) => {
      const p = profile(linesPerSec, 7_000_000);
      // Reference: alone in its store, never pruned (its region moves as ticks pile up).
      const ref = storeWith(p, 'api', 0);
      // Subject: beside other sources that also generate, and pruned as a checkpoint would.
      const sub = storeWith(p, 'api', neighbours);
      const sorted = [...instants].sort((a, b) => a - b);
      for (const t of sorted) {
        for (let other = 0; other < neighbours; other++) sub.store.linesAt(other, t * 1.5);
        const lines = ref.store.linesAt(ref.source, t);
        expect(sub.store.linesAt(sub.source, t)).toBe(lines);
        const horizon = sub.store.horizonOffset(sub.source);
        for (const offset of [horizon, Math.floor((horizon + lines) / 2), Math.max(horizon, lines - 1)]) {
          if (offset >= lines) continue;
          expect(sub.store.emitTimeOf(sub.source, offset)).toBe(ref.store.emitTimeOf(ref.source, offset));
          expect(sub.store.bytesBetween(sub.source, offset, lines)).toBe(
            ref.store.bytesBetween(ref.source, offset, lines),
          );
          expect(sub.store.errorsBetween(sub.source, offset, lines)).toBe(
            ref.store.errorsBetween(ref.source, offset, lines),
          );
        }
        // A checkpoint at half the emitted lines: older ticks may go.
        sub.store.prune(sub.source, Math.floor(lines / 2));
      }
      const end = sorted.at(-1) as number;
      expect(sub.store.needles(sub.source)).toEqual(ref.store.needles(ref.source));
      const lines = ref.store.linesAt(ref.source, end);
      expect(ref.store.bytesBetween(ref.source, 0, lines)).toBe(
        ref.store.bytesBetween(ref.source, 0, Math.floor(lines / 3)) +
          ref.store.bytesBetween(ref.source, Math.floor(lines / 3), lines),
      );
    },
  );

  test.prop([fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 200 })])(
    'a long unpruned backlog keeps every tick: lines grow with time and the pieces of a range add up to it',
    (linesPerSec, seconds) => {
      const { store, source } = storeWith(profile(linesPerSec), 'backlog', 2);
      let previous = 0;
      for (let s = 1; s <= seconds; s++) {
        const lines = store.linesAt(source, s * TICK_US);
        expect(lines).toBeGreaterThanOrEqual(previous);
        previous = lines;
      }
      let pieces = 0;
      store.forEachTickPiece(source, 0, previous, (n) => {
        pieces += n;
      });
      expect(pieces).toBe(previous);
      expect(store.horizonOffset(source)).toBe(0);
    },
  );

  test.prop([
    fc.integer({ min: 1, max: 20 }),
    fc.integer({ min: 1, max: 60 }),
    fc.integer({ min: 1, max: 40 }),
  ])(
    'sources added after a backlog moved a region leave it answering as before (homes grow, moved regions follow)',
    (linesPerSec, seconds, added) => {
      const p = profile(linesPerSec, 3_000_000);
      const ref = storeWith(p, 'api', 0);
      const streams = new RandomStreams(7).claim('workload/');
      const store = new TickStore(1);
      const source = store.addSource(p, streams, 'workload/api');
      const half = (seconds * TICK_US) / 2;
      store.linesAt(source, half); // a backlog of ticks: its region moves past the homes
      for (let i = 0; i < added; i++) {
        const other = store.addSource(profile(2 + (i % 5)), streams, `workload/later-${i}`);
        store.linesAt(other, (i + 1) * TICK_US); // the newcomers generate too, beside the moved region
      }
      const end = seconds * TICK_US;
      const lines = store.linesAt(source, end);
      expect(lines).toBe(ref.store.linesAt(ref.source, end));
      expect(store.bytesBetween(source, 0, lines)).toBe(ref.store.bytesBetween(ref.source, 0, lines));
      expect(store.errorsBetween(source, 0, lines)).toBe(ref.store.errorsBetween(ref.source, 0, lines));
      if (lines > 0)
        expect(store.emitTimeOf(source, lines - 1)).toBe(ref.store.emitTimeOf(ref.source, lines - 1));
      expect(store.needles(source)).toEqual(ref.store.needles(ref.source));
      // A newcomer's draws are its own stream's, whatever was moved or grown around it.
      const alone = new TickStore(1);
      const first = alone.addSource(profile(2), new RandomStreams(7).claim('workload/'), 'workload/later-0');
      expect(store.linesAt(source + 1, end)).toBe(alone.linesAt(first, end));
    },
  );

  test.prop([
    fc.integer({ min: 1, max: 500 }),
    fc.integer({ min: 1, max: 20_000_000 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ])('error lines one by one agree with the error counts of every range', (linesPerSec, tUs, a, b) => {
    const { store, source } = storeWith(profile(linesPerSec), 'api', 1);
    const lines = store.linesAt(source, tUs);
    const from = Math.floor(Math.min(a, b) * lines);
    const to = Math.floor(Math.max(a, b) * lines);
    const offsets = store.errorOffsetsIn(source, from, to);
    expect(offsets.length).toBe(store.errorsBetween(source, from, to));
    expect(offsets.every((o, k) => o >= from && o < to && (k === 0 || o > (offsets[k - 1] as number)))).toBe(
      true,
    );
    // Each one is where the count steps: one error in [o, o + 1).
    for (const o of offsets.slice(0, 20)) expect(store.errorsBetween(source, o, o + 1)).toBe(1);
  });
});
