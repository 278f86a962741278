import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { FlushedChunk } from '../../sim/loki/chunk.ts';
import { ChunkIndex } from '../../sim/loki/chunk-index.ts';
import { chunkKey } from '../../sim/loki/object-store.ts';
import type { StreamId } from '../../sim/loki/stream-id.ts';

const stream = 'aaaaaaaaaaaaaaaa' as StreamId;

/** Every third chunk is a stream group's entry standing for several objects. */
function chunk(minTsUs: number, maxTsUs: number, i: number, needles: number[] = []): FlushedChunk {
  const base: FlushedChunk = {
    streamId: stream,
    bytes: 1000 + i * 7,
    rawBytes: 5000 + i * 31,
    lines: 10 + i,
    minTsUs,
    maxTsUs,
    needles,
    reason: 'full',
  };
  return i % 3 === 0 ? { ...base, objects: 2 + (i % 5) } : base;
}

/** Chunks from arbitrary spans; some repeat exactly, as replicas writing the same chunk do. */
const spansArb = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 300 }), fc.boolean()),
  { maxLength: 60 },
);

function build(spans: [number, number, boolean][]): { index: ChunkIndex; all: FlushedChunk[] } {
  const index = new ChunkIndex();
  const all: FlushedChunk[] = [];
  spans.forEach(([min, len, needle], i) => {
    const c = chunk(min, min + len, i % 40, needle ? [min + Math.floor(len / 2)] : []);
    if (index.add(c)) all.push(c);
  });
  return { index, all };
}

describe('ChunkIndex', () => {
  test.prop([spansArb, fc.integer({ min: 0, max: 1400 }), fc.integer({ min: 0, max: 400 })])(
    'finds exactly the chunks a full scan finds, each identical chunk once',
    (spans, from, width) => {
      const { index, all } = build(spans);
      const to = from + width;
      const expected = all
        .filter((c) => c.maxTsUs >= from && c.minTsUs <= to)
        .map(chunkKey)
        .sort();
      const got = index
        .overlapping(stream, from, to, chunkKey)
        .map((r) => r.key)
        .sort();
      expect(got).toEqual(expected);
      expect(index.countOf(stream)).toBe(all.length);
      expect(new Set(all.map(chunkKey)).size).toBe(all.length);
    },
  );

  test.prop([spansArb, fc.integer({ min: 0, max: 1400 }), fc.integer({ min: 0, max: 400 })])(
    'the running sums of a range equal the per-chunk sums of the chunks in it',
    (spans, from, width) => {
      const { index } = build(spans);
      const to = from + width;
      let objects = 0;
      let bytes = 0;
      let rawBytes = 0;
      for (const { chunk: c } of index.overlapping(stream, from, to, chunkKey)) {
        objects += c.objects ?? 1;
        bytes += c.bytes;
        rawBytes += c.rawBytes;
      }
      expect(index.totals(stream, from, to)).toEqual({ objects, bytes, rawBytes });
    },
  );

  test.prop([
    spansArb,
    fc.integer({ min: 0, max: 1400 }),
    fc.integer({ min: 0, max: 400 }),
    fc.integer({ min: 0, max: 1300 }),
    fc.integer({ min: 0, max: 20 }),
  ])(
    'a needle is held in range exactly when a chunk in range holds it',
    (spans, from, width, needle, tolerance) => {
      const { index } = build(spans);
      const to = from + width;
      const exact = index
        .overlapping(stream, from, to, chunkKey)
        .some(({ chunk: c }) => c.needles.some((n) => Math.abs(n - needle) <= tolerance));
      expect(index.holdsNeedle(stream, from, to, needle, tolerance)).toBe(exact);
    },
  );

  test.prop([spansArb, fc.nat()])(
    'removing a chunk leaves the index a fresh build of the rest gives',
    (spans, pick) => {
      const { index, all } = build(spans);
      if (all.length === 0) return;
      const gone = all[pick % all.length] as FlushedChunk;
      expect(index.remove(gone)).toBe(true);
      const rest = new ChunkIndex();
      for (const c of all) if (c !== gone) rest.add(c);
      expect([...index.chunks()]).toEqual([...rest.chunks()]);
      expect(index.totals(stream, 0, 2000)).toEqual(rest.totals(stream, 0, 2000));
      expect(index.holdsNeedle(stream, 0, 2000, 500, 1000)).toBe(
        rest.holdsNeedle(stream, 0, 2000, 500, 1000),
      );
    },
  );
});
