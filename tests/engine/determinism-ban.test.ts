// Determinism is the simulator's first promise (DESIGN.md, principle 1): same
// scenario and seed, byte-identical report. This tidy-style scan lists every
// use of the real clock, of global randomness, of host timers, and every
// import of seedrandom outside the one module that owns it, by file and line.
// ESLint carries the same bans; this scan also runs where lint does not
// (a plain `vitest run`) and cannot be silenced by a disable comment.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Ban {
  /** What is banned, as the message names it. */
  what: string;
  pattern: RegExp;
  /** What to use instead. */
  use: string;
  /** Files (repo-relative, forward slashes) allowed to use it. */
  allowedIn?: readonly string[];
}

const CLOCK = 'the simulation clock (sim.now, integer µs)';
const TIMER = 'an event on the Simulation (sim.schedule)';

const BANS: readonly Ban[] = [
  {
    what: 'Math.random',
    pattern: /\bMath\s*\.\s*random\b/,
    use: 'a named stream (sim.random.stream(name), sim/engine/rng.ts)',
  },
  { what: 'Date.now', pattern: /\bDate\s*\.\s*now\b/, use: CLOCK },
  { what: 'new Date', pattern: /\bnew\s+Date\b/, use: CLOCK },
  { what: 'performance.now', pattern: /\bperformance\s*\.\s*now\b/, use: CLOCK },
  { what: 'process.hrtime', pattern: /\bprocess\s*\.\s*hrtime\b/, use: CLOCK },
  { what: 'setTimeout', pattern: /\bsetTimeout\b/, use: TIMER },
  { what: 'setInterval', pattern: /\bsetInterval\b/, use: TIMER },
  { what: 'setImmediate', pattern: /\bsetImmediate\b/, use: TIMER },
  {
    what: "import of 'seedrandom'",
    // Static `from '…'`, side-effect `import '…'`, dynamic import() and require().
    pattern: /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]seedrandom(?:\/[^'"]*)?['"]/,
    use: 'RandomStreams from sim/engine/rng.ts (the only module that imports seedrandom)',
    allowedIn: ['sim/engine/rng.ts'],
  },
];

/** Directories under sim/ where the bans do not apply: the CLI talks to the real world. */
const EXEMPT_PREFIXES = ['sim/cli/'];

/**
 * Blanks out comments (keeping newlines, so line numbers stay true) and leaves
 * code and string literals as they are. A comment that says "never call
 * Math.random" is documentation, not a violation; an import path is a string
 * and must stay visible.
 */
function stripComments(source: string): string {
  let out = '';
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      i += 2;
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] === '\n') out += '\n';
        i++;
      }
      i += 2;
    } else if (c === '"' || c === "'" || c === '`') {
      // Copy the literal whole, so a "//" inside it is not taken for a comment.
      const start = i++;
      while (i < n && source[i] !== c && !(c !== '`' && source[i] === '\n')) i += source[i] === '\\' ? 2 : 1;
      i++;
      out += source.slice(start, i);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Every banned use in one file, as `file:line: X is banned, use Y`. */
function scanSource(file: string, source: string): string[] {
  const found: string[] = [];
  const lines = stripComments(source).split('\n');
  lines.forEach((line, index) => {
    for (const ban of BANS) {
      if (ban.allowedIn?.includes(file)) continue;
      if (ban.pattern.test(line)) found.push(`${file}:${index + 1}: ${ban.what} is banned, use ${ban.use}`);
    }
  });
  return found;
}

/** Whether the bans apply to this repo-relative path. */
function isScanned(file: string): boolean {
  return file.startsWith('sim/') && file.endsWith('.ts') && !EXEMPT_PREFIXES.some((p) => file.startsWith(p));
}

function listTsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTsFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

describe('determinism bans under sim/', () => {
  it('no file under sim/ (except sim/cli/) reads the real clock, global randomness or host timers', () => {
    const files = listTsFiles(join(ROOT, 'sim'))
      .map((f) => relative(ROOT, f).split(sep).join('/'))
      .filter(isScanned)
      .sort();
    expect(files).toContain('sim/engine/simulation.ts'); // the walk found the tree
    const violations = files.flatMap((f) => scanSource(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(violations, `\n${violations.join('\n')}\n`).toEqual([]);
  });

  it('the scanner catches a planted example of every ban, on the right line', () => {
    const planted = [
      "import seedrandom from 'seedrandom';", // 1
      'const a = Math.random();', // 2
      'const t0 = Date.now();', // 3
      'const d = new Date(0);', // 4
      'const p = performance.now();', // 5
      'const h = process.hrtime.bigint();', // 6
      'setTimeout(() => {}, 10);', // 7
      'const i = setInterval(tick, 5);', // 8
      'setImmediate(go);', // 9
      "const alea = require('seedrandom/lib/alea');", // 10
      "const lazy = await import('seedrandom');", // 11
      'const b = Math . random ();', // 12
    ].join('\n');
    const clock = CLOCK;
    expect(scanSource('sim/agent/planted.ts', planted)).toEqual([
      "sim/agent/planted.ts:1: import of 'seedrandom' is banned, use RandomStreams from sim/engine/rng.ts (the only module that imports seedrandom)",
      'sim/agent/planted.ts:2: Math.random is banned, use a named stream (sim.random.stream(name), sim/engine/rng.ts)',
      `sim/agent/planted.ts:3: Date.now is banned, use ${clock}`,
      `sim/agent/planted.ts:4: new Date is banned, use ${clock}`,
      `sim/agent/planted.ts:5: performance.now is banned, use ${clock}`,
      `sim/agent/planted.ts:6: process.hrtime is banned, use ${clock}`,
      `sim/agent/planted.ts:7: setTimeout is banned, use ${TIMER}`,
      `sim/agent/planted.ts:8: setInterval is banned, use ${TIMER}`,
      `sim/agent/planted.ts:9: setImmediate is banned, use ${TIMER}`,
      "sim/agent/planted.ts:10: import of 'seedrandom' is banned, use RandomStreams from sim/engine/rng.ts (the only module that imports seedrandom)",
      "sim/agent/planted.ts:11: import of 'seedrandom' is banned, use RandomStreams from sim/engine/rng.ts (the only module that imports seedrandom)",
      'sim/agent/planted.ts:12: Math.random is banned, use a named stream (sim.random.stream(name), sim/engine/rng.ts)',
    ]);
  });

  it('comments and look-alike names are not violations; seedrandom is allowed in sim/engine/rng.ts', () => {
    const clean = [
      '// Never call Math.random or Date.now here.',
      '/* setTimeout would hand event order',
      '   to the host; new Date( too. */',
      'const url = "http://example.com//x"; const clearTimeoutCount = 0;',
      'const myDate = nowUs; const randomStream = rng.next();',
    ].join('\n');
    expect(scanSource('sim/agent/clean.ts', clean)).toEqual([]);
    expect(scanSource('sim/engine/rng.ts', "import seedrandom from 'seedrandom';")).toEqual([]);
    // Line numbers survive a block comment before the violation.
    expect(scanSource('sim/x.ts', '/*\n\n*/\nMath.random();')).toEqual([
      'sim/x.ts:4: Math.random is banned, use a named stream (sim.random.stream(name), sim/engine/rng.ts)',
    ]);
  });

  it('scans .ts files under sim/ and skips sim/cli/', () => {
    expect(isScanned('sim/agent/buffer.ts')).toBe(true);
    expect(isScanned('sim/cli/run.ts')).toBe(false);
    expect(isScanned('bench/mm1.ts')).toBe(false);
    expect(isScanned('sim/report/template.html')).toBe(false);
  });
});
