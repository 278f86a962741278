// Holes are lines no reader can get; adding one reports only the lines that were not holes yet.
import { describe, expect, it } from 'vitest';
import { OffsetHoles } from '../../sim/agent/offset-holes.ts';

describe('OffsetHoles', () => {
  it('adds, merges, and reports only fresh parts', () => {
    const h = new OffsetHoles();
    expect(h.add(10, 20)).toEqual([[10, 20]]);
    expect(h.add(30, 40)).toEqual([[30, 40]]);
    expect(h.add(15, 35)).toEqual([[20, 30]]);
    expect(h.nextPresent(12)).toBe(40);
    expect(h.nextPresent(5)).toBe(5);
    expect(h.nextStart(5)).toBe(10);
    expect(h.nextStart(40)).toBe(Infinity);
  });

  it('advances past holes counting only readable lines', () => {
    const h = new OffsetHoles();
    h.add(10, 20);
    expect(h.advance(5, 3)).toBe(8);
    expect(h.advance(5, 10)).toBe(25);
    expect(h.overlap(0, 15)).toBe(5);
  });

  it('prunes holes that end before an offset', () => {
    const h = new OffsetHoles();
    h.add(1, 2);
    h.add(5, 9);
    h.prune(6);
    expect(h.nextPresent(1)).toBe(1);
    expect(h.nextPresent(6)).toBe(9);
  });
});
