/**
 * Values as people write them — `500ms`, `64MiB`, `10k/s`, `1Gbps`, `50%` —
 * parsed to the canonical numbers the models use:
 *
 * | kind      | canonical unit           | examples                          |
 * |-----------|--------------------------|-----------------------------------|
 * | duration  | integer microseconds     | 500ms 5s 1.5s 1h30m 30d 1w 250us  |
 * | size      | integer bytes            | 220B 1.5MB 64MiB 4kB 1TiB 1024    |
 * | rate      | events per second        | 50/s 10k/s 2.5M/s 100/m 3/h       |
 * | byteRate  | bytes per second         | 4MB/s 125MiB/s 1Gbps 100Mbps      |
 * | count     | whole number             | 5000 100k 1.5M                    |
 * | share     | fraction in [0, 1]       | 0.5 50% 1%                        |
 *
 * Durations and sizes are computed in exact decimal arithmetic (BigInt), so
 * `1.1s` is 1 100 000 µs and never 1 099 999; that is also what makes
 * `parseDuration(formatDuration(x)) === x` hold for every integer x.
 *
 * Each kind comes three ways: a throwing parser (`parseDuration`), a
 * non-throwing one (`tryParseDuration`), and a zod schema factory (`duration()`)
 * whose JSON Schema (input side) is a string with a pattern, for editors.
 */
import { z } from 'zod';
import {
  bareNumberHint,
  COUNT_WHOLE_HINT,
  DURATION_ORDER_HINT,
  DURATION_RESOLUTION_HINT,
  SHARE_RANGE_HINT,
  SIZE_WHOLE_BYTES_HINT,
  TOO_LARGE_HINT,
  UNIT_EXAMPLES,
  type UnitKind,
  bytesOrBitsHint,
  didYouMean,
  rateNotSizeHint,
  sizeNotRateHint,
  unitBound,
  unitPositive,
  unitExpected,
  unitSpellingHint,
} from './diagnostics.ts';

/** The outcome of a non-throwing parse: the canonical number, or the message to show. */
export type UnitResult =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

const ok = (value: number): UnitResult => ({ ok: true, value });
const fail = (message: string): UnitResult => ({ ok: false, message });

// A decimal number as written: `5`, `1.5`, `.5`. No sign, no exponent: a
// scenario never needs them, and `1e3s` is more likely a typo than intent.
const NUM = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;

/** An exact decimal: digits / 10^scale. */
interface Decimal {
  readonly digits: bigint;
  readonly scale: bigint;
}

function decimal(text: string): Decimal {
  const [int = '', frac = ''] = text.split('.');
  return { digits: BigInt(`${int}${frac}` || '0'), scale: 10n ** BigInt(frac.length) };
}

