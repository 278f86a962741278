/**
 * Fuzz inputs: the shipped scenarios mutated at random (values, keys, text),
 * random command lines, and a fixed list of hostile inputs (alias bombs,
 * other encodings, huge or nested files). Arbitraries of fast-check, so a
 * failing case shrinks and replays from its seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import type { FuzzCase } from './fuzz-case.ts';

const SCENARIOS_DIR = join(import.meta.dirname, '..', '..', 'scenarios');

/** The shipped scenarios, name → text. */
export const SHIPPED: readonly { readonly name: string; readonly text: string }[] = readdirSync(SCENARIOS_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(SCENARIOS_DIR, f), 'utf8') }));

/** Every run is bounded: a small event budget and one thread, so a case takes seconds at most. */
const BOUNDED = ['-o', '@out', '-q', '--max-events', '2000000', '--workers', '1'];

/** Values that break assumptions: zero, negative, huge, wrong types, bad units, near-misses. */
const HOSTILE_VALUES: readonly unknown[] = [
  0,
  -1,
  1e308,
  -1e308,
  2 ** 53 + 1,
  0.5,
  '',
  ' ',
  null,
  true,
  [],
  {},
  [1, 2],
  { a: 1 },
  '0',
  '0s',
  '0B',
  '0/s',
  '-5m',
  '1e9',
  '1e9/s',
  '10000000000h',
  '1us',
  '5 minutes',
  '1min',
  '100/minute',
  '64MB/s',
  '1GBps',
  '180 bytes',
  'NaN',
  'Infinity',
  '∞',
  '50%',
  '150%',
  'unique',
  'all',
  'api',
  'apii',
  'block',
  'dorp_newest',
  '${HOME}',
  '../../etc/passwd',
  'x'.repeat(10_000),
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type PathStep = string | number;

/** Every path into a parsed scenario (mapping keys and list indices), depth-first. */
function pathsOf(value: Json, prefix: PathStep[] = []): PathStep[][] {
  const out: PathStep[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

function parentOf(root: Json, path: readonly PathStep[]): Json | undefined {
  let v: Json | undefined = root;
  for (const step of path.slice(0, -1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, Json>)[step];
  }
  return v;
}

/** A typo of a key: one character dropped, doubled or swapped with the next. */
function typo(key: string, at: number, kind: number): string {
  if (key.length < 2) return `${key}x`;
  const i = at % (key.length - 1);
  if (kind === 0) return key.slice(0, i) + key.slice(i + 1);
  if (kind === 1) return key.slice(0, i) + key[i]! + key.slice(i);
  return key.slice(0, i) + key[i + 1]! + key[i]! + key.slice(i + 2);
}

/** One structural mutation of a parsed scenario, in place. */
interface Mutation {
  readonly kind: 'replace' | 'delete' | 'rename' | 'scale' | 'duplicate';
  readonly pathPick: number;
  readonly value: number;
  readonly n: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('replace', 'delete', 'rename', 'scale', 'duplicate'),
  pathPick: fc.nat(),
  value: fc.nat(HOSTILE_VALUES.length - 1),
  n: fc.nat(),
});

function applyMutation(root: Json, m: Mutation): string {
  const paths = pathsOf(root).filter((p) => p.length > 0);
  const path = paths[m.pathPick % paths.length];
  if (path === undefined) return 'none';
  const parent = parentOf(root, path);
  const last = path[path.length - 1]!;
  if (parent === null || typeof parent !== 'object' || parent === undefined) return 'none';
  const holder = parent as Record<string | number, Json>;
  const where = path.join('.');
  switch (m.kind) {
    case 'replace':
      holder[last] = HOSTILE_VALUES[m.value] as Json;
      return `${where}=${JSON.stringify(HOSTILE_VALUES[m.value]).slice(0, 40)}`;
    case 'delete':
      if (Array.isArray(holder)) holder.splice(last as number, 1);
      else delete holder[last];
      return `delete ${where}`;
    case 'rename': {
      if (Array.isArray(holder) || typeof last !== 'string') return 'none';
      const renamed = typo(last, m.n, m.n % 3);
      holder[renamed] = holder[last]!;
      if (renamed !== last) delete holder[last];
      return `rename ${where} → ${renamed}`;
    }
    case 'scale': {
      const v = holder[last];
      if (typeof v === 'number') holder[last] = v * [1000, -1, 0, 1e6][m.n % 4]!;
      else if (typeof v === 'string' && /^\d/.test(v))
        holder[last] = v.replace(/^\d+(\.\d+)?/, (d) => String(Number(d) * 1000));
      else return 'none';
      return `scale ${where}`;
    }
    case 'duplicate':
      if (!Array.isArray(holder)) return 'none';
      holder.splice(last as number, 0, structuredClone(holder[last as number]));
      return `duplicate ${where}`;
  }
}

/** A text mutation: a line dropped, a character inserted, the file cut short. */
function mutateText(text: string, kind: number, at: number): string {
  const lines = text.split('\n');
  const i = at % Math.max(1, lines.length);
  switch (kind % 4) {
    case 0:
      lines.splice(i, 1);
      return lines.join('\n');
    case 1: {
      const line = lines[i] ?? '';
      const c = at % (line.length + 1);
      lines[i] = line.slice(0, c) + ':{[&*\t"\''[at % 8]! + line.slice(c);
      return lines.join('\n');
    }
    case 2:
      return text.slice(0, at % (text.length + 1));
    default:
      lines[i] = `  ${lines[i] ?? ''}`;
      return lines.join('\n');
  }
}

/** Paths a `--set` may hit, as users write them. */
const SET_PATHS = [
  'duration',
  'seed',
  'fleet.tick',
  'fleet.cohort_max_hosts',
  'fleet.services.0.rate',
  'fleet.services.0.hosts',
  'fleet.services.0.line_size.mean',
  'fleet.services.0.needles.every',
  'agent.buffer.when_full',
  'agent.buffer.type',
  'agent.buffer.max_size',
  'agent.batch.max_bytes',
  'agent.batch.linger',
  'agent.checkpoint_every',
  'agent.retry.max_retries',
  'network.bandwidth',
  'backend.kind',
  'backend.nodes',
  'faults',
  'variants.drop.agent.buffer.when_full',
  'variants.nosuch.agent.buffer.type',
  'no.such.key',
];

const setArg = fc.tuple(fc.constantFrom(...SET_PATHS), fc.nat(HOSTILE_VALUES.length - 1)).map(([path, v]) => {
  const value = HOSTILE_VALUES[v];
  return `${path}=${typeof value === 'string' ? value : JSON.stringify(value)}`;
});

/** Extra options, hostile or not. */
const extraArgs = fc.oneof(
  fc.constant([] as string[]),
  fc.constantFrom(
    ['--seeds', '2'],
    ['--seed', '7'],
    ['--seeds', '1e9'],
    ['--seeds', '0'],
    ['--max-events', '1e15'],
    ['--max-events', 'lots'],
    ['--variant', 'drop'],
    ['--variant', 'nosuch'],
    ['--workers', '0'],
    ['--json'],
    ['--junit', '@out/junit.xml'],
    ['--bogus'],
    ['--set'],
  ),
);

/** Keeps most runs short: a mutated 30-day scenario is refused by the budget, not run for minutes. */
const shortening = fc.constantFrom(
  [] as string[],
  ['--set', 'duration=10m'],
  ['--set', 'duration=10m'],
  ['--set', 'duration=2m'],
);

/** A shipped scenario with 1–3 structural mutations, run with a random command line. */
export const mutatedScenario: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.nat(SHIPPED.length - 1),
    fc.array(mutation, { minLength: 1, maxLength: 3 }),
    fc.array(setArg, { maxLength: 2 }),
    extraArgs,
    shortening,
  )
  .map(([pick, mutations, sets, extra, short]) => {
    const base = SHIPPED[pick]!;
    const root = parse(base.text) as Json;
    const done = mutations.map((m) => applyMutation(root, m));
    let text: string;
    try {
      text = stringify(root);
    } catch {
      text = base.text;
    }
    return {
      label: `${base.name}: ${done.join('; ')} ${sets.map((s) => `--set ${s}`).join(' ')} ${extra.join(' ')}`,
      files: { 's.yaml': text },
      argv: ['run', '@s.yaml', ...BOUNDED, ...short, ...sets.flatMap((s) => ['--set', s]), ...extra],
    };
  });

/** A shipped scenario with its text damaged. */
export const damagedText: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.nat(SHIPPED.length - 1), fc.nat(3), fc.nat(), shortening)
  .map(([pick, kind, at, short]) => {
    const base = SHIPPED[pick]!;
    return {
      label: `${base.name}: text mutation ${kind} at ${at}`,
      files: { 's.yaml': mutateText(base.text, kind, at) },
      argv: ['run', '@s.yaml', ...BOUNDED, ...short],
    };
  });

