#!/usr/bin/env node
// Entry point for the `sim` command: registers the TypeScript loader, then hands
// argv to the CLI. Exit status is set through process.exitCode by the CLI.
//
// One process, never a second start: a `kill -9` of this process must end the run with it (a
// relaunched child cannot be told its parent died, and would finish and write its report after the
// caller saw exit 137). Huge pages are for the benchmarks (bin/bench.mjs); a user who wants them for
// a very large fleet starts sim with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 in its environment.
import { register } from 'tsx/esm/api';

// `sim schema | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exitCode ??= 0;
  else throw error;
});

register();
const { main } = await import('../sim/cli/main.ts');
await main(process.argv);
