/**
 * `npm run fuzz -- [--runs N] [--seed S] [--timeout SECONDS]`: the hostile
 * inputs and N random mutations of the shipped scenarios through the real
 * CLI, each in a worker thread under a watchdog, so a case that hangs is
 * counted (and the worker replaced) instead of stopping the fuzz. Prints one
 * line per broken case and a summary; exits 1 if any case crashed, hung or
 * broke conservation. Deterministic for a given seed.
 *
 *   cases (fc.sample of mutations.ts, seeded) ──▶ worker: runFuzzCase ──▶ outcome
 *                                                  └─ no answer in --timeout ──▶ hang, new worker
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import type { FuzzCase, FuzzOutcome } from './fuzz-case.ts';
import { anyCase, hostileCases } from './mutations.ts';

interface Options {
  readonly runs: number;
  readonly seed: number;
  readonly timeoutSec: number;
}

function parseArgs(argv: readonly string[]): Options {
  const opts = { runs: 2000, seed: 26, timeoutSec: 120 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${flag} takes a whole number, got ${value}`);
    if (flag === '--runs') opts.runs = n;
    else if (flag === '--seed') opts.seed = n;
    else if (flag === '--timeout') opts.timeoutSec = n;
    else throw new Error(`unknown option ${flag} (--runs N, --seed S, --timeout SECONDS)`);
    i++;
  }
  return opts;
}

/** A worker that runs cases one at a time (tsx registered in it, as the worker pool does). */
function startWorker(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const caseModule = pathToFileURL(join(import.meta.dirname, 'fuzz-case.ts')).href;
  const source = [
    `import { register } from ${JSON.stringify(tsx)};`,
    "import { parentPort } from 'node:worker_threads';",
    'register();',
    `const { runFuzzCase } = await import(${JSON.stringify(caseModule)});`,
    'parentPort.on("message", async ({ c, dir }) => parentPort.postMessage(await runFuzzCase(c, dir)));',
  ].join('\n');
  return new Worker(new URL(`data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`));
}

type Verdict = { readonly kind: 'done'; readonly outcome: FuzzOutcome } | { readonly kind: 'hang' };

function runInWorker(worker: Worker, c: FuzzCase, dir: string, timeoutMs: number): Promise<Verdict> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      worker.off('message', onMessage);
      resolve({ kind: 'hang' });
    }, timeoutMs);
    const onMessage = (outcome: FuzzOutcome) => {
      clearTimeout(timer);
      resolve({ kind: 'done', outcome });
    };
    worker.once('message', onMessage);
    worker.postMessage({ c, dir });
  });
}

export async function runFuzz(argv: readonly string[]): Promise<number> {
  const opts = parseArgs(argv);
  const cases = [...hostileCases(), ...fc.sample(anyCase, { numRuns: opts.runs, seed: opts.seed })];
  const root = mkdtempSync(join(tmpdir(), 'logsim-fuzz-'));
  const started = process.hrtime.bigint();
  const codes = new Map<number, number>();
  let reports = 0;
  let crashes = 0;
  let hangs = 0;
  let conservation = 0;
  let worker = startWorker();
  try {
    for (const [i, c] of cases.entries()) {
      const verdict = await runInWorker(worker, c, join(root, 'case'), opts.timeoutSec * 1000);
      if (verdict.kind === 'hang') {
        hangs += 1;
        process.stdout.write(`HANG  #${i} ${c.label} (no answer in ${opts.timeoutSec} s)\n`);
        await worker.terminate();
        worker = startWorker();
        continue;
      }
      const { outcome } = verdict;
      codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
      reports += outcome.reports;
      if (outcome.problems.some((p) => p.startsWith('conservation'))) conservation += 1;
      if (outcome.problems.some((p) => !p.startsWith('conservation'))) crashes += 1;
      if (outcome.problems.length > 0)
        process.stdout.write(
          `FAIL  #${i} ${c.label}: ${outcome.problems.join('; ')}\n${outcome.stderr.slice(0, 1500)}\n`,
        );
      if ((i + 1) % 100 === 0) process.stderr.write(`  ${i + 1}/${cases.length} cases\n`);
    }
  } finally {
    await worker.terminate();
    rmSync(root, { recursive: true, force: true });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = {
    cases: cases.length,
    hostile: hostileCases().length,
    mutations: opts.runs,
    seed: opts.seed,
    exitCodes: Object.fromEntries([...codes].sort((a, b) => a[0] - b[0])),
    reportsChecked: reports,
    crashes,
    hangs,
    conservationViolations: conservation,
    seconds: Math.round(seconds),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return crashes + hangs + conservation > 0 ? 1 : 0;
}
