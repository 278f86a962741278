import { Command, CommanderError } from 'commander';
import { EventLimitExceeded, InvariantViolation } from '../run/run-errors.ts';
import { ScenarioError, UsageError } from '../scenario/errors.ts';
import { TOOL_VERSION } from '../report/report.ts';
import { NotAReportDirectoryError } from '../report/report-directory.ts';
import { EXIT } from './exit-codes.ts';
import { processIo, type CliIo } from './io.ts';
import { makeCompareCommand } from './compare-command.ts';
import { makeExplainCommand } from './explain-command.ts';
import { makeReportsCommand } from './reports-command.ts';
import { makeRunCommand } from './run-command.ts';
import { makeSchemaCommand } from './schema-command.ts';

/**
 * Builds the `sim` program. Every command is a thin wrapper over a library
 * call; `done(code)` records the exit code the command wants.
 */
export function buildProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command('sim')
    .description('logsim: a deterministic simulator of logging stacks (ELK-style and Loki-style)')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showSuggestionAfterError(true);
  for (const command of [
    makeRunCommand(io, done),
    makeCompareCommand(io, done),
    makeReportsCommand(io, done),
    makeSchemaCommand(io, done),
    makeExplainCommand(io, done),
  ]) {
    command.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
    program.addCommand(command);
  }
  return program;
}

/**
 * Runs the CLI on `argv` (process.argv shape) and returns the exit code; also
 * sets process.exitCode. Never calls process.exit(), so tests run it in-process.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    code = exitCodeFor(e, io);
  }
  process.exitCode = code;
  return code;
}

function exitCodeFor(e: unknown, io: CliIo): number {
  if (e instanceof CommanderError) {
    // Help and version are successful exits; everything else is a usage error.
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (e instanceof ScenarioError) {
    io.stderr(
      `${e.format()}\n\n${e.diagnostics.length} problem${e.diagnostics.length === 1 ? '' : 's'}; nothing was written.\n`,
    );
    return EXIT.usage;
  }
  if (e instanceof UsageError || e instanceof EventLimitExceeded || e instanceof NotAReportDirectoryError) {
    io.stderr(`sim: ${e.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof InvariantViolation) {
    io.stderr(
      `sim: internal invariant broken (a simulator bug; please report it with the scenario and seed):\n${e.message}\n`,
    );
    return EXIT.invariant;
  }
  io.stderr(`sim: crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.crash;
}
