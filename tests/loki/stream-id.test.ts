import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { labelSet, validateLabelSet } from '../../sim/loki/label-set.ts';
import { DEFAULT_TENANT_LIMITS } from '../../sim/loki/limits.ts';
import { fnv1a32, fnv1a64Hex, fnv1a64HexOfAscii, ringTokenOf, streamIdOf } from '../../sim/loki/stream-id.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('FNV-1a against published test vectors', () => {
  // Vectors from the FNV reference (isthe.com/chongo/tech/comp/fnv).
  test('64-bit', () => {
    expect(fnv1a64Hex(enc(''))).toBe('cbf29ce484222325');
    expect(fnv1a64Hex(enc('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex(enc('foobar'))).toBe('85944171f73967e8');
  });
  test.prop([fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) })])(
    'the ASCII form hashes a string as its UTF-8 bytes',
    (s) => {
      expect(fnv1a64HexOfAscii(s)).toBe(fnv1a64Hex(enc(s)));
    },
  );
  test('32-bit', () => {
    expect(fnv1a32(enc(''))).toBe(0x811c9dc5);
    expect(fnv1a32(enc('a'))).toBe(0xe40c292c);
    expect(fnv1a32(enc('foobar'))).toBe(0xbf9cf968);
  });
});

const labelsArb = fc.uniqueArray(
  fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })),
  {
    minLength: 1,
    maxLength: 10,
    selector: (p) => p[0],
  },
);

describe('stream identity', () => {
  test.prop([labelsArb, fc.nat()])('the stream id does not depend on label order', (pairs, seed) => {
    const shuffled = [...pairs].sort(() => 0).reverse();
    const rotated = pairs.map((_, i) => pairs[(i + seed) % pairs.length]!);
    const a = labelSet(pairs);
    expect(streamIdOf(labelSet(shuffled))).toBe(streamIdOf(a));
    expect(streamIdOf(labelSet(rotated))).toBe(streamIdOf(a));
    expect(ringTokenOf(labelSet(rotated))).toBe(ringTokenOf(a));
  });

  test.prop([labelsArb])('the stream id is deterministic and 16 hex digits', (pairs) => {
    const id = streamIdOf(labelSet(pairs));
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(streamIdOf(labelSet(pairs))).toBe(id);
  });

  test('a record and pairs give the same canonical key', () => {
    expect(labelSet({ b: '2', a: '1' }).key).toBe('{a="1", b="2"}');
    expect(
      labelSet([
        ['b', '2'],
        ['a', '1'],
      ]).key,
    ).toBe('{a="1", b="2"}');
  });

  test('the tenant is part of the identity', () => {
    const s = labelSet({ app: 'api' });
    expect(streamIdOf(s, 't1')).not.toBe(streamIdOf(s, 't2'));
  });
});

describe('label validation (Loki defaults: 15 names, 1024 / 2048 characters)', () => {
  const limits = DEFAULT_TENANT_LIMITS;
  test('valid set', () => {
    expect(validateLabelSet(labelSet({ app: 'api', env: 'prod' }), limits)).toBeUndefined();
  });
  test('16 names is one too many; 15 pass', () => {
    const many = (n: number): Record<string, string> =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, 'v']));
    expect(validateLabelSet(labelSet(many(15)), limits)).toBeUndefined();
    expect(validateLabelSet(labelSet(many(16)), limits)).toBe('max_label_names_per_series');
  });
  test('name and value lengths at and past the limit', () => {
    expect(validateLabelSet(labelSet({ ['n'.repeat(1024)]: 'v' }), limits)).toBeUndefined();
    expect(validateLabelSet(labelSet({ ['n'.repeat(1025)]: 'v' }), limits)).toBe('label_name_too_long');
    expect(validateLabelSet(labelSet({ n: 'v'.repeat(2048) }), limits)).toBeUndefined();
    expect(validateLabelSet(labelSet({ n: 'v'.repeat(2049) }), limits)).toBe('label_value_too_long');
  });
  test('duplicates and empty sets', () => {
    expect(
      validateLabelSet(
        labelSet([
          ['a', '1'],
          ['a', '2'],
        ]),
        limits,
      ),
    ).toBe('duplicate_label_names');
    expect(validateLabelSet(labelSet({}), limits)).toBe('missing_labels');
  });
});
