// Imports point one way (STYLE.md): no file-level cycle, type imports included, and
// every folder imports only the folders its layer allows (eslint.config.js enforces the
// same per import; this test also catches a folder with no layer, and a layer table
// that would allow a cycle).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, folderOf, importGraph } from '../helpers/import-graph.ts';

const SIM = join(import.meta.dirname, '..', '..', 'sim');
const graph = importGraph(SIM);
const LAYERS = JSON.parse(readFileSync(join(SIM, 'layers.json'), 'utf8')) as Record<
  string,
  readonly string[]
>;

describe('import direction', () => {
  it('has no import cycle between files of sim/', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the checker itself)', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('gives every folder of sim/ a layer', () => {
    const folders = new Set([...graph.keys()].map(folderOf).filter((f) => f !== '.'));
    expect([...folders].filter((f) => !Object.hasOwn(LAYERS, f)).sort()).toEqual([]);
  });

  it('imports across folders only where the layer table allows', () => {
    const bad: string[] = [];
    for (const [file, deps] of graph) {
      const from = folderOf(file);
      if (from === '.') continue; // the library's entry point may import anything
      for (const dep of deps) {
        const to = folderOf(dep);
        if (to !== from && !(LAYERS[from] ?? []).includes(to)) bad.push(`${file} → ${dep}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has a layer table without cycles', () => {
    const g = new Map(Object.entries(LAYERS).map(([f, allowed]) => [f, [...allowed]]));
    expect(cycles(g)).toEqual([]);
  });

  it('keeps the run, the report and the scenario away from concrete backends', () => {
    for (const f of ['run', 'report', 'scenario', 'study'])
      expect(LAYERS[f]?.filter((d) => d === 'loki' || d === 'endpoint')).toEqual([]);
  });
});
