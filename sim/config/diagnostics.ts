/**
 * Every user-facing message of the scenario front end, in one place (vega-lite's
 * rule): the wording of an error is part of the interface, so it is reviewed,
 * translated or tested here, not scattered through the parsers.
 *
 * Messages follow one shape — `expected <what>, got <what was written>` — and
 * say what to do; the "did you mean" part is a separate `suggestion` so that a
 * report or an editor can show it on its own.
 */
import { distance } from 'fastest-levenshtein';

// ---------------------------------------------------------------------------
// Describing values and lists
// ---------------------------------------------------------------------------

/** How a value the user wrote is echoed back: strings quoted, collections named. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** `a`, `a or b`, `a, b or c` — how allowed values are listed. */
export function listAlternatives(values: readonly unknown[]): string {
  const words = values.map((v) => (typeof v === 'string' ? v : describeValue(v)));
  if (words.length <= 1) return words[0] ?? 'nothing';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;
}

/** Zod's type names in the words a YAML author uses. */
const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
  map: 'a mapping',
  set: 'a list',
  tuple: 'a list',
  null: 'null',
  bigint: 'an integer',
  date: 'a date',
  literal: 'a fixed value',
};

/** Names a zod `expected` type for a YAML author (`object` → `a mapping`). */
export function describeType(expected: string): string {
  return TYPE_WORDS[expected] ?? expected;
}

// ---------------------------------------------------------------------------
// "Did you mean"
// ---------------------------------------------------------------------------

/** Lower case without `_`/`-`, so `whenFull`, `when-full` and `When_Full` meet. */
function fold(word: string): string {
  return word.toLowerCase().replace(/[_\-\s]/g, '');
}

/** Do `a` and `b` differ only by two neighbouring letters swapped (`dorp`/`drop`)? */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * The candidate nearest to `word`, or undefined when none is close enough to be
 * a plausible typo. Close enough: the same word up to case and separators, or
 * an edit distance of at most a third of the longer word (at least 1, a swap
 * of neighbours counting as one edit), so `dorp` finds `drop` but `kind`
 * never suggests `seed`.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    if (fold(candidate) === fold(word)) return candidate;
    const a = word.toLowerCase();
    const b = candidate.toLowerCase();
    // Levenshtein counts a swap of two neighbours as 2; typists make it as one slip.
    const d = isSwap(a, b) ? 1 : distance(a, b);
    const limit = Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3));
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------
// Units (see units.ts)
// ---------------------------------------------------------------------------

/** What each unit kind looks like, for "expected …" and for JSON Schema descriptions. */
export const UNIT_EXAMPLES = {
  duration: 'a duration such as 500ms, 5s, 2h or 30d',
  size: 'a size such as 220B, 1.5MB or 64MiB',
  rate: 'a rate such as 50/s, 10k/s or 100/m',
  byteRate: 'a byte rate such as 4MB/s, 125MiB/s or 1Gbps',
  count: 'a count such as 5000, 100k or 1.5M',
  share: 'a share such as 0.5, 50% or 1%',
} as const;

/** A kind of unit value, named as in {@link UNIT_EXAMPLES}. */
export type UnitKind = keyof typeof UNIT_EXAMPLES;

/** `expected a duration such as 500ms, 5s, 2h or 30d, got "5 minutes"`. */
export function unitExpected(kind: UnitKind, got: unknown, hint?: string): string {
  const base = `expected ${UNIT_EXAMPLES[kind]}, got ${describeValue(got)}`;
  return hint === undefined ? base : `${base} (${hint})`;
}

/** Hint for a bare number where a unit is required: says which units to add. */
export function bareNumberHint(kind: 'duration' | 'rate', n: number): string {
  return kind === 'duration'
    ? `a bare number has no unit: write ${n}s, ${n}ms or ${n}m`
    : `a bare number has no time unit: write ${n}/s or ${n}/m`;
}

/** Hint when the user wrote a value we can read in another spelling (`5 minutes` → `5m`). */
export function unitSpellingHint(canonical: string): string {
  return suggestionText(canonical);
}

