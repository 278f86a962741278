#!/usr/bin/env node
// Entry point for the `sim` command: registers the TypeScript loader, then hands
// argv to the CLI. Exit status is set through process.exitCode by the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sim/cli/main.ts');
await main(process.argv);
