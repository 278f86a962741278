import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { z } from 'zod';
import {
  byteRate,
  count,
  duration,
  DURATION_PATTERN,
  formatBytes,
  formatDuration,
  parseByteRate,
  parseCount,
  parseDuration,
  parseRate,
  parseShare,
  parseSize,
  rate,
  share,
  size,
  SIZE_PATTERN,
  tryParseDuration,
} from '../../sim/config/units.ts';

const S = 1_000_000;

describe('durations are integer microseconds', () => {
  it.each([
    ['500ms', 500_000],
    ['5s', 5 * S],
    ['1.5s', 1.5 * S],
    ['5m', 300 * S],
    ['2h', 7200 * S],
    ['30d', 30 * 86_400 * S],
    ['1w', 7 * 86_400 * S],
    ['250us', 250],
    ['250µs', 250],
    ['1h30m', 5400 * S],
    ['1h 30m', 5400 * S],
    ['1.1s', 1_100_000],
    ['.5s', 500_000],
    ['0', 0],
  ])('%s → %d µs', (text, us) => {
    expect(parseDuration(text)).toBe(us);
  });

  it('accepts the number 0 and rejects other bare numbers, saying which unit to add', () => {
    expect(parseDuration(0)).toBe(0);
    expect(() => parseDuration(5)).toThrow(
      'expected a duration such as 500ms, 5s, 2h or 30d, got 5 (a bare number has no unit: write 5s, 5ms or 5m)',
    );
    expect(() => parseDuration('30')).toThrow('write 30s, 30ms or 30m');
  });

  it('reads the words people write for units, in durations and in every rate alike', () => {
    expect(parseDuration('5 minutes')).toBe(parseDuration('5m'));
    expect(parseDuration('1 hour 30 min')).toBe(parseDuration('1h30m'));
    expect(parseDuration('2mins')).toBe(parseDuration('2m'));
    expect(parseDuration('10 sec')).toBe(parseDuration('10s'));
    expect(parseRate('100/minute')).toBe(parseRate('100/m'));
    expect(parseRate('10/min')).toBe(parseRate('10/m'));
    expect(parseRate('3/hour')).toBe(parseRate('3/h'));
    expect(parseRate('7/week')).toBe(parseRate('7/w'));
    expect(parseByteRate('10MB/sec')).toBe(parseByteRate('10MB/s'));
    expect(parseSize('180 bytes')).toBe(180);
  });

  it('names the unit it expected, and suggests the short form of a misspelt unit', () => {
    expect(tryParseDuration('5 minuets')).toEqual({
      ok: false,
      message: 'expected a duration such as 500ms, 5s, 2h or 30d, got "5 minuets" (did you mean 5m?)',
    });
    expect(() => parseSize('64MB/s')).toThrow('a size is expected here, not a rate: did you mean 64MB?');
    expect(() => parseSize('1GBps')).toThrow('a size is expected here, not a rate: did you mean 1GB?');
    expect(() => parseByteRate('64MB')).toThrow('a rate is expected here, not a size: did you mean 64MB/s?');
    expect(() => parseByteRate('4 mib')).toThrow('a rate is expected here, not a size: did you mean 4MiB/s?');
    expect(() => parseByteRate('1GBps')).toThrow(
      'did you mean 1GB/s (bytes per second) or 1Gbps (bits per second)?',
    );
    // Units spelt out, and "per" for the slash: not the grammar, but named in the hint.
    expect(() => parseSize('2 megabytes')).toThrow('did you mean 2MB?');
    expect(() => parseSize('3 Gibibytes')).toThrow('did you mean 3GiB?');
    expect(() => parseSize('10 MB per second')).toThrow(
      'a size is expected here, not a rate: did you mean 10MB?',
    );
    expect(() => parseByteRate('10 MB per second')).toThrow('did you mean 10MB/s?');
    expect(() => parseByteRate('2 megabytes a minute')).toThrow('did you mean 2MB/m?');
    expect(() => parseByteRate('2 megabytes')).toThrow(
      'a rate is expected here, not a size: did you mean 2MB/s?',
    );
    expect(() => parseRate('50 per second')).toThrow('did you mean 50/s?');
    expect(() => parseRate('10k every hour')).toThrow('did you mean 10k/h?');
    expect(() => parseDuration('soon')).toThrow(
      'expected a duration such as 500ms, 5s, 2h or 30d, got "soon"',
    );
    expect(() => parseDuration('30m1h')).toThrow('from the largest unit to the smallest');
    expect(() => parseDuration('0.5us')).toThrow('whole microseconds');
    expect(() => parseDuration('-5s')).toThrow('expected a duration');
  });
});