/** Hint for a byte rate written where a size goes (`64MB/s`). */
export function sizeNotRateHint(size: string): string {
  return `a size is expected here, not a rate: ${suggestionText(size)}`;
}

/** Hint for a size written where a byte rate goes (`64MB`). */
export function rateNotSizeHint(rate: string): string {
  return `a rate is expected here, not a size: ${suggestionText(rate)}`;
}

/** Hint for `1GBps`: bytes per second or bits per second? */
export function bytesOrBitsHint(amount: string): string {
  return `did you mean ${amount}B/s (bytes per second) or ${amount}bps (bits per second)?`;
}

/** Hint when compound duration parts are out of order (`30m1h`). */
export const DURATION_ORDER_HINT = 'write the parts from the largest unit to the smallest, e.g. 1h30m';

/** Hint when a duration is finer than the clock's resolution. */
export const DURATION_RESOLUTION_HINT = 'the clock counts whole microseconds';

/** Hint when a size is not a whole number of bytes. */
export const SIZE_WHOLE_BYTES_HINT = 'a size is a whole number of bytes';

/** Hint when a count is not a whole number. */
export const COUNT_WHOLE_HINT = 'a count is a whole number';

/** Hint for a share outside [0, 1]. */
export const SHARE_RANGE_HINT = 'a share lies between 0 and 1 (0% to 100%)';

/** Hint for a value too large to be exact in a double. */
export const TOO_LARGE_HINT = 'too large to represent exactly';

/** `expected a duration of at least 1ms, got "500us"` — bounds on unit values. */
export function unitBound(kind: UnitKind, bound: 'min' | 'max', limit: string, got: unknown): string {
  const noun = UNIT_EXAMPLES[kind].split(' such as ')[0] ?? kind;
  return `expected ${noun} of at ${bound === 'min' ? 'least' : 'most'} ${limit}, got ${describeValue(got)}`;
}

/** A zero (or negative) where only a positive quantity means something. */
export function unitPositive(kind: UnitKind, zeroMeans: string, got: unknown): string {
  const noun = UNIT_EXAMPLES[kind].split(' such as ')[0] ?? kind;
  return `expected ${noun} above 0, got ${describeValue(got)}: ${zeroMeans}`;
}

// ---------------------------------------------------------------------------
// Validation (zod issues turned into sentences; see load.ts)
// ---------------------------------------------------------------------------

/** `unknown key "bufer"`, listing the valid keys when no single one is close. */
export function unknownKey(key: string, validKeys: readonly string[], suggested: boolean): string {
  if (suggested || validKeys.length === 0) return `unknown key ${JSON.stringify(key)}`;
  const shown = validKeys.length > 15 ? [...validKeys.slice(0, 15), '…'] : validKeys;
  return `unknown key ${JSON.stringify(key)}; expected one of ${shown.join(', ')}`;
}

/** `missing required key "when_full"` (and what it may hold, when known). */
export function missingKey(key: string, allowed?: readonly unknown[]): string {
  const base = `missing required key ${JSON.stringify(key)}`;
  return allowed === undefined || allowed.length === 0 ? base : `${base} (${listAlternatives(allowed)})`;
}

/** `expected a number, got "abc"`. */
export function wrongType(expected: readonly string[], got: unknown): string {
  return `expected ${listAlternatives(expected.map(describeType))}, got ${describeValue(got)}`;
}

/** `expected block, drop_newest or drop_oldest, got "dorp_newest"`. */
export function notOneOf(values: readonly unknown[], got: unknown): string {
  return `expected ${listAlternatives(values)}, got ${describeValue(got)}`;
}

/** Bounds on plain numbers, lists and strings. */
export function outOfRange(
  side: 'min' | 'max',
  origin: string,
  limit: number | bigint,
  inclusive: boolean,
  got: unknown,
): string {
  const n = Number(limit);
  if (origin === 'array' || origin === 'set') {
    const count = Array.isArray(got) ? ` (${got.length})` : '';
    return side === 'min'
      ? `expected at least ${inclusive ? n : n + 1} item${n === 1 ? '' : 's'}, got ${describeValue(got)}${count}`
      : `expected at most ${inclusive ? n : n - 1} items, got ${describeValue(got)}${count}`;
  }
  if (origin === 'string') {
    return side === 'min'
      ? `expected at least ${n} characters, got ${describeValue(got)}`
      : `expected at most ${n} characters, got ${describeValue(got)}`;
  }
  const op = side === 'min' ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
  return `expected a number ${op} ${n}, got ${describeValue(got)}`;
}

