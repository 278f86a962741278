#!/usr/bin/env node
// `npm run fuzz -- --runs N`: hostile inputs and mutated scenarios through the CLI (tests/fuzz/fuzz-main.ts).
import { register } from 'tsx/esm/api';

register();
const { runFuzz } = await import('../tests/fuzz/fuzz-main.ts');
process.exitCode = await runFuzz(process.argv.slice(2));
