import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { FlushedChunk } from '../../sim/loki/chunk.ts';
import { ChunkIndex } from '../../sim/loki/chunk-index.ts';
import type { StreamId } from '../../sim/loki/stream-id.ts';

const stream = 'aaaaaaaaaaaaaaaa' as StreamId;

function chunk(minTsUs: number, maxTsUs: number): FlushedChunk {
  return { streamId: stream, bytes: 1, rawBytes: 1, lines: 1, minTsUs, maxTsUs, needles: [], reason: 'full' };
}

describe('ChunkIndex', () => {
  test.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 300 })), {
      maxLength: 60,
    }),
    fc.integer({ min: 0, max: 1400 }),
    fc.integer({ min: 0, max: 400 }),
  ])('finds exactly the chunks a full scan finds, each key once', (spans, from, width) => {
    const index = new ChunkIndex();
    const all: { key: string; c: FlushedChunk }[] = [];
    spans.forEach(([min, len], i) => {
      const c = chunk(min, min + len);
      const key = `k${i % 40}`; // some keys repeat: replicas writing the same chunk
      if (index.add(key, c)) all.push({ key, c });
    });
    const to = from + width;
    const expected = all
      .filter(({ c }) => c.maxTsUs >= from && c.minTsUs <= to)
      .map(({ key }) => key)
      .sort();
    const got = index
      .overlapping(stream, from, to)
      .map((r) => r.key)
      .sort();
    expect(got).toEqual(expected);
    expect(index.countOf(stream)).toBe(all.length);
  });
});