/** `d × unit` as an exact integer, or undefined when it has a fractional part. */
function exactTimes(d: Decimal, unit: bigint): bigint | undefined {
  const n = d.digits * unit;
  return n % d.scale === 0n ? n / d.scale : undefined;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// ---------------------------------------------------------------------------
// Durations → integer microseconds
// ---------------------------------------------------------------------------

/** Microseconds per duration unit, largest first (the order compound durations use). */
const DURATION_UNITS_US: readonly (readonly [string, bigint])[] = [
  ['w', 604_800_000_000n],
  ['d', 86_400_000_000n],
  ['h', 3_600_000_000n],
  ['m', 60_000_000n],
  ['s', 1_000_000n],
  ['ms', 1_000n],
  ['us', 1n],
  ['µs', 1n], // micro sign U+00B5
  ['μs', 1n], // Greek mu U+03BC, which some keyboards produce instead
];
const DURATION_US = new Map(DURATION_UNITS_US);
const DURATION_RANK = new Map(DURATION_UNITS_US.map(([u, us]) => [u, Number(us)]));

const DURATION_PART = String.raw`(${NUM})\s*(us|µs|μs|ms|s|m|h|d|w)`;

/**
 * Words people write for units, mapped to ours: `5 minutes`, `1 hour 30 min`,
 * `10/minute` are read as `5m`, `1h30m`, `10/m`. One grammar for durations and
 * for the time unit of every rate (lines, bytes, queries per …).
 */
const DURATION_WORDS: Record<string, string> = {
  microsecond: 'us',
  microseconds: 'us',
  micros: 'us',
  millisecond: 'ms',
  milliseconds: 'ms',
  millis: 'ms',
  msec: 'ms',
  msecs: 'ms',
  second: 's',
  seconds: 's',
  sec: 's',
  secs: 's',
  minute: 'm',
  minutes: 'm',
  min: 'm',
  mins: 'm',
  hour: 'h',
  hours: 'h',
  hr: 'h',
  hrs: 'h',
  day: 'd',
  days: 'd',
  week: 'w',
  weeks: 'w',
};

/** The unit words, longest first (so `minutes` is not read as `min` + `utes`). */
const WORD_RE = Object.keys(DURATION_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|');
/** Every spelling of a time unit: ours, then the words. */
const TIME_UNIT_RE = `(?:${WORD_RE}|us|µs|μs|ms|s|m|h|d|w)`;

/** JSON Schema / editor pattern of a duration (kept in step with the parser by a test). */
export const DURATION_PATTERN = String.raw`^\s*(?:${NUM}\s*${TIME_UNIT_RE}\s*)+$|^\s*0\s*$`;

/** `1 hour 30 minutes` → `1h30m`: unit words replaced by our units (lower-case words only). */
function canonicalDuration(text: string): string {
  return text.replace(
    new RegExp(String.raw`(${NUM})\s*(${WORD_RE})(?![a-zA-Zµμ])`, 'g'),
    (_, n: string, word: string) => `${n}${DURATION_WORDS[word]!}`,
  );
}

/** Parses a duration to integer microseconds without throwing. */
export function tryParseDuration(input: unknown): UnitResult {
  if (typeof input === 'number') {
    if (input === 0) return ok(0);
    return fail(
      unitExpected('duration', input, Number.isFinite(input) ? bareNumberHint('duration', input) : undefined),
    );
  }
  if (typeof input !== 'string') return fail(unitExpected('duration', input));
  const text = canonicalDuration(input.trim());
  if (text === '0') return ok(0);
  if (/^\d+(\.\d+)?$/.test(text))
    return fail(unitExpected('duration', input, bareNumberHint('duration', Number(text))));
  const whole = new RegExp(String.raw`^(?:${DURATION_PART}\s*)+$`);
  if (!whole.test(text)) {
    const word = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]+)$/.exec(text);
    const written = word?.[2]?.toLowerCase() ?? '';
    const near = didYouMean(written, [...Object.keys(DURATION_WORDS), ...DURATION_US.keys()]);
    const unit = word
      ? (DURATION_WORDS[written] ??
        (DURATION_US.has(written)
          ? written
          : near === undefined
            ? undefined
            : (DURATION_WORDS[near] ?? near)))
      : undefined;
    return fail(
      unitExpected(
        'duration',
        input,
        unit === undefined ? undefined : unitSpellingHint(`${word![1]}${unit}`),
      ),
    );
  }
  let total = 0n;
  let lastRank = Infinity;
  for (const part of text.matchAll(new RegExp(DURATION_PART, 'g'))) {
    const unit = part[2]!;
    const rank = DURATION_RANK.get(unit)!;
    // Each unit once and largest first: `1m30m` or `30m1h` are typos, not sums.
    if (rank >= lastRank) return fail(unitExpected('duration', input, DURATION_ORDER_HINT));
    lastRank = rank;
    const us = exactTimes(decimal(part[1]!), DURATION_US.get(unit)!);
    if (us === undefined) return fail(unitExpected('duration', input, DURATION_RESOLUTION_HINT));
    total += us;
  }
  if (total > MAX_SAFE) return fail(unitExpected('duration', input, TOO_LARGE_HINT));
  return ok(Number(total));
}

/** Parses a duration (`500ms`, `1h30m`, `0`) to integer microseconds; throws a RangeError with the user-facing message. */
export function parseDuration(input: string | number): number {
  return unwrap(tryParseDuration(input));
}

// ---------------------------------------------------------------------------
// Sizes → integer bytes
// ---------------------------------------------------------------------------

