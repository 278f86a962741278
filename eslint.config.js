// Lint: typescript-eslint type-aware rules, plus the determinism bans that keep
// the simulation away from the real clock and global randomness.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const determinismBans = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use a named stream from sim/engine/rng.ts.' },
    { object: 'Date', property: 'now', message: 'Use the simulation clock (sim.now).' },
    { object: 'performance', property: 'now', message: 'Use the simulation clock (sim.now).' },
    { object: 'process', property: 'hrtime', message: 'Use the simulation clock (sim.now).' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Schedule an event on the simulation instead.' },
    { name: 'setInterval', message: 'Schedule an event on the simulation instead.' },
    { name: 'setImmediate', message: 'Schedule an event on the simulation instead.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date']", message: 'Use the simulation clock (sim.now).' },
  ],
};

/**
 * Which folders under sim/ each folder may import: imports point one way,
 * cli → study → report → run → scenario → registry → backends → seams → models → engine.
 * The run, the report and the scenario never name a concrete backend (endpoint,
 * loki): they reach backends through the registry. A new folder must be given
 * a layer here (tests/architecture/imports.test.ts fails otherwise); it is
 * also where a new backend folder is placed, under `registry`. The table is
 * sim/layers.json: folder → the folders it may import.
 */
export const layers = JSON.parse(readFileSync(join(import.meta.dirname, 'sim', 'layers.json'), 'utf8'));

/** One ESLint block per folder: importing a folder outside its layer is an error. */
const layerZones = Object.entries(layers).map(([folder, allowed]) => {
  const banned = Object.keys(layers).filter((f) => f !== folder && !allowed.includes(f));
  return {
    files: [`sim/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths:
            folder === 'engine'
              ? []
              : [{ name: 'seedrandom', message: 'Only sim/engine/rng.ts draws from seedrandom.' }],
          patterns: banned.map((f) => ({
            group: [`../${f}/*`, `../../${f}/*`],
            message: `sim/${folder}/ may import only from ${allowed.length > 0 ? allowed.map((a) => `sim/${a}/`).join(', ') : 'itself'} (eslint.config.js layers).`,
          })),
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'reports/', 'bin/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  { files: ['sim/**/*.ts'], ignores: ['sim/cli/**'], rules: determinismBans },
  {
    files: ['sim/**/*.ts'],
    ignores: ['sim/engine/rng.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'seedrandom', message: 'Only sim/engine/rng.ts draws from seedrandom.' }] },
      ],
    },
  },
  // Later blocks win for the same rule: each folder's zone keeps the seedrandom ban (but engine's).
  ...layerZones,
  {
    files: ['sim/engine/**/*.ts'],
    ignores: ['sim/engine/rng.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'seedrandom', message: 'Only sim/engine/rng.ts draws from seedrandom.' }],
          patterns: Object.keys(layers)
            .filter((f) => f !== 'engine')
            .map((f) => ({
              group: [`../${f}/*`],
              message: 'sim/engine/ knows nothing of logs: it imports nothing else of sim/.',
            })),
        },
      ],
    },
  },
  { files: ['eslint.config.js', 'vitest.config.ts'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
