import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseDocument } from 'yaml';
import { ScenarioError } from '../../sim/scenario/errors.ts';
import { loadScenarioText } from '../../sim/scenario/load.ts';
import {
  applyOverrides,
  applyVariant,
  listVariants,
  parseOverridePath,
  variantsSchema,
} from '../../sim/scenario/overrides.ts';
import { duration, rate, size } from '../../sim/config/units.ts';

const schema = z.strictObject({
  name: z.string(),
  duration: duration(),
  fleet: z.strictObject({
    services: z.array(
      z.strictObject({ name: z.string(), rate: rate(), tags: z.array(z.string()).default([]) }),
    ),
  }),
  agent: z
    .strictObject({
      buffer: z.strictObject({
        type: z.enum(['memory', 'disk']).default('memory'),
        max_size: size().default(64 * 1024 * 1024),
        when_full: z.enum(['block', 'drop_newest', 'drop_oldest']).default('block'),
      }),
      extra: z.strictObject({ x: z.number() }).optional(),
    })
    .default({ buffer: { type: 'memory', max_size: 64 * 1024 * 1024, when_full: 'block' } }),
  variants: variantsSchema().optional(),
});

const TEXT = `name: demo
duration: 2h
fleet:
  services:
    - name: api
      rate: 50/s
    - name: worker
      rate: 5/s
agent:
  buffer: { when_full: block }
variants:
  drop: { agent.buffer.when_full: drop_newest }
  spill: { agent.buffer.type: disk, agent.buffer.max_size: 10GB }
  broken: { agent.buffer.when_full: dorp_newest }
  lost: { fleet.services.db.rate: 1/s }
`;

function load(overrides: string[], variant?: string) {
  return loadScenarioText(
    TEXT,
    'demo.yaml',
    schema,
    variant === undefined ? { overrides } : { overrides, variant },
  );
}