/** Bytes per size unit. Decimal k/M/G/T/P are powers of 1000, binary Ki/Mi/… of 1024. */
const SIZE_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['B', 1n],
  ['bytes', 1n],
  ['byte', 1n],
  ['kB', 1000n],
  ['KB', 1000n],
  ['MB', 1000n ** 2n],
  ['GB', 1000n ** 3n],
  ['TB', 1000n ** 4n],
  ['PB', 1000n ** 5n],
  ['KiB', 1024n],
  ['MiB', 1024n ** 2n],
  ['GiB', 1024n ** 3n],
  ['TiB', 1024n ** 4n],
  ['PiB', 1024n ** 5n],
]);
const SIZE_UNIT_RE = '(?:B|bytes|byte|kB|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)';
/** JSON Schema / editor pattern of a size. */
export const SIZE_PATTERN = String.raw`^\s*${NUM}\s*${SIZE_UNIT_RE}?\s*$`;

/**
 * Size units spelt out (`2 megabytes`): not part of the grammar (a size's
 * unit is a symbol, so `MB` and `MiB` never blur), but named in the hint.
 */
const SIZE_WORDS: Readonly<Record<string, string>> = {
  byte: 'B',
  bytes: 'B',
  kilobyte: 'kB',
  kilobytes: 'kB',
  megabyte: 'MB',
  megabytes: 'MB',
  gigabyte: 'GB',
  gigabytes: 'GB',
  terabyte: 'TB',
  terabytes: 'TB',
  kibibyte: 'KiB',
  kibibytes: 'KiB',
  mebibyte: 'MiB',
  mebibytes: 'MiB',
  gibibyte: 'GiB',
  gibibytes: 'GiB',
  tebibyte: 'TiB',
  tebibytes: 'TiB',
};

/** Looks a size unit up, also case-insensitively and spelt out (for the "did you mean" hint only). */
function sizeUnitLike(unit: string): string | undefined {
  if (SIZE_UNITS.has(unit)) return unit;
  const word = SIZE_WORDS[unit.toLowerCase()];
  if (word !== undefined) return word;
  for (const u of SIZE_UNITS.keys()) if (u.toLowerCase() === unit.toLowerCase()) return u === 'KB' ? 'kB' : u;
  return undefined;
}

function sizeToBytes(numText: string, unit: string, input: unknown, kind: UnitKind): UnitResult {
  const bytes = exactTimes(decimal(numText), SIZE_UNITS.get(unit)!);
  if (bytes === undefined) return fail(unitExpected(kind, input, SIZE_WHOLE_BYTES_HINT));
  if (bytes > MAX_SAFE) return fail(unitExpected(kind, input, TOO_LARGE_HINT));
  return ok(Number(bytes));
}

/** Parses a size to integer bytes without throwing. */
export function tryParseSize(input: unknown): UnitResult {
  if (typeof input === 'number') {
    // A bare number is bytes, as in every config file that takes `max_bytes: 1048576`.
    if (Number.isSafeInteger(input) && input >= 0) return ok(input);
    return fail(
      unitExpected('size', input, Number.isFinite(input) && input >= 0 ? SIZE_WHOLE_BYTES_HINT : undefined),
    );
  }
  if (typeof input !== 'string') return fail(unitExpected('size', input));
  const per = perWords(input);
  if (per !== undefined) {
    const unit = sizeUnitLike(per.unit === '' ? 'B' : per.unit);
    return fail(
      unitExpected('size', input, unit === undefined ? undefined : sizeNotRateHint(`${per.n}${unit}`)),
    );
  }
  const m = new RegExp(String.raw`^\s*(${NUM})\s*([a-zA-Z]*)\s*$`).exec(input);
  if (!m) {
    // A byte rate where a size goes (`64MB/s`): the size is the part before the slash.
    const perTime = new RegExp(String.raw`^\s*(${NUM}\s*[a-zA-Z]+)\s*/\s*${PER_RE}\s*$`).exec(input);
    return fail(
      unitExpected('size', input, perTime ? sizeNotRateHint(perTime[1]!.replace(/\s+/g, '')) : undefined),
    );
  }
  // `1GBps`, `10MBps` (a byte rate in the other spelling) where a size goes: the size is the amount.
  const ps = new RegExp(String.raw`^\s*(${NUM})\s*([kKMGT])Bps\s*$`).exec(input);
  if (ps) return fail(unitExpected('size', input, sizeNotRateHint(`${ps[1]}${ps[2]!.toUpperCase()}B`)));
  const unit = m[2] === '' ? 'B' : m[2]!;
  if (!SIZE_UNITS.has(unit)) {
    const like = sizeUnitLike(unit);
    return fail(
      unitExpected('size', input, like === undefined ? undefined : unitSpellingHint(`${m[1]}${like}`)),
    );
  }
  return sizeToBytes(m[1]!, unit, input, 'size');
}