const STEADY = SHIPPED.find((s) => s.name === 'steady-state.yaml')?.text ?? 'name: x\n';

/** Hostile inputs, each a case of its own (the list the fuzz of issue 26 began with, and more). */
export function hostileCases(): FuzzCase[] {
  const run = (label: string, text: string | Uint8Array, extra: string[] = []): FuzzCase => ({
    label,
    files: { 's.yaml': text },
    argv: ['run', '@s.yaml', ...BOUNDED, ...extra],
  });
  const laughs = (depth: number) =>
    ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
      .concat(
        Array.from({ length: depth }, (_, i) => {
          const prev = String.fromCharCode(97 + i);
          const me = String.fromCharCode(98 + i);
          return `${me}: &${me} [${Array(9).fill(`*${prev}`).join(', ')}]`;
        }),
      )
      .join('\n');
  const utf16 = (text: string, be: boolean): Uint8Array => {
    const le = Buffer.from(`\ufeff${text}`, 'utf16le');
    if (!be) return le;
    const out = Buffer.alloc(le.length);
    for (let i = 0; i + 1 < le.length; i += 2) {
      out[i] = le[i + 1]!;
      out[i + 1] = le[i]!;
    }
    return out;
  };
  const deep = (n: number) => `${'a: '.repeat(0)}${'['.repeat(n)}${']'.repeat(n)}`;
  const short = ['--set', 'duration=2m'];
  return [
    run('empty file', ''),
    run('only a comment', '# nothing\n'),
    run('a scalar', 'hello\n'),
    run('a list', '- a\n- b\n'),
    run('null document', '~\n'),
    run('unresolved alias', STEADY.replace('when_full: block', 'when_full: *block'), short),
    run('billion laughs at the top', laughs(7)),
    run(
      'alias bomb inside a field',
      STEADY.replace(
        'seed: 42',
        `seed: 42\nx: &x [1,1,1,1,1,1,1,1,1]\ny: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x]\nz: [*y,*y,*y,*y,*y,*y,*y,*y,*y]`,
      ),
    ),
    run('two documents', `${STEADY}\n---\nname: second\n`),
    run('UTF-16 LE with a mark', utf16(STEADY, false)),
    run('UTF-16 BE with a mark', utf16(STEADY, true)),
    run('UTF-16 without a mark', Buffer.from(STEADY, 'utf16le')),
    run('UTF-8 with a mark', `\ufeff${STEADY}`, short),
    run('Latin-1 byte', Buffer.concat([Buffer.from(STEADY), Buffer.from([0xe9, 0x0a])])),
    run('NUL byte', `${STEADY}\u0000`),
    run(
      'binary garbage',
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256),
    ),
    run('tab indentation', STEADY.replace(/\n {2}/g, '\n\t')),
    run('duplicate key', `${STEADY}\nseed: 43\n`),
    run('merge key', `base: &b { hosts: 1, rate: 1/s }\n${STEADY}`.replace('hosts: 150', '<<: *b')),
    run('custom tag', STEADY.replace('seed: 42', 'seed: !secret 42'), short),
    run('binary tag', STEADY.replace('seed: 42', 'seed: !!binary aGVsbG8='), short),
    run('deeply nested flow', `name: x\nduration: 1m\nfleet: ${deep(5000)}\n`),
    run('a 50 MB description', `name: x\ndescription: ${'a'.repeat(50_000_000)}\n`),
    run(
      '100,000 services',
      `name: x\nduration: 1m\nfleet:\n  services:\n${Array.from({ length: 100_000 }, (_, i) => `    - { name: s${i}, hosts: 1, rate: 1/s }`).join('\n')}\n`,
    ),
    run('a huge host count', STEADY.replace('hosts: 150', 'hosts: 1000000000')),
    run('a huge seed', STEADY.replace('seed: 42', 'seed: 1e300')),
    run('a NaN rate', STEADY.replace('rate: 50/s', 'rate: .nan')),
    run('an infinite rate', STEADY.replace('rate: 50/s', 'rate: .inf')),
    run('a zero line size', STEADY.replace('mean: 220B', 'mean: 0'), short),
    run('a zero tick', `${STEADY}`.replace('fleet:\n', 'fleet:\n  tick: 0\n')),
    run(
      'overlapping recurring bursts',
      `${STEADY}\nfaults:\n  - { every: 3s, chatty: { service: api, factor: 200, for: 2m48s } }\n`,
      ['--set', 'duration=5m'],
    ),
    run(
      'a burst of factor 1e300',
      `${STEADY}\nfaults:\n  - { at: 1m, chatty: { service: api, factor: 1e300, for: 1m } }\n`,
      short,
    ),
    run(
      'recurring every 0',
      `${STEADY}\nfaults:\n  - { every: 0, chatty: { service: api, factor: 2, for: 1m } }\n`,
    ),
    run(
      'recurring every 1us',
      `${STEADY}\nfaults:\n  - { every: 1us, agent_crash: { service: api, restart_after: 1s } }\n`,
    ),
    run(
      'rolling restart every 4m17s',
      `${STEADY}\nfaults:\n  - { every: 4m17s, outage: { for: 1m } }\n  - { every: 4m17s, partition: { for: 70s } }\n`,
    ),
    run(
      'chatty of a service the fleet lacks',
      `${STEADY}\nfaults:\n  - { at: 1m, chatty: { service: apii, factor: 2, for: 1m } }\n`,
    ),
    run(
      'agent crash of a service the fleet lacks',
      `${STEADY}\nfaults:\n  - { at: 1m, agent_crash: { service: wbe, restart_after: 1s } }\n`,
    ),
    run(
      'hosts past the end of a service',
      `${STEADY}\nfaults:\n  - { at: 1m, agent_crash: { service: worker, hosts: [49, 50], restart_after: 1s } }\n`,
    ),
    run('a fault kind misspelt', `${STEADY}\nfaults:\n  - { at: 1m, outgae: { for: 1m } }\n`),
    run('variants as a list', `${STEADY}\nvariants: [a, b]\n`),
    run(
      '--set a bad value inside a variant',
      `${STEADY}\nvariants:\n  drop: { agent.buffer.when_full: drop_newest }\n`,
      ['--set', 'variants.drop.agent.buffer.type=-1'],
    ),
    run('--set a variant the file lacks', STEADY, ['--set', 'variants.nosuch.agent.buffer.type=disk']),
    run('--set a zero line size', STEADY, ['--set', 'fleet.services.0.line_size.mean=0']),
    run('--set through a scalar', STEADY, ['--set', 'seed.x=1']),
    run('--set a malformed path', STEADY, ['--set', 'fleet..services=1']),
    run('--seeds 1e9', STEADY, ['--seeds', '1e9']),
    run('--max-events 1e15', STEADY, ['--max-events', '1e15', ...short]),
    run('--out at an existing file', STEADY, ['-o', '@s.yaml', ...short]),
    {
      label: 'a missing file',
      files: {},
      argv: ['run', '@nosuch.yaml', ...BOUNDED],
    },
    { label: 'a directory as the scenario', files: { 'd/x': '' }, argv: ['run', '@d', ...BOUNDED] },
    { label: 'no command', files: {}, argv: [] },
    { label: 'an unknown command', files: {}, argv: ['rnu'] },
    { label: 'explain without --query', files: { 's.yaml': STEADY }, argv: ['explain', '@s.yaml'] },
    {
      label: 'compare one file with a broken one',
      files: { 's.yaml': STEADY, 'b.yaml': 'name: [\n' },
      argv: ['compare', '@s.yaml', '@b.yaml', ...BOUNDED],
    },
  ];
}

/** Any fuzz case: mostly mutations of the shipped scenarios, some damaged text. */
export const anyCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 4, arbitrary: mutatedScenario },
  { weight: 1, arbitrary: damagedText },
);
