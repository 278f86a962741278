import { Command } from 'commander';
import { scenarioSchema } from '../scenario/schema.ts';
import { EXIT } from './exit-codes.ts';
import type { CliIo } from './io.ts';

/** `sim schema`: the scenario's JSON Schema, for editors (yaml-language-server). */
export function makeSchemaCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('schema')
    .description('print the JSON Schema of scenario files (for editor validation)')
    .action(async () => {
      // Loaded on demand: only this command needs the JSON Schema generator.
      const { scenarioJsonSchema } = await import('../scenario/json-schema.ts');
      io.stdout(`${JSON.stringify(scenarioJsonSchema(scenarioSchema()), null, 2)}\n`);
      done(EXIT.ok);
    });
}
