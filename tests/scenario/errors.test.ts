import { describe, expect, it } from 'vitest';
import { formatDiagnostic, formatExcerpt, ScenarioError, UsageError } from '../../sim/scenario/errors.ts';

describe('ScenarioError', () => {
  const at = (line: number, col: number, path: string) =>
    ({ code: 'SCENARIO_INVALID_VALUE', file: 'f.yaml', line, col, path, message: 'bad' }) as const;

  it('sorts diagnostics by position, overrides last, and takes the first code', () => {
    const e = new ScenarioError([
      { ...at(0, 0, 'a'), code: 'SCENARIO_BAD_OVERRIDE', override: 'a=1' },
      at(9, 1, 'b'),
      { ...at(2, 5, 'c'), code: 'SCENARIO_UNKNOWN_KEY' },
    ]);
    expect(e.diagnostics.map((d) => d.path)).toEqual(['c', 'b', 'a']);
    expect(e.code).toBe('SCENARIO_UNKNOWN_KEY');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('f.yaml:2:5 c: bad\nf.yaml:9:1 b: bad\n--set a=1 a: bad');
  });

  it('prints the suggestion and the caret', () => {
    const d = { ...at(3, 5, 'x.y'), suggestion: 'z', excerpt: { text: '  y: zz', col: 6, width: 2 } };
    expect(formatDiagnostic(d)).toBe('f.yaml:3:5 x.y: bad (did you mean z?)\n    y: zz\n       ^^');
  });

  it('trims long lines around the caret', () => {
    const text = `${'x'.repeat(100)} bad ${'y'.repeat(100)}`;
    const [line, caret] = formatExcerpt({ text, col: 102, width: 3 }).split('\n');
    expect(line!.length).toBeLessThanOrEqual(82);
    expect(line!.slice(caret!.indexOf('^'), caret!.lastIndexOf('^') + 1)).toBe('bad');
  });

  it('needs at least one diagnostic', () => {
    expect(() => new ScenarioError([])).toThrow(TypeError);
  });
});

describe('UsageError', () => {
  it('carries a code and exit code 2', () => {
    const e = new UsageError('unknown option --sed', 'USAGE_UNKNOWN_OPTION');
    expect([e.code, e.exitCode, e.message]).toEqual(['USAGE_UNKNOWN_OPTION', 2, 'unknown option --sed']);
  });
});
