// Lint: typescript-eslint type-aware rules, plus the determinism bans that keep
// the simulation away from the real clock and global randomness.
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

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'bin/', 'coverage/', '.tmp/'] },
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
