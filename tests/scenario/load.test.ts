import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Diagnostic, ScenarioError } from '../../sim/scenario/errors.ts';
import { loadScenarioFile, loadScenarioText } from '../../sim/scenario/load.ts';
import { duration, rate, size } from '../../sim/config/units.ts';
import { variantsSchema } from '../../sim/scenario/overrides.ts';

/** A small scenario schema, shaped like logsim's, so these tests do not follow schema.ts. */
const schema = z.strictObject({
  name: z.string(),
  seed: z.number().int().default(1),
  duration: duration(),
  fleet: z.strictObject({
    services: z.array(z.strictObject({ name: z.string(), hosts: z.number().int().min(1), rate: rate() })),
  }),
  agent: z
    .strictObject({
      buffer: z.strictObject({
        type: z.enum(['memory', 'disk']).default('memory'),
        max_size: size().default(64 * 1024 * 1024),
        when_full: z.enum(['block', 'drop_newest', 'drop_oldest']),
      }),
    })
    .optional(),
  backend: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('loki'), ingesters: z.number().int() }),
      z.strictObject({ kind: z.literal('elasticsearch'), shards: z.number().int() }),
    ])
    .optional(),
  variants: variantsSchema().optional(),
});

const GOOD = `name: demo
duration: 2h
fleet:
  services:
    - name: api
      hosts: 3
      rate: 50/s
agent:
  buffer: { when_full: block }
`;

/** Loads and returns the diagnostics of the ScenarioError it must throw. */
function diagnostics(text: string, overrides?: string[]): readonly Diagnostic[] {
  return scenarioError(text, overrides).diagnostics;
}