/** Parses a size (`1.5MB`, `64MiB`, `1024`) to integer bytes; throws a RangeError with the user-facing message. */
export function parseSize(input: string | number): number {
  return unwrap(tryParseSize(input));
}

// ---------------------------------------------------------------------------
// Rates, byte rates, counts, shares
// ---------------------------------------------------------------------------

/** Multipliers of counts and event rates (`10k/s`): SI, so k is 1000. */
const COUNT_SUFFIX: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, B: 1e9, T: 1e12 };
/** Seconds per rate denominator. */
const PER_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** The seconds of a rate's time unit, written any way a duration's unit may be (`/s`, `/min`, `/hour`). */
function perSeconds(unit: string): number {
  return PER_SECONDS[DURATION_WORDS[unit] ?? unit]!;
}

const COUNT_SUFFIX_RE = '[kKMGT]?';
const PER_RE = `(?:${WORD_RE}|s|m|h|d|w)`;
/** JSON Schema / editor pattern of an event rate. */
export const RATE_PATTERN = String.raw`^\s*${NUM}\s*${COUNT_SUFFIX_RE}\s*/\s*${PER_RE}\s*$|^\s*0\s*$`;
/** JSON Schema / editor pattern of a byte rate. */
export const BYTE_RATE_PATTERN = String.raw`^\s*${NUM}\s*(?:${SIZE_UNIT_RE}\s*/\s*${PER_RE}|[kKMGT]?bps|[kKMGT]?bit/s)\s*$|^\s*0\s*$`;
/** JSON Schema / editor pattern of a count with an optional suffix. */
export const COUNT_PATTERN = String.raw`^\s*${NUM}\s*${COUNT_SUFFIX_RE}\s*$`;
/** JSON Schema / editor pattern of a share written as a percentage. */
export const SHARE_PATTERN = String.raw`^\s*${NUM}\s*%?\s*$`;

/** Parses an event rate to events per second without throwing. */
export function tryParseRate(input: unknown): UnitResult {
  if (typeof input === 'number') {
    if (input === 0) return ok(0);
    return fail(
      unitExpected('rate', input, Number.isFinite(input) ? bareNumberHint('rate', input) : undefined),
    );
  }
  if (typeof input !== 'string') return fail(unitExpected('rate', input));
  if (input.trim() === '0') return ok(0);
  const m = new RegExp(String.raw`^\s*(${NUM})\s*(${COUNT_SUFFIX_RE})\s*/\s*(${PER_RE})\s*$`).exec(input);
  if (!m) {
    // `50 per second`, `10k per minute`: the rate's slash, spelt out.
    const per = perWords(input);
    if (per !== undefined && new RegExp(`^${COUNT_SUFFIX_RE}$`).test(per.unit))
      return fail(unitExpected('rate', input, unitSpellingHint(`${per.n}${per.unit}/${per.time}`)));
    const bare = /^\s*(\d+(?:\.\d+)?)\s*$/.exec(input);
    return fail(unitExpected('rate', input, bare ? bareNumberHint('rate', Number(bare[1])) : undefined));
  }
  return ok((Number(m[1]) * COUNT_SUFFIX[m[2]!]!) / perSeconds(m[3]!));
}

/** Parses an event rate (`50/s`, `10k/s`, `100/m`) to events per second; throws a RangeError with the user-facing message. */
export function parseRate(input: string | number): number {
  return unwrap(tryParseRate(input));
}