describe('sizes are integer bytes', () => {
  it.each([
    ['220B', 220],
    ['1.5MB', 1_500_000],
    ['64MiB', 64 * 1024 ** 2],
    ['10GB', 10e9],
    ['1KiB', 1024],
    ['4kB', 4000],
    ['4KB', 4000],
    ['1TB', 1e12],
    ['1TiB', 1024 ** 4],
    ['1024', 1024],
    ['64 MiB', 64 * 1024 ** 2],
  ])('%s → %d B', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it('takes a bare integer as bytes, rejects fractions of a byte and unknown units', () => {
    expect(parseSize(4096)).toBe(4096);
    expect(() => parseSize(1.5)).toThrow('a size is a whole number of bytes');
    expect(() => parseSize('1.5B')).toThrow('a size is a whole number of bytes');
    expect(() => parseSize('64mb')).toThrow(
      'expected a size such as 220B, 1.5MB or 64MiB, got "64mb" (did you mean 64MB?)',
    );
    expect(() => parseSize('big')).toThrow('got "big"');
  });
});

describe('rates, byte rates, counts and shares', () => {
  it.each([
    ['50/s', 50],
    ['10k/s', 10_000],
    ['2.5M/s', 2_500_000],
    ['100/m', 100 / 60],
    ['3/h', 3 / 3600],
    ['0', 0],
  ])('event rate %s → %d/s', (text, perSec) => {
    expect(parseRate(text)).toBeCloseTo(perSec, 12);
  });

  it('rejects a rate without a time unit', () => {
    expect(() => parseRate('50')).toThrow(
      'expected a rate such as 50/s, 10k/s or 100/m, got "50" (a bare number has no time unit: write 50/s or 50/m)',
    );
    expect(() => parseRate(50)).toThrow('write 50/s or 50/m');
  });

  it.each([
    ['4MB/s', 4e6],
    ['125MiB/s', 125 * 1024 ** 2],
    ['1Gbps', 125e6],
    ['100Mbps', 12.5e6],
    ['60MB/m', 1e6],
  ])('byte rate %s → %d B/s', (text, bytesPerSec) => {
    expect(parseByteRate(text)).toBe(bytesPerSec);
  });

  it('suggests the right case for a byte rate unit', () => {
    expect(() => parseByteRate('4mb/s')).toThrow('(did you mean 4MB/s?)');
  });

  it.each([
    ['100k', 100_000],
    ['1.5M', 1_500_000],
    ['5000', 5000],
  ])('count %s → %d', (text, n) => {
    expect(parseCount(text)).toBe(n);
  });

  it('rejects fractional counts', () => {
    expect(() => parseCount('1.2345k')).toThrow('a count is a whole number');
  });

  it.each([
    ['0.5', 0.5],
    ['50%', 0.5],
    ['1%', 0.01],
    [0.25, 0.25],
  ] as const)('share %s → %d', (text, fraction) => {
    expect(parseShare(text)).toBe(fraction);
  });

  it('rejects shares outside [0, 1]', () => {
    expect(() => parseShare('150%')).toThrow('a share lies between 0 and 1');
    expect(() => parseShare(2)).toThrow('a share lies between 0 and 1');
  });
});

describe('zod schemas', () => {
  it('output canonical numbers', () => {
    const schema = z.object({ d: duration(), s: size(), r: rate(), b: byteRate(), c: count(), p: share() });
    expect(schema.parse({ d: '1h30m', s: '64MiB', r: '10k/s', b: '1Gbps', c: '100k', p: '1%' })).toEqual({
      d: 5400 * S,
      s: 64 * 1024 ** 2,
      r: 10_000,
      b: 125e6,
      c: 100_000,
      p: 0.01,
    });
  });

  it('say what was expected, with an example, for a bad string and for a wrong YAML type', () => {
    const bad = duration().safeParse('5 minuets');
    expect(bad.error?.issues[0]?.message).toBe(
      'expected a duration such as 500ms, 5s, 2h or 30d, got "5 minuets" (did you mean 5m?)',
    );
    const list = size().safeParse(['x']);
    expect(list.error?.issues[0]?.message).toBe('expected a size such as 220B, 1.5MB or 64MiB, got a list');
  });

  it('check bounds written in the same notation', () => {
    const schema = duration({ min: '1ms', max: '1d' });
    expect(schema.parse('5s')).toBe(5 * S);
    expect(schema.safeParse('500us').error?.issues[0]?.message).toBe(
      'expected a duration of at least 1ms, got "500us"',
    );
    expect(schema.safeParse('2d').error?.issues[0]?.message).toBe(
      'expected a duration of at most 1d, got "2d"',
    );
  });

  it('describe their input side as a string with a pattern in JSON Schema', () => {
    const js = z.toJSONSchema(duration(), { io: 'input' });
    expect(js).toMatchObject({ anyOf: [{ type: 'string', pattern: DURATION_PATTERN }, { const: 0 }] });
    expect(js.description).toMatch(/^A duration such as/);
  });

  it('patterns accept what the parsers accept', () => {
    for (const text of ['500ms', '1h30m', '250µs', '0', '1.5s'])
      expect(new RegExp(DURATION_PATTERN).test(text)).toBe(true);
    for (const text of ['5 minuets', '5', '5x']) expect(new RegExp(DURATION_PATTERN).test(text)).toBe(false);
    for (const text of ['220B', '1.5MB', '64MiB', '1024'])
      expect(new RegExp(SIZE_PATTERN).test(text)).toBe(true);
  });
});

describe('formatting for reports', () => {
  it.each([
    [0, '0s'],
    [250, '250µs'],
    [1_500, '1.5ms'],
    [1_500_000, '1.5s'],
    [5400 * S, '1h30m'],
    [30 * 86_400 * S, '30d'],
    [86_400 * S + 1, '1d0.000001s'],
  ])('formatDuration(%d) = %s', (us, text) => {
    expect(formatDuration(us)).toBe(text);
  });

  it('rounds to significant digits on request', () => {
    expect(formatDuration(1_534_567, { precision: 3 })).toBe('1.53s');
    expect(formatBytes(1_234_567_890, { precision: 3 })).toBe('1.23GB');
  });

  it.each([
    [220, '220B'],
    [1_500_000, '1.5MB'],
    [64 * 1024 ** 2, '64MiB'],
    [1536, '1.5KiB'],
    [0, '0B'],
  ])('formatBytes(%d) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  test.prop([fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })])(
    'parseDuration(formatDuration(us)) === us',
    (us) => {
      expect(parseDuration(formatDuration(us))).toBe(us);
    },
  );

  test.prop([fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })])(
    'parseSize(formatBytes(bytes)) === bytes',
    (bytes) => {
      expect(parseSize(formatBytes(bytes))).toBe(bytes);
    },
  );

  test.prop([
    fc.integer({ min: 0, max: 10_000 }),
    fc.constantFrom(1, 1_000, 1_000_000, 60_000_000, 3_600_000_000),
  ])('round numbers of a unit round-trip too', (n, unitUs) => {
    expect(parseDuration(formatDuration(n * unitUs))).toBe(n * unitUs);
  });
});
