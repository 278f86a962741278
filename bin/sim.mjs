#!/usr/bin/env node
// Entry point for the `sim` command: registers the TypeScript loader, then hands
// argv to the CLI. Exit status is set through process.exitCode by the CLI.
import { register } from 'tsx/esm/api';
import { relaunchWithHugePages } from './huge-pages.mjs';

// `sim schema | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exitCode ??= 0;
  else throw error;
});

await relaunchWithHugePages();
register();
const { main } = await import('../sim/cli/main.ts');
await main(process.argv);
