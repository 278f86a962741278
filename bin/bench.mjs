#!/usr/bin/env node
// `npm run bench -- NAME…`: runs the named benchmarks (all when none are named).
import { register } from 'tsx/esm/api';
import { relaunchWithHugePages } from './huge-pages.mjs';

await relaunchWithHugePages();
register();
const { runBenchmarks } = await import('../bench/index.ts');
await runBenchmarks(process.argv.slice(2));
