/**
 * A `sim` killed with SIGKILL: no process goes on running after it, and the
 * report directory holds one whole run, never files of two runs side by side.
 * These spawn the real command (the kill must reach the real process tree).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/dir-snapshot.ts';

const SIM = join(import.meta.dirname, '..', '..', 'bin', 'sim.mjs');
const SCENARIO = join(import.meta.dirname, '..', '..', 'scenarios', 'steady-state.yaml');
const SHORT = ['--set', 'duration=2m', '--workers', '1', '-q'];

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'logsim-kill-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function simSync(args: readonly string[]): void {
  const r = spawnSync(process.execPath, [SIM, ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: () => boolean, timeoutMs = 60_000): Promise<void> {
  for (let waited = 0; !what(); waited += 20) {
    if (waited > timeoutMs) throw new Error('timed out');
    await sleep(20);
  }
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
}

/** Pids of live processes whose command line mentions `marker`. */
function processesMentioning(marker: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(join('/proc', d, 'cmdline'), 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.runIf(process.platform === 'linux')('sim under kill -9', () => {
  it('a kill at any moment of the report swap leaves one whole run, and the next run tidies up', async () => {
    const refA = join(root, 'ref-a');
    const refB = join(root, 'ref-b');
    simSync(['run', SCENARIO, ...SHORT, '--seed', '1', '-o', refA]);
    simSync(['run', SCENARIO, ...SHORT, '--seed', '2', '-o', refB]);
    const a = snapshot(refA);
    const b = snapshot(refB);
    expect(a['report.json']).not.toBe(b['report.json']);
    const out = join(root, 'out');
    simSync(['run', SCENARIO, ...SHORT, '--seed', '1', '-o', out]);
    expect(snapshot(out)).toEqual(a);

    // The writer pauses 1.5 s at each of three moments: staged, linked, swapped.
    const pauseMs = 1500;
    const runs = join(root, '.out.runs');
    const outcomes: string[] = [];
    for (const offsetMs of [300, pauseMs + 300, 2 * pauseMs + 300]) {
      const before = new Set(readdirSync(runs));
      const child = spawn(process.execPath, [SIM, 'run', SCENARIO, ...SHORT, '--seed', '2', '-o', out], {
        env: { ...process.env, LOGSIM_TEST_SWAP_PAUSE_MS: String(pauseMs) },
        stdio: 'ignore',
      });
      const end = exited(child);
      // Staging is written before the first pause: its folder appearing starts the clock.
      await until(() => readdirSync(runs).some((e) => !before.has(e) && e.startsWith(`${child.pid}-`)));
      await sleep(offsetMs);
      child.kill('SIGKILL');
      expect(await end).toBe('SIGKILL');
      const now = snapshot(out);
      const whole = isDeepStrictEqual(now, a) ? 'A' : isDeepStrictEqual(now, b) ? 'B' : 'mixed';
      outcomes.push(whole);
    }
    // Killed while staged or linked: the old run; killed after the swap: the new one.
    expect(outcomes).toEqual(['A', 'A', 'B']);
    // The killed runs left staging folders; the next run removes them all but its own.
    simSync(['run', SCENARIO, ...SHORT, '--seed', '1', '-o', out]);
    expect(snapshot(out)).toEqual(a);
    expect(readdirSync(runs)).toHaveLength(1);
    expect(readdirSync(root).filter((e) => e.startsWith('.out.link-'))).toEqual([]);
  });

  it('SIGKILL of sim leaves no process behind, and no report is written after it', async () => {
    const out = join(root, `orphan-${process.pid}`);
    const child = spawn(process.execPath, [SIM, 'run', SCENARIO, '--set', 'duration=30d', '-q', '-o', out], {
      stdio: 'ignore',
    });
    const end = exited(child);
    // Wait until the run is under way (tsx has compiled the sources), then look at the tree.
    await sleep(4000);
    expect(processesMentioning(out)).toEqual([child.pid]);
    child.kill('SIGKILL');
    expect(await end).toBe('SIGKILL');
    await sleep(500);
    expect(processesMentioning(out)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
