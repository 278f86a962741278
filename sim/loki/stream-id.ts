/**
 * Stream ids and ring tokens: hand-written FNV-1a hashes of a tenant and a
 * canonical label set, so they are identical on every machine and run.
 *
 * - The stream id is FNV-1a 64, computed on four 16-bit limbs so every
 *   product stays an exact double (no BigInt in the hot path), and rendered
 *   as 16 hex digits.
 * - The ring token is FNV-1a 32 of the same bytes, like Loki's distributor,
 *   which places a stream by `TokenFor(tenantID, labels)`, an FNV-32 of the
 *   tenant and the label string (grafana/loki pkg/util/hash.go).
 */
import type { LabelSet } from './label-set.ts';

/** 64-bit stream id as 16 lower-case hex digits. */
export type StreamId = string & { readonly __brand: 'StreamId' };

const encoder = new TextEncoder();

/** FNV-1a 64 of a byte string, as 16 hex digits. */
export function fnv1a64Hex(bytes: Uint8Array): string {
  // Offset basis 0xcbf29ce484222325 split into 16-bit limbs, low first.
  let a0 = 0x2325;
  let a1 = 0x8422;
  let a2 = 0x9ce4;
  let a3 = 0xcbf2;
  for (const byte of bytes) {
    a0 ^= byte;
    // Multiply by the FNV-64 prime 0x100000001b3 = 2^40 + 0x1b3, mod 2^64.
    // Limb products are < 2^16 × 2^9, far inside the 2^53 exact range.
    const t0 = a0 * 0x1b3;
    const t1 = a1 * 0x1b3 + Math.floor(t0 / 0x10000);
    const t2 = a2 * 0x1b3 + a0 * 0x100 + Math.floor(t1 / 0x10000);
    const t3 = a3 * 0x1b3 + a1 * 0x100 + Math.floor(t2 / 0x10000);
    a0 = t0 % 0x10000;
    a1 = t1 % 0x10000;
    a2 = t2 % 0x10000;
    a3 = t3 % 0x10000;
  }
  return hex16(a3) + hex16(a2) + hex16(a1) + hex16(a0);
}

/**
 * FNV-1a 64 of an ASCII string, as 16 hex digits: fnv1a64Hex of its UTF-8
 * bytes, which for ASCII are its char codes, without encoding it first (a
 * chunk key per flush). Throws on a non-ASCII character.
 */
export function fnv1a64HexOfAscii(text: string): string {
  let a0 = 0x2325;
  let a1 = 0x8422;
  let a2 = 0x9ce4;
  let a3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    const byte = text.charCodeAt(i);
    if (byte > 0x7f)
      throw new RangeError(`fnv1a64HexOfAscii: non-ASCII character in ${JSON.stringify(text)}`);
    a0 ^= byte;
    const t0 = a0 * 0x1b3;
    const t1 = a1 * 0x1b3 + Math.floor(t0 / 0x10000);
    const t2 = a2 * 0x1b3 + a0 * 0x100 + Math.floor(t1 / 0x10000);
    const t3 = a3 * 0x1b3 + a1 * 0x100 + Math.floor(t2 / 0x10000);
    a0 = t0 % 0x10000;
    a1 = t1 % 0x10000;
    a2 = t2 % 0x10000;
    a3 = t3 % 0x10000;
  }
  return hex16(a3) + hex16(a2) + hex16(a1) + hex16(a0);
}

/** FNV-1a 32 of a byte string, as an unsigned 32-bit integer. */
export function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const byte of bytes) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The stream id of a label set within a tenant (tenant '' for single-tenant runs). */
export function streamIdOf(labels: LabelSet, tenant = ''): StreamId {
  return fnv1a64Hex(identityBytes(labels, tenant)) as StreamId;
}

/** The 32-bit ring token that places the stream on the ingester ring. */
export function ringTokenOf(labels: LabelSet, tenant = ''): number {
  return fnv1a32(identityBytes(labels, tenant));
}

function identityBytes(labels: LabelSet, tenant: string): Uint8Array {
  // The NUL separator keeps ("ab", "{c}") and ("a", "b{c}") apart.
  return encoder.encode(`${tenant}\u0000${labels.key}`);
}

function hex16(limb: number): string {
  return limb.toString(16).padStart(4, '0');
}
