/**
 * What a scenario file must be before it is parsed: UTF-8 text of a size a
 * design takes. The guards here run before the YAML parser and the schema see
 * the text, so a 50 MB file or a UTF-16 export is refused in milliseconds
 * with a sentence that says what to do, instead of minutes of parsing or a
 * message about the garbage the bytes decode to.
 *
 *   bytes ─▶ too large? ─▶ byte-order mark of UTF-16/32? ─▶ NUL bytes? ─▶ valid UTF-8? ─▶ text
 *
 * Limits are generous for a hand-written or generated design: the shipped
 * scenarios are 1–6 KB, and 10,000 services validate in about 3 s.
 */
import {
  scenarioEncoding,
  scenarioInvalidUtf8,
  scenarioTooLarge,
  scenarioTooManyNodes,
} from '../config/diagnostics.ts';
import { type Diagnostic, ScenarioError } from './errors.ts';

/** The largest scenario file read: 4 MiB. */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;
/** The most YAML nodes (scalars, mappings, lists) a scenario may have. */
export const MAX_SCENARIO_NODES = 500_000;
/** The most services a fleet may list (each is validated and simulated apart). */
export const MAX_SERVICES = 10_000;

function whole(file: string, code: Diagnostic['code'], message: string): ScenarioError {
  return new ScenarioError([{ code, file, line: 0, col: 0, path: '', message }]);
}

/** The byte-order marks of encodings other than UTF-8, longest first. */
const FOREIGN_BOMS: readonly (readonly [string, readonly number[]])[] = [
  ['UTF-32 LE', [0xff, 0xfe, 0x00, 0x00]],
  ['UTF-32 BE', [0x00, 0x00, 0xfe, 0xff]],
  ['UTF-16 LE', [0xff, 0xfe]],
  ['UTF-16 BE', [0xfe, 0xff]],
];

/** Offset of the first byte that does not continue a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Line and column (1-based) of byte `offset`, counting characters of the valid prefix. */
function lineColOf(bytes: Uint8Array, offset: number): { line: number; col: number } {
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, offset).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, col: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/**
 * The text of a scenario file's bytes, or a ScenarioError saying why they are
 * not a scenario: too large, another encoding, or not text. A UTF-8
 * byte-order mark is dropped.
 */
export function decodeScenarioBytes(bytes: Uint8Array, file: string): string {
  if (bytes.length > MAX_SCENARIO_BYTES)
    throw whole(file, 'SCENARIO_TOO_LARGE', scenarioTooLarge(bytes.length, MAX_SCENARIO_BYTES));
  for (const [encoding, bom] of FOREIGN_BOMS) {
    if (bom.every((b, i) => bytes[i] === b))
      throw whole(file, 'SCENARIO_ENCODING', scenarioEncoding(encoding));
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    // UTF-16 without a mark puts a NUL beside every ASCII character.
    const guess =
      bytes.length > 1 && (bytes[1] === 0 || bytes[0] === 0)
        ? 'UTF-16 (without a byte-order mark)'
        : undefined;
    throw whole(file, 'SCENARIO_ENCODING', scenarioEncoding(guess, nul));
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    const { line, col } = lineColOf(bytes, bad);
    throw new ScenarioError([
      { code: 'SCENARIO_ENCODING', file, line, col, path: '', message: scenarioInvalidUtf8(bad) },
    ]);
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The same size guard for text handed in directly (the library's loadScenarioFromText). */
export function checkScenarioTextSize(text: string, file: string): void {
  // A UTF-16 code unit is 1–3 bytes of UTF-8: the length is a lower bound of the file's size.
  if (text.length > MAX_SCENARIO_BYTES)
    throw whole(file, 'SCENARIO_TOO_LARGE', scenarioTooLarge(Buffer.byteLength(text), MAX_SCENARIO_BYTES));
}

/** Refuses a parsed document with more nodes than a design needs, before it is converted or validated. */
export function checkNodeCount(nodes: number, file: string): void {
  if (nodes > MAX_SCENARIO_NODES)
    throw whole(file, 'SCENARIO_TOO_LARGE', scenarioTooManyNodes(nodes, MAX_SCENARIO_NODES));
}