function error(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('override paths', () => {
  it('read dots, brackets and quoted keys', () => {
    expect(parseOverridePath('agent.buffer.when_full')).toEqual(['agent', 'buffer', 'when_full']);
    expect(parseOverridePath('fleet.services[0].rate')).toEqual(['fleet', 'services', 0, 'rate']);
    expect(parseOverridePath('labels["app.kubernetes.io/name"]')).toEqual([
      'labels',
      'app.kubernetes.io/name',
    ]);
    expect(parseOverridePath('"a.b".c')).toEqual(['a.b', 'c']);
  });

  it('reject malformed paths', () => {
    expect(() => parseOverridePath('a..b')).toThrow('empty key');
    expect(() => parseOverridePath('a[0')).toThrow('never closed');
    expect(() => parseOverridePath('a.')).toThrow('ends with "."');
  });
});

describe('--set', () => {
  it('sets values parsed as YAML, by index or by list element name', () => {
    const s = load([
      'agent.buffer.when_full=drop_newest',
      'fleet.services[0].rate=100/s',
      'fleet.services.worker.rate=1k/s',
      'fleet.services.api.tags=[a, b]',
      'agent.extra={x: 1}',
    ]);
    expect(s.agent.buffer.when_full).toBe('drop_newest');
    expect(s.fleet.services.map((x) => x.rate)).toEqual([100, 1000]);
    expect(s.fleet.services[0]!.tags).toEqual(['a', 'b']);
    expect(s.agent.extra).toEqual({ x: 1 });
  });

  it('creates missing intermediate mappings', () => {
    const doc = parseDocument('name: x\n');
    applyOverrides(doc, ['a.b.c=5', 'a.b.d=true']);
    expect(doc.toJS()).toEqual({ name: 'x', a: { b: { c: 5, d: true } } });
  });

  it('reports a value the schema rejects at the --set argument, caret under the value', () => {
    const e = error(() => load(['agent.buffer.when_full=dorp_newest']));
    expect(e.diagnostics[0]).toMatchObject({
      code: 'SCENARIO_INVALID_VALUE',
      override: 'agent.buffer.when_full=dorp_newest',
      line: 0,
      path: 'agent.buffer.when_full',
      suggestion: 'drop_newest',
    });
    expect(e.format()).toBe(
      [
        '--set agent.buffer.when_full=dorp_newest agent.buffer.when_full: expected block, drop_newest or drop_oldest, got "dorp_newest" (did you mean drop_newest?)',
        '  --set agent.buffer.when_full=dorp_newest',
        '                               ^^^^^^^^^^^',
      ].join('\n'),
    );
  });

  it('reports an unknown key an override adds at the override', () => {
    const e = error(() => load(['agent.bufer.type=disk']));
    expect(e.diagnostics[0]).toMatchObject({
      code: 'SCENARIO_UNKNOWN_KEY',
      path: 'agent.bufer',
      override: 'agent.bufer.type=disk',
      suggestion: 'buffer',
    });
  });

  it('points into a flow value of an override', () => {
    const e = error(() => load(['agent.extra={x: nope}']));
    expect(e.diagnostics[0]).toMatchObject({ path: 'agent.extra.x', excerpt: { col: 23, width: 4 } });
  });

  it('collects malformed overrides and names that no element has', () => {
    const e = error(() => load(['no-equals', 'fleet.services.wokrer.rate=1/s', 'name=[unclosed']));
    expect(e.diagnostics.map((d) => d.code)).toEqual([
      'SCENARIO_BAD_OVERRIDE',
      'SCENARIO_BAD_OVERRIDE',
      'SCENARIO_BAD_OVERRIDE',
    ]);
    expect(e.diagnostics[0]!.message).toBe('expected --set path=value, got "no-equals"');
    expect(e.diagnostics[1]).toMatchObject({
      message: 'fleet.services has no element named "wokrer"; names are api, worker',
      suggestion: 'worker',
    });
    expect(e.diagnostics[2]!.message).toMatch(/^cannot read the value "\[unclosed" as YAML/);
  });

  it('refuses to set a key inside a scalar', () => {
    const e = error(() => load(['name.first=x']));
    expect(e.diagnostics[0]!.message).toBe('cannot set a key inside name, which holds "demo", not a mapping');
  });
});

describe('variants', () => {
  it('are listed in file order', () => {
    expect(listVariants(parseDocument(TEXT))).toEqual(['drop', 'spill', 'broken', 'lost']);
    expect(listVariants({ variants: { a: {} } })).toEqual(['a']);
    expect(listVariants(parseDocument('name: x'))).toEqual([]);
  });

  it('apply their overrides before validation, and keep the variants section as it is', () => {
    const s = load([], 'spill');
    expect(s.agent.buffer).toEqual({ type: 'disk', max_size: 10e9, when_full: 'block' });
    expect(s.variants?.spill).toEqual({ 'agent.buffer.type': 'disk', 'agent.buffer.max_size': '10GB' });
    expect(load([]).agent.buffer.type).toBe('memory');
  });

  it('give way to --set', () => {
    expect(load(['agent.buffer.when_full=drop_oldest'], 'drop').agent.buffer.when_full).toBe('drop_oldest');
  });

  it('work on plain data too, without touching the input', () => {
    const data = {
      agent: { buffer: { when_full: 'block' } },
      variants: { drop: { 'agent.buffer.when_full': 'drop_newest' } },
    };
    expect(applyVariant(data, 'drop')).toEqual({ ...data, agent: { buffer: { when_full: 'drop_newest' } } });
    expect(data.agent.buffer.when_full).toBe('block');
  });

  it('report an unknown name with the nearest and the valid ones', () => {
    const e = error(() => load([], 'dorp'));
    expect(e.code).toBe('SCENARIO_UNKNOWN_VARIANT');
    expect(e.diagnostics[0]).toMatchObject({
      message: 'unknown variant "dorp"; variants are drop, spill, broken, lost',
      suggestion: 'drop',
    });
  });

  it('report a bad value at its place in the variants section', () => {
    const e = error(() => load([], 'broken'));
    expect(e.diagnostics[0]).toMatchObject({
      code: 'SCENARIO_INVALID_VALUE',
      path: 'agent.buffer.when_full',
      line: 14,
      col: 37,
      suggestion: 'drop_newest',
    });
  });

  it('report a path that cannot be applied at its key', () => {
    const e = error(() => load([], 'lost'));
    expect(e.diagnostics[0]).toMatchObject({ code: 'SCENARIO_BAD_OVERRIDE', line: 15, col: 11 });
    expect(e.diagnostics[0]!.message).toBe('fleet.services has no element named "db"; names are api, worker');
  });
});