/** `expected a multiple of 5, got 7`. */
export function notMultipleOf(divisor: number | bigint, got: unknown): string {
  return `expected a multiple of ${Number(divisor)}, got ${describeValue(got)}`;
}

/** A string that fails a format (regex, email, …). */
export function badFormat(format: string, pattern: string | undefined, got: unknown): string {
  return format === 'regex' && pattern !== undefined
    ? `expected text matching ${pattern}, got ${describeValue(got)}`
    : `expected ${format === 'regex' ? 'text in the required format' : `a valid ${format}`}, got ${describeValue(got)}`;
}

/** A record key that fails its key schema. */
export function badKey(key: unknown): string {
  return `key ${describeValue(key)} is not allowed here`;
}

/** A mapping that names none of the kinds a union tells apart by key (a fault entry without a fault). */
export function missingKindKey(kinds: readonly string[], unknown: string | undefined): string {
  return unknown === undefined
    ? `expected one of the keys ${listAlternatives(kinds)}`
    : `unknown key "${unknown}": expected one of ${listAlternatives(kinds)}`;
}

/** A fault aimed at a service the fleet does not have. */
export function unknownService(name: string, services: readonly string[]): string {
  return `the fleet has no service "${name}"; its services: ${services.join(', ')}`;
}

/** A fault aimed at hosts past the end of a service. */
export function hostsBeyondService(
  service: string | undefined,
  hosts: number,
  asked: { readonly first: number } | { readonly ids: readonly number[] },
): string {
  const what = service === undefined ? 'the largest service has' : `${service} has`;
  return 'first' in asked
    ? `expected at most ${hosts} hosts: ${what} ${hosts}, got ${asked.first}`
    : `expected host indices 0 to ${hosts - 1}: ${what} ${hosts} hosts, got ${Math.max(...asked.ids)}`;
}

/** A recurring fault that would happen too many times to plan. */
export function tooManyFaultInstances(expected: number, limit: number): string {
  return `this recurs about ${Math.round(expected).toLocaleString('en-US')} times over the run; at most ${limit.toLocaleString('en-US')}: give a longer \`every\``;
}

/** The fallback when a value matches none of a union's shapes. */
export function noAlternativeMatched(got: unknown): string {
  return `${describeValue(got)} matches none of the allowed forms`;
}

// ---------------------------------------------------------------------------
// Files, YAML and overrides
// ---------------------------------------------------------------------------

/** A scenario file that cannot be read. */
export function fileUnreadable(
  file: string,
  reason: 'missing' | 'directory' | 'other',
  detail?: string,
): string {
  switch (reason) {
    case 'missing':
      return `scenario file not found: ${file} (a relative path is read from the current directory)`;
    case 'directory':
      return `${file} is a directory; give the path of a .yaml scenario file`;
    case 'other':
      return `cannot read scenario file ${file}${detail === undefined ? '' : `: ${detail}`}`;
  }
}

/** A YAML syntax error, as eemeli/yaml words it (lower-cased first letter for flow). */
export function yamlSyntax(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.length > 0 ? first[0]!.toLowerCase() + first.slice(1) : 'invalid YAML';
}

/** A YAML error code of eemeli/yaml in a scenario author's words, when its own sentence is a programmer's. */
export function yamlSyntaxFor(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS')
    return 'a scenario file holds one YAML document, and a second one starts here (---): put each scenario in a file of its own, or remove this ---';
  return yamlSyntax(message);
}

/** An alias (`*name`) with no anchor (`&name`) before it. */
export function unresolvedAlias(name: string, anchors: readonly string[]): string {
  return `the alias *${name} refers to no anchor: an anchor &${name} must come before it in the file${anchors.length > 0 ? ` (anchors defined: ${anchors.map((a) => `&${a}`).join(', ')})` : ''}`;
}