/** Parses a byte rate to bytes per second without throwing. */
export function tryParseByteRate(input: unknown): UnitResult {
  if (typeof input === 'number') {
    if (input === 0) return ok(0);
    return fail(unitExpected('byteRate', input));
  }
  if (typeof input !== 'string') return fail(unitExpected('byteRate', input));
  if (input.trim() === '0') return ok(0);
  const bits = new RegExp(String.raw`^\s*(${NUM})\s*([kKMGT]?)(?:bps|bit/s)\s*$`).exec(input);
  // Network links are quoted in bits (decimal prefixes): 1Gbps = 125 000 000 B/s.
  if (bits) return ok((Number(bits[1]) * COUNT_SUFFIX[bits[2]!]!) / 8);
  const m = new RegExp(String.raw`^\s*(${NUM})\s*([a-zA-Z]+)\s*/\s*(${PER_RE})\s*$`).exec(input);
  if (!m) {
    // `10 MB per second`, `2 megabytes per second`: the slash, spelt out.
    const per = perWords(input);
    const perUnit = per === undefined ? undefined : sizeUnitLike(per.unit);
    if (per !== undefined && perUnit !== undefined)
      return fail(unitExpected('byteRate', input, unitSpellingHint(`${per.n}${perUnit}/${per.time}`)));
    // `1GBps`, `10MBps`: bytes or bits? Both spellings the parser takes are offered.
    const ps = new RegExp(String.raw`^\s*(${NUM})\s*([kKMGT])(?:B|b)ps\s*$`).exec(input);
    if (ps) return fail(unitExpected('byteRate', input, bytesOrBitsHint(`${ps[1]}${ps[2]!.toUpperCase()}`)));
    // A size where a byte rate goes (`64MB`): per second is the likely meaning.
    const size = new RegExp(String.raw`^\s*(${NUM})\s*([a-zA-Z]+)\s*$`).exec(input);
    const unit = size === null ? undefined : SIZE_UNITS.has(size[2]!) ? size[2] : sizeUnitLike(size[2]!);
    return fail(
      unitExpected(
        'byteRate',
        input,
        size !== null && unit !== undefined ? rateNotSizeHint(`${size[1]}${unit}/s`) : undefined,
      ),
    );
  }
  if (!SIZE_UNITS.has(m[2]!)) {
    const like = sizeUnitLike(m[2]!);
    return fail(
      unitExpected(
        'byteRate',
        input,
        like === undefined ? undefined : unitSpellingHint(`${m[1]}${like}/${m[3]}`),
      ),
    );
  }
  return ok(
    Number(decimal(m[1]!).digits * SIZE_UNITS.get(m[2]!)!) / Number(decimal(m[1]!).scale) / perSeconds(m[3]!),
  );
}

/**
 * `<number> <unit> per <time word>` (`10 MB per second`): the number, the
 * unit as written, and the time unit's symbol; undefined for anything else.
 */
function perWords(input: string): { n: string; unit: string; time: string } | undefined {
  const m = new RegExp(String.raw`^\s*(${NUM})\s*([a-zA-Z]*)\s+(?:per|a|an|every)\s+([a-zA-Z]+)\s*$`).exec(
    input,
  );
  if (m === null) return undefined;
  const word = m[3]!.toLowerCase();
  const time = DURATION_WORDS[word] ?? (word in PER_SECONDS ? word : undefined);
  return time === undefined ? undefined : { n: m[1]!, unit: m[2]!, time };
}

/** Parses a byte rate (`4MB/s`, `125MiB/s`, `1Gbps`) to bytes per second; throws a RangeError with the user-facing message. */
export function parseByteRate(input: string | number): number {
  return unwrap(tryParseByteRate(input));
}

/** Parses a count (`5000`, `100k`, `1.5M`) to a whole number without throwing. */
export function tryParseCount(input: unknown): UnitResult {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) && input >= 0
      ? ok(input)
      : fail(
          unitExpected('count', input, Number.isFinite(input) && input >= 0 ? COUNT_WHOLE_HINT : undefined),
        );
  }
  if (typeof input !== 'string') return fail(unitExpected('count', input));
  const m = new RegExp(String.raw`^\s*(${NUM})\s*(${COUNT_SUFFIX_RE})\s*$`).exec(input);
  if (!m) return fail(unitExpected('count', input));
  const n = exactTimes(decimal(m[1]!), BigInt(COUNT_SUFFIX[m[2]!]!));
  if (n === undefined) return fail(unitExpected('count', input, COUNT_WHOLE_HINT));
  if (n > MAX_SAFE) return fail(unitExpected('count', input, TOO_LARGE_HINT));
  return ok(Number(n));
}