function scenarioError(text: string, overrides?: string[]): ScenarioError {
  try {
    loadScenarioText(text, 'scenarios/demo.yaml', schema, overrides ? { overrides } : {});
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('loadScenarioText', () => {
  it('returns the schema output, units canonical and defaults filled', () => {
    const s = loadScenarioText(GOOD, 'demo.yaml', schema);
    expect(s.duration).toBe(7_200_000_000);
    expect(s.fleet.services[0]!.rate).toBe(50);
    expect(s.agent?.buffer).toEqual({ type: 'memory', max_size: 64 * 1024 * 1024, when_full: 'block' });
    expect(s.seed).toBe(1);
  });

  it('reports every YAML syntax error with its line and column, not just the first', () => {
    const text = 'name: demo\nseed: [1, 2\nduration: 2h\nfleet: }\n';
    const ds = diagnostics(text);
    expect(ds.every((d) => d.code === 'SCENARIO_YAML_SYNTAX')).toBe(true);
    expect(ds.map((d) => `${d.line}:${d.col}`)).toEqual(['3:1', '4:8']);
    expect(ds[1]!.message).toBe('unexpected flow-map-end token in YAML stream: "}"');
  });

  it('reports a duplicate key as such', () => {
    const ds = diagnostics(GOOD + 'name: again\n');
    expect(ds[0]).toMatchObject({ code: 'SCENARIO_DUPLICATE_KEY', line: 10, col: 1 });
  });

  it('points at an unknown key and suggests the nearest valid one', () => {
    const ds = diagnostics(GOOD.replace('agent:\n  buffer:', 'agent:\n  bufer:'));
    const unknown = ds.find((d) => d.code === 'SCENARIO_UNKNOWN_KEY');
    expect(unknown).toMatchObject({
      path: 'agent.bufer',
      line: 9,
      col: 3,
      message: 'unknown key "bufer"',
      suggestion: 'buffer',
    });
  });

  it('lists the valid keys when no key is close to an unknown one', () => {
    const [d] = diagnostics(GOOD + 'zzzzzz: 1\n');
    expect(d).toMatchObject({ code: 'SCENARIO_UNKNOWN_KEY', path: 'zzzzzz', line: 10, col: 1 });
    expect(d!.message).toBe(
      'unknown key "zzzzzz"; expected one of name, seed, duration, fleet, agent, backend, variants',
    );
    expect(d!.suggestion).toBeUndefined();
  });

  it('reports a bad unit at the value, with the expected form', () => {
    const [d] = diagnostics(GOOD.replace('duration: 2h', 'duration: 5 minuets'));
    expect(d).toMatchObject({
      code: 'SCENARIO_INVALID_VALUE',
      path: 'duration',
      line: 2,
      col: 11,
      message: 'expected a duration such as 500ms, 5s, 2h or 30d, got "5 minuets" (did you mean 5m?)',
    });
  });

  it('reports a wrong type in a list element with its index', () => {
    const [d] = diagnostics(GOOD.replace('hosts: 3', 'hosts: three'));
    expect(d).toMatchObject({
      code: 'SCENARIO_WRONG_TYPE',
      path: 'fleet.services[0].hosts',
      line: 6,
      col: 14,
      message: 'expected a number, got "three"',
    });
  });

  it('reports a missing required key at the mapping that lacks it', () => {
    const [d] = diagnostics(GOOD.replace('duration: 2h\n', '').replace('      rate: 50/s\n', ''));
    expect(d).toMatchObject({
      code: 'SCENARIO_MISSING_KEY',
      path: 'duration',
      message: 'missing required key "duration"',
      line: 1,
      col: 1,
    });
    const ds = diagnostics(GOOD.replace('      rate: 50/s\n', ''));
    // A list element: its mapping starts at `name:` on line 5.
    expect(ds[0]).toMatchObject({
      code: 'SCENARIO_MISSING_KEY',
      path: 'fleet.services[0].rate',
      line: 5,
      col: 7,
    });
  });

  it('points a missing key of a flow mapping at its brace', () => {
    const [d] = diagnostics(GOOD.replace('{ when_full: block }', '{ type: disk }'));
    expect(d).toMatchObject({
      code: 'SCENARIO_MISSING_KEY',
      path: 'agent.buffer.when_full',
      line: 9,
      col: 11,
    });
    expect(d!.message).toBe('missing required key "when_full" (block, drop_newest or drop_oldest)');
  });

  it('suggests the nearest value of an enum', () => {
    const [d] = diagnostics(GOOD.replace('when_full: block', 'when_full: dorp_newest'));
    expect(d).toMatchObject({
      code: 'SCENARIO_INVALID_VALUE',
      path: 'agent.buffer.when_full',
      message: 'expected block, drop_newest or drop_oldest, got "dorp_newest"',
      suggestion: 'drop_newest',
    });
  });

  it('suggests the nearest kind of a discriminated union', () => {
    const [d] = diagnostics(GOOD + 'backend: { kind: lokki, ingesters: 3 }\n');
    expect(d).toMatchObject({
      code: 'SCENARIO_INVALID_VALUE',
      path: 'backend.kind',
      line: 10,
      col: 18,
      suggestion: 'loki',
    });
    expect(d!.message).toBe('expected loki or elasticsearch, got "lokki"');
  });

  it('finds unknown keys inside the chosen alternative of a union', () => {
    const ds = diagnostics(GOOD + 'backend: { kind: elasticsearch, shard: 3 }\n');
    expect(ds).toMatchObject([
      { code: 'SCENARIO_MISSING_KEY', path: 'backend.shards', line: 10, col: 10 },
      { code: 'SCENARIO_UNKNOWN_KEY', path: 'backend.shard', line: 10, col: 33, suggestion: 'shards' },
    ]);
  });

  it('reports several errors at once, in file order', () => {
    const text = GOOD.replace('duration: 2h', 'duration: 2')
      .replace('hosts: 3', 'hosts: 0')
      .replace('when_full: block', 'when_full: drop');
    const ds = diagnostics(text + 'extra: true\n');
    expect(ds.map((d) => [d.line, d.code])).toEqual([
      [2, 'SCENARIO_INVALID_VALUE'],
      [6, 'SCENARIO_INVALID_VALUE'],
      [9, 'SCENARIO_INVALID_VALUE'],
      [10, 'SCENARIO_UNKNOWN_KEY'],
    ]);
    expect(ds[1]!.message).toBe('expected a number ≥ 1, got 0');
  });

  it('formats each diagnostic with its source line and a caret under the bad text', () => {
    const error = scenarioError(
      GOOD.replace('agent:\n  buffer: { when_full: block }', 'agent:\n  buffer:\n    when_full: dorp_newest'),
    );
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('SCENARIO_INVALID_VALUE');
    expect(error.format()).toBe(
      [
        'scenarios/demo.yaml:10:16 agent.buffer.when_full: expected block, drop_newest or drop_oldest, got "dorp_newest" (did you mean drop_newest?)',
        '      when_full: dorp_newest',
        '                 ^^^^^^^^^^^',
      ].join('\n'),
    );
  });

  it('keeps the caret in view on a long line', () => {
    const long = `name: demo\nduration: 2h\nfleet: { services: [{ name: ${'a'.repeat(90)}, hosts: 3, rate: fast }] }\n`;
    const formatted = scenarioError(long).format().split('\n');
    expect(formatted[1]!.length).toBeLessThanOrEqual(82);
    const caret = formatted[2]!.indexOf('^');
    expect(formatted[1]!.slice(caret, caret + 4)).toBe('fast');
  });

  it('reports an empty file as an empty scenario', () => {
    expect(diagnostics('')[0]!.message).toMatch(/^the scenario is empty/);
  });
});

describe('loadScenarioFile', () => {
  it('reads the file and names it in diagnostics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsim-'));
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, GOOD.replace('hosts: 3', 'hosts: x'));
    expect(() => loadScenarioFile(file, schema)).toThrow(`${file}:6:14 fleet.services[0].hosts`);
    writeFileSync(file, GOOD);
    expect(loadScenarioFile(file, schema).name).toBe('demo');
  });

  it('turns a missing file into a ScenarioError with a clear message', () => {
    try {
      loadScenarioFile('scenarios/nope.yaml', schema);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      const error = e as ScenarioError;
      expect(error.code).toBe('SCENARIO_FILE_UNREADABLE');
      expect(error.format()).toBe(
        'scenarios/nope.yaml: scenario file not found: scenarios/nope.yaml (a relative path is read from the current directory)',
      );
    }
  });
});