/** Aliases that expand exponentially (the "billion laughs" pattern). */
export const ALIAS_BOMB =
  'the aliases from here on expand beyond what the YAML reader allows (aliases of lists of aliases, the "billion laughs" pattern): write the values out, or nest fewer aliases';

/** A file over the size a scenario may have. */
export function scenarioTooLarge(bytes: number, limit: number): string {
  return `the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a scenario may be at most ${limit / 1024 / 1024} MiB (it describes a design: hosts are counts, not lists of hosts)`;
}

/** A document with more YAML nodes than a design needs. */
export function scenarioTooManyNodes(nodes: number, limit: number): string {
  return `the file has ${nodes.toLocaleString('en-US')} YAML values; a scenario may have at most ${limit.toLocaleString('en-US')}`;
}

/** A fleet of more services than a run can take. */
export function scenarioTooManyServices(services: number, limit: number): string {
  return `the fleet lists ${services.toLocaleString('en-US')} services; at most ${limit.toLocaleString('en-US')} (services that behave alike can be one service with more hosts)`;
}

/** A file in another encoding than UTF-8, or not text at all. */
export function scenarioEncoding(encoding: string | undefined, nulOffset?: number): string {
  if (encoding !== undefined)
    return `the file is encoded as ${encoding}; scenario files are UTF-8: save it as UTF-8 (for example: iconv -f ${encoding.startsWith('UTF-32') ? 'UTF-32' : 'UTF-16'} -t UTF-8)`;
  return `the file holds a NUL byte at byte ${nulOffset ?? 0}: it is not a UTF-8 text file`;
}

/** Bytes that are not UTF-8. */
export function scenarioInvalidUtf8(offset: number): string {
  return `byte ${offset} is not valid UTF-8: scenario files are UTF-8 text (was it saved as Latin-1 or Windows-1252?)`;
}

/** The top level of a scenario must be a mapping. */
export const EMPTY_SCENARIO =
  'the scenario is empty; expected a mapping of keys such as name, seed, duration';

/** `--set` without `=`. */
export function overrideWithoutEquals(arg: string): string {
  return `expected --set path=value, got ${JSON.stringify(arg)}`;
}

/** A path in `--set` or a variant that cannot be parsed. */
export function overrideBadPath(path: string, why: string): string {
  return `cannot read the path ${JSON.stringify(path)}: ${why}`;
}

/** A `--set` value that is not valid YAML. */
export function overrideBadValue(value: string, yamlMessage: string): string {
  return `cannot read the value ${JSON.stringify(value)} as YAML: ${yamlSyntax(yamlMessage)}`;
}

/** A path step into something that is not a mapping or list. */
export function overrideThroughScalar(at: string, got: unknown): string {
  return `cannot set a key inside ${at || 'the scenario'}, which holds ${describeValue(got)}, not a mapping`;
}

/** A list element addressed by a name that no element has. */
export function overrideNoSuchElement(at: string, name: string, names: readonly string[]): string {
  return names.length === 0
    ? `${at} has no element named ${JSON.stringify(name)} (its elements have no name field)`
    : `${at} has no element named ${JSON.stringify(name)}; names are ${names.join(', ')}`;
}

/** A list index past the end (appending, at index = length, is allowed). */
export function overrideIndexOutOfRange(at: string, index: number, length: number): string {
  return `${at} has ${length} element${length === 1 ? '' : 's'}; index ${index} is past the end`;
}

/** The `variants:` section (or one variant) has the wrong shape. */
export function badVariants(got: unknown): string {
  return `expected variants to map a name to { "dotted.path": value, … }, got ${describeValue(got)}`;
}

/** An unknown variant name. */
export function unknownVariant(name: string, valid: readonly string[]): string {
  return valid.length === 0
    ? `unknown variant ${JSON.stringify(name)}: this scenario defines no variants`
    : `unknown variant ${JSON.stringify(name)}; variants are ${valid.join(', ')}`;
}

/** Rendering of the "did you mean" part of a diagnostic. */
export function suggestionText(suggestion: string): string {
  return `did you mean ${suggestion}?`;
}