/** Parses a count (`100k`, `1.5M`) to a whole number; throws a RangeError with the user-facing message. */
export function parseCount(input: string | number): number {
  return unwrap(tryParseCount(input));
}

/** Parses a share (`0.5`, `50%`) to a fraction in [0, 1] without throwing. */
export function tryParseShare(input: unknown): UnitResult {
  let value: number;
  if (typeof input === 'number') value = input;
  else if (typeof input === 'string') {
    const m = new RegExp(String.raw`^\s*(${NUM})\s*(%?)\s*$`).exec(input);
    if (!m) return fail(unitExpected('share', input));
    value = m[2] === '%' ? Number(m[1]) / 100 : Number(m[1]);
  } else return fail(unitExpected('share', input));
  if (!(value >= 0 && value <= 1)) return fail(unitExpected('share', input, SHARE_RANGE_HINT));
  return ok(value);
}

/** Parses a share (`0.5`, `50%`, `1%`) to a fraction in [0, 1]; throws a RangeError with the user-facing message. */
export function parseShare(input: string | number): number {
  return unwrap(tryParseShare(input));
}

function unwrap(result: UnitResult): number {
  if (result.ok) return result.value;
  throw new RangeError(result.message);
}

// ---------------------------------------------------------------------------
// Formatting, for reports (and the inverse of the parsers above)
// ---------------------------------------------------------------------------

/** Options of the formatters. */
export interface FormatOptions {
  /**
   * Round to this many significant digits in the single largest unit
   * (`1.53s`, `2.5h`) — readable, not exact. Without it the output is exact
   * and parses back to the same number.
   */
  readonly precision?: number;
}

const US_PER = { d: 86_400_000_000, h: 3_600_000_000, m: 60_000_000, s: 1_000_000, ms: 1_000 } as const;

/**
 * Formats integer microseconds as a duration. Exact by default: whole days,
 * hours and minutes, then seconds with a decimal fraction (`1h30m`, `1.5s`,
 * `2d0.000001s`, `250µs`, `0s`), so that `parseDuration(formatDuration(x)) === x`.
 */
export function formatDuration(us: number, options: FormatOptions = {}): string {
  if (!Number.isFinite(us)) return String(us);
  if (us < 0) return `-${formatDuration(-us, options)}`;
  if (options.precision !== undefined) {
    const p = options.precision;
    for (const [unit, size] of Object.entries(US_PER)) if (us >= size) return `${round(us / size, p)}${unit}`;
    return `${round(us, p)}µs`;
  }
  if (us === 0) return '0s';
  if (us < US_PER.ms) return `${us}µs`;
  if (us < US_PER.s) return `${fraction(BigInt(us), 1000n)}ms`;
  let rest = BigInt(us);
  let out = '';
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = BigInt(US_PER[unit]);
    if (rest >= size) {
      out += `${rest / size}${unit}`;
      rest %= size;
    }
  }
  if (rest > 0n) out += `${fraction(rest, 1_000_000n)}s`;
  return out;
}

