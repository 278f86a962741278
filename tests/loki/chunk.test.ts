import { describe, expect, test as plainTest } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  COMPRESSION_RATIO,
  fullChunkRawBytes,
  DEFAULT_CHUNK_CONFIG,
  HeadChunk,
  outOfOrderCutoffUs,
} from '../../sim/loki/chunk.ts';
import { type EntryBatch, splitBatchAtTs, splitBatchByLines } from '../../sim/loki/entry-batch.ts';
import type { StreamId } from '../../sim/loki/stream-id.ts';
import { US_PER_HOUR, US_PER_MINUTE } from '../../sim/engine/time.ts';

const sid = '0000000000000001' as StreamId;

describe('head chunk cut rules', () => {
  plainTest(
    "full once a line no longer fits under chunk_target_size by Loki's SpaceFor rule (cut blocks compressed + head raw)",
    () => {
      const c = new HeadChunk(sid, DEFAULT_CHUNK_CONFIG, 0);
      // gzip 5×, 256 KiB blocks, 1.5 MiB target: 26 cut blocks hold 26 × 51.2 KiB = 1,331.2 KiB compressed;
      // the 27th (head) block may grow raw to the remaining 204.8 KiB. Raw 26 × 256 KiB + 204.8 KiB.
      const raw = Math.round(26 * 262_144 + (1_572_864 - (26 * 262_144) / COMPRESSION_RATIO.gzip));
      expect(c.rawCapacityBytes).toBe(raw);
      expect(fullChunkRawBytes(DEFAULT_CHUNK_CONFIG)).toBe(raw);
      // The object is below the target: about 0.89 of it.
      expect(raw / COMPRESSION_RATIO.gzip / 1_572_864).toBeCloseTo(0.893, 3);
      c.append({ lines: 1000, bytes: c.rawCapacityBytes - 1, minTsUs: 0, maxTsUs: 10 }, 10);
      expect(c.cutReason(10)).toBeUndefined();
      c.append({ lines: 1, bytes: 5, minTsUs: 11, maxTsUs: 11 }, 11);
      expect(c.full).toBe(true);
      expect(c.cutReason(11)).toBe('full');
    },
  );

  plainTest('idle: strictly more than chunk_idle_period (30m) since the last append', () => {
    const c = new HeadChunk(sid, DEFAULT_CHUNK_CONFIG, 0);
    c.append({ lines: 1, bytes: 100, minTsUs: 0, maxTsUs: 0 }, 0);
    expect(c.cutReason(30 * US_PER_MINUTE)).toBeUndefined();
    expect(c.cutReason(30 * US_PER_MINUTE + 1)).toBe('idle');
  });

  plainTest('max age: entry timestamps spanning more than max_chunk_age (2h)', () => {
    const c = new HeadChunk(sid, DEFAULT_CHUNK_CONFIG, 0);
    c.append({ lines: 2, bytes: 100, minTsUs: 0, maxTsUs: 2 * US_PER_HOUR }, 0);
    expect(c.cutReason(0)).toBeUndefined();
    c.append({ lines: 1, bytes: 50, minTsUs: 2 * US_PER_HOUR + 1, maxTsUs: 2 * US_PER_HOUR + 1 }, 0);
    expect(c.cutReason(0)).toBe('max_age');
  });

  plainTest('memory: cut blocks compressed, the 256 KiB head block raw', () => {
    const c = new HeadChunk(sid, DEFAULT_CHUNK_CONFIG, 0);
    c.append({ lines: 10, bytes: 262_144 + 1000, minTsUs: 0, maxTsUs: 1 }, 0);
    expect(c.memoryBytes).toBe(1000 + Math.floor(262_144 / 5));
  });

  plainTest('out-of-order window is newest − max_chunk_age/2 (1h by default)', () => {
    expect(outOfOrderCutoffUs(10 * US_PER_HOUR, DEFAULT_CHUNK_CONFIG.maxAgeUs)).toBe(9 * US_PER_HOUR);
  });
});

const batchArb = fc
  .record({
    lines: fc.integer({ min: 1, max: 10_000 }),
    bytesPerLine: fc.integer({ min: 0, max: 500 }),
    minTsUs: fc.integer({ min: 0, max: 1e9 }),
    spanUs: fc.integer({ min: 0, max: 1e9 }),
    needleCount: fc.integer({ min: 0, max: 5 }),
    seed: fc.nat(),
  })
  .map(({ lines, bytesPerLine, minTsUs, spanUs, needleCount, seed }): EntryBatch => {
    const needles = Array.from(
      { length: Math.min(needleCount, lines) },
      (_, i) => minTsUs + ((seed * (i + 7)) % (spanUs + 1)),
    );
    return { lines, bytes: lines * bytesPerLine, minTsUs, maxTsUs: minTsUs + spanUs, needles };
  });

describe('aggregate batch splits conserve lines, bytes and needles', () => {
  test.prop([batchArb, fc.integer({ min: -10, max: 2e9 })])('split at a timestamp', (batch, cut) => {
    const [a, b] = splitBatchAtTs(batch, cut);
    expect((a?.lines ?? 0) + (b?.lines ?? 0)).toBe(batch.lines);
    expect((a?.bytes ?? 0) + (b?.bytes ?? 0)).toBe(batch.bytes);
    for (const n of a?.needles ?? []) expect(n).toBeLessThan(cut);
    for (const n of b?.needles ?? []) expect(n).toBeGreaterThanOrEqual(cut);
    expect((a?.needles?.length ?? 0) + (b?.needles?.length ?? 0)).toBe(batch.needles?.length ?? 0);
    for (const part of [a, b])
      if (part !== undefined) expect(part.needles?.length ?? 0).toBeLessThanOrEqual(part.lines);
  });

  test.prop([batchArb, fc.integer({ min: -5, max: 12_000 })])('split by line count', (batch, k) => {
    const [a, b] = splitBatchByLines(batch, k);
    expect((a?.lines ?? 0) + (b?.lines ?? 0)).toBe(batch.lines);
    expect((a?.bytes ?? 0) + (b?.bytes ?? 0)).toBe(batch.bytes);
    expect((a?.needles?.length ?? 0) + (b?.needles?.length ?? 0)).toBe(batch.needles?.length ?? 0);
    if (a !== undefined) expect(a.minTsUs).toBeLessThanOrEqual(a.maxTsUs);
    if (b !== undefined) expect(b.minTsUs).toBeLessThanOrEqual(b.maxTsUs);
  });
});
