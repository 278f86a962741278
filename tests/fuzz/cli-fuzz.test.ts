/**
 * Every input gets a clear answer: hostile inputs and random mutations of the
 * shipped scenarios through the real CLI, asserting exit 0, 1 or 2, no stack
 * trace on stderr, and conservation in every report produced. A bounded
 * sample here; `npm run fuzz -- --runs 2000` runs many more, with a watchdog
 * for hangs (tests/fuzz/fuzz-main.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { runFuzzCase } from './fuzz-case.ts';
import { anyCase, hostileCases } from './mutations.ts';

const root = mkdtempSync(join(tmpdir(), 'logsim-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('hostile inputs', () => {
  for (const [i, c] of hostileCases().entries()) {
    it(`${c.label}: exit 0, 1 or 2, no stack trace, conservation`, async () => {
      const outcome = await runFuzzCase(c, join(root, `hostile-${i}`));
      expect(outcome.problems, `${c.label}\n${outcome.stderr.slice(0, 2000)}`).toEqual([]);
    });
  }
});

describe('mutated scenarios', () => {
  let n = 0;
  test.prop([anyCase], { numRuns: 120 })(
    'any mutation of a shipped scenario gets a clear answer',
    async (c) => {
      const outcome = await runFuzzCase(c, join(root, `case-${n++}`));
      expect(outcome.problems, `${c.label}\n${outcome.stderr.slice(0, 2000)}`).toEqual([]);
    },
  );
});