/** The exact decimal `n / div` (div a power of ten), trailing zeros trimmed. */
function fraction(n: bigint, div: bigint): string {
  const whole = n / div;
  const frac = n % div;
  if (frac === 0n) return String(whole);
  const digits = String(div).length - 1;
  return `${whole}.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
}

function round(x: number, precision: number): string {
  return String(Number(x.toPrecision(Math.max(1, precision))));
}

/** Units tried by formatBytes, largest first; binary before decimal at each magnitude, so 64MiB stays 64MiB. */
const FORMAT_SIZE_UNITS: readonly (readonly [string, bigint])[] = [
  ['PiB', 1024n ** 5n],
  ['PB', 1000n ** 5n],
  ['TiB', 1024n ** 4n],
  ['TB', 1000n ** 4n],
  ['GiB', 1024n ** 3n],
  ['GB', 1000n ** 3n],
  ['MiB', 1024n ** 2n],
  ['MB', 1000n ** 2n],
  ['KiB', 1024n],
  ['kB', 1000n],
];

/**
 * Formats bytes as a size. Exact by default: the largest unit in which the
 * value is at least 1 with at most 6 decimals (`64MiB`, `1.5MB`, `220B`), so
 * that `parseSize(formatBytes(x)) === x` for every whole x. With `precision`,
 * decimal units rounded (`1.23GB`).
 */
export function formatBytes(bytes: number, options: FormatOptions = {}): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  if (bytes < 0) return `-${formatBytes(-bytes, options)}`;
  if (options.precision !== undefined || !Number.isSafeInteger(bytes)) {
    const p = options.precision ?? 6;
    for (const [unit, size] of FORMAT_SIZE_UNITS) {
      if (!unit.includes('i') && bytes >= Number(size)) return `${round(bytes / Number(size), p)}${unit}`;
    }
    return `${round(bytes, p)}B`;
  }
  const b = BigInt(bytes);
  for (const [unit, size] of FORMAT_SIZE_UNITS) {
    // At most 6 decimals: b × 10^6 must be a multiple of the unit.
    if (b >= size && (b * 1_000_000n) % size === 0n)
      return `${fraction((b * 1_000_000n) / size, 1_000_000n)}${unit}`;
  }
  return `${bytes}B`;
}

// ---------------------------------------------------------------------------
// Zod schemas
// ---------------------------------------------------------------------------

/** The input side of every unit schema: what YAML can hand us. */
type UnitInput = z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>;

/**
 * A unit schema: accepts a string (or a number where sensible) and outputs
 * the canonical number. Input type `string | number`, output `number`.
 */
export type UnitSchema = z.ZodPipe<UnitInput, z.ZodTransform<number, string | number>>;

/** Bounds on a unit value, written in the same notation (`{ min: '1ms' }`). */
export interface UnitBounds {
  readonly min?: string | number;
  readonly max?: string | number;
  /**
   * Zero refused, with why: for a quantity that zero leaves meaningless or
   * divides by (a tick, a bandwidth, a line size). The text says what zero
   * would mean, e.g. "a service that writes no lines".
   */
  readonly positive?: string;
}

/** What json-schema.ts needs to know about a unit schema. */
export interface UnitInfo {
  readonly kind: UnitKind;
  /** Formats a canonical number back into the notation (for JSON Schema defaults). */
  readonly format: (value: number) => string;
  /** Examples of the written form. */
  readonly examples: readonly (string | number)[];
}

/**
 * Which schemas are unit schemas. Clones made by `.describe()`, `.optional()`
 * and friends are found through their parent or inner type (json-schema.ts).
 */
export const unitRegistry = z.registry<UnitInfo>();

interface UnitSpec {
  readonly kind: UnitKind;
  readonly parse: (input: unknown) => UnitResult;
  readonly format: (value: number) => string;
  readonly jsonSchema: { readonly anyOf: readonly object[]; readonly examples: readonly (string | number)[] };
}

function unitSchema(spec: UnitSpec, bounds: UnitBounds = {}): UnitSchema {
  // Bounds are parsed once, here: a bad bound is the schema author's bug, so it throws.
  const min = bounds.min === undefined ? undefined : unwrap(spec.parse(bounds.min));
  const max = bounds.max === undefined ? undefined : unwrap(spec.parse(bounds.max));
  const input: UnitInput = z.union([z.string(), z.number()], {
    // Wrong YAML type (a list, a mapping, true): the same sentence as a bad string.
    error: (issue) => unitExpected(spec.kind, issue.input),
  });
  const schema = input
    .transform((value, ctx) => {
      const result = spec.parse(value);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.message, input: value });
        return z.NEVER;
      }
      if (bounds.positive !== undefined && result.value <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: unitPositive(spec.kind, bounds.positive, value),
          input: value,
        });
        return z.NEVER;
      }
      if (min !== undefined && result.value < min) {
        ctx.addIssue({
          code: 'custom',
          message: unitBound(spec.kind, 'min', spec.format(min), value),
          input: value,
        });
        return z.NEVER;
      }
      if (max !== undefined && result.value > max) {
        ctx.addIssue({
          code: 'custom',
          message: unitBound(spec.kind, 'max', spec.format(max), value),
          input: value,
        });
        return z.NEVER;
      }
      return result.value;
    })
    // The input side for editors: a pattern instead of `string | number`.
    .meta({
      description: `${UNIT_EXAMPLES[spec.kind][0]!.toUpperCase()}${UNIT_EXAMPLES[spec.kind].slice(1)}`,
      ...spec.jsonSchema,
    });
  unitRegistry.add(schema, { kind: spec.kind, format: spec.format, examples: spec.jsonSchema.examples });
  return schema;
}

const stringOrZero = (pattern: string, examples: readonly string[]) => ({
  anyOf: [{ type: 'string', pattern }, { const: 0 }],
  examples,
});

const SPECS = {
  duration: {
    kind: 'duration',
    parse: tryParseDuration,
    format: (v: number) => formatDuration(v),
    jsonSchema: stringOrZero(DURATION_PATTERN, ['500ms', '5s', '1h30m', '30d']),
  },
  size: {
    kind: 'size',
    parse: tryParseSize,
    format: (v: number) => formatBytes(v),
    jsonSchema: {
      anyOf: [
        { type: 'string', pattern: SIZE_PATTERN },
        { type: 'integer', minimum: 0 },
      ],
      examples: ['220B', '1.5MB', '64MiB'],
    },
  },
  rate: {
    kind: 'rate',
    parse: tryParseRate,
    format: (v: number) => `${v}/s`,
    jsonSchema: stringOrZero(RATE_PATTERN, ['50/s', '10k/s', '100/m']),
  },
  byteRate: {
    kind: 'byteRate',
    parse: tryParseByteRate,
    format: (v: number) => `${formatBytes(v)}/s`,
    jsonSchema: stringOrZero(BYTE_RATE_PATTERN, ['4MB/s', '125MiB/s', '1Gbps']),
  },
  count: {
    kind: 'count',
    parse: tryParseCount,
    format: (v: number) => String(v),
    jsonSchema: {
      anyOf: [
        { type: 'string', pattern: COUNT_PATTERN },
        { type: 'integer', minimum: 0 },
      ],
      examples: ['5000', '100k', '1.5M'],
    },
  },
  share: {
    kind: 'share',
    parse: tryParseShare,
    format: (v: number) => String(v),
    jsonSchema: {
      anyOf: [
        { type: 'string', pattern: SHARE_PATTERN },
        { type: 'number', minimum: 0, maximum: 1 },
      ],
      examples: [0.5, '50%', '1%'],
    },
  },
} as const satisfies Record<UnitKind, UnitSpec>;

/** A duration (`500ms`, `1h30m`, `0`) → integer microseconds. */
export function duration(bounds?: UnitBounds): UnitSchema {
  return unitSchema(SPECS.duration, bounds);
}

/** A size (`220B`, `1.5MB`, `64MiB`, or a bare integer of bytes) → integer bytes. */
export function size(bounds?: UnitBounds): UnitSchema {
  return unitSchema(SPECS.size, bounds);
}

/** An event rate — lines, requests, queries (`50/s`, `10k/s`, `100/m`, `0`) → events per second. */
export function rate(bounds?: UnitBounds): UnitSchema {
  return unitSchema(SPECS.rate, bounds);
}

/** A byte rate (`4MB/s`, `125MiB/s`, `1Gbps`, `0`) → bytes per second. */
export function byteRate(bounds?: UnitBounds): UnitSchema {
  return unitSchema(SPECS.byteRate, bounds);
}

/** A count or cardinality (`5000`, `100k`, `1.5M`) → a whole number. */
export function count(bounds?: UnitBounds): UnitSchema {
  return unitSchema(SPECS.count, bounds);
}

/** A share or probability (`0.5`, `50%`, `1%`) → a fraction in [0, 1]. */
export function share(bounds?: UnitBounds): UnitSchema {
  return unitSchema(SPECS.share, bounds);
}
