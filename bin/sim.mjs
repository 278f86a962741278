#!/usr/bin/env node
// Entry point for the `sim` command. It runs the compiled build (dist/, made by `npm run build`,
// which `npm ci` runs through `prepare`): plain JavaScript, no loader, so a start costs what
// importing the CLI does. In a checkout whose sources under sim/ are newer than that build, it
// runs the sources through the TypeScript loader instead, so an edit is never answered by a
// stale build. Exit status is set through process.exitCode by the CLI.
//
// One process, never a second start: a `kill -9` of this process must end the run with it (a
// relaunched child cannot be told its parent died, and would finish and write its report after the
// caller saw exit 137). Huge pages are for the benchmarks (bin/bench.mjs); a user who wants them for
// a very large fleet starts sim with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 in its environment.
import { buildIsCurrent } from './build-freshness.mjs';

// `sim schema | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exitCode ??= 0;
  else throw error;
});

let main;
if (buildIsCurrent()) ({ main } = await import('../dist/cli/main.js'));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../sim/cli/main.ts'));
}
await main(process.argv);
