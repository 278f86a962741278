/**
 * The scenario schema as JSON Schema (draft 2020-12), for editors: with
 * `# yaml-language-server: $schema=./logsim.schema.json` at the top of a
 * scenario, VS Code and friends complete keys, show each field's description
 * and default, and flag typos as you type.
 *
 * It is zod's own `z.toJSONSchema` on the input side (what a user writes, not
 * what the simulator receives), with unit fields touched up: a default that
 * the schema holds as a canonical number (5 000 000 µs) is shown as written
 * (`5s`), and a field's own description is followed by the unit's examples.
 */
import { z } from 'zod';
import { UNIT_EXAMPLES } from '../config/diagnostics.ts';
import { type UnitInfo, unitRegistry } from '../config/units.ts';

/** Options of {@link scenarioJsonSchema}. */
export interface ScenarioJsonSchemaOptions {
  /** `$id` of the schema (a URL or a file name). */
  readonly id?: string;
  /** `title` of the schema. */
  readonly title?: string;
}

/** Wrappers whose JSON Schema is their inner type's plus a keyword or two. */
const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** A unit field as found behind clones and wrappers. */
interface UnitField {
  readonly info: UnitInfo;
  /** The `.default()` value met on the way (a canonical number), if any. */
  readonly defaultValue?: unknown;
}

/**
 * The unit behind a schema, if any: through clones (`.describe()` and `.meta()`
 * clone, and point `_zod.parent` at the original) and wrappers (`.default()`).
 */
function unitOf(schema: z.core.$ZodType): UnitField | undefined {
  let s: z.core.$ZodType | undefined = schema;
  let defaultValue: unknown;
  let hasDefault = false;
  for (let depth = 0; s !== undefined && depth < 32; depth++) {
    const info = unitRegistry.get(s as z.ZodType);
    if (info !== undefined) return hasDefault ? { info, defaultValue } : { info };
    const def = s._zod.def as { type: string; innerType?: z.core.$ZodType; defaultValue?: unknown };
    if (def.type === 'default' && !hasDefault) {
      hasDefault = true;
      defaultValue = def.defaultValue;
    }
    s = s._zod.parent ?? (WRAPPERS.has(def.type) ? def.innerType : undefined);
  }
  return undefined;
}

/**
 * JSON Schema (draft 2020-12) of a scenario schema, with descriptions and
 * defaults, suitable for `# yaml-language-server: $schema=…`.
 */
export function scenarioJsonSchema(
  schema: z.ZodType,
  options: ScenarioJsonSchemaOptions = {},
): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    // Refinements and transforms have no JSON Schema; their input side is what editors need.
    unrepresentable: 'any',
    override: (ctx) => {
      const found = unitOf(ctx.zodSchema);
      if (found === undefined) return;
      const { info: unit } = found;
      const js = ctx.jsonSchema;
      // zod drops defaults and examples of transforming schemas on the input
      // side (they are outputs); for units the written form is known, so restore them.
      if (typeof js.default === 'number') js.default = unit.format(js.default);
      else if (js.default === undefined && typeof found.defaultValue === 'number')
        js.default = unit.format(found.defaultValue);
      js.examples ??= [...unit.examples];
      const example = UNIT_EXAMPLES[unit.kind];
      if (
        typeof js.description === 'string' &&
        !js.description.toLowerCase().includes(example.toLowerCase())
      ) {
        js.description = `${js.description.replace(/\.?\s*$/, '.')} Write ${example}.`;
      }
    },
  }) as Record<string, unknown>;
  const head: Record<string, unknown> = { $schema: json.$schema };
  if (options.id !== undefined) head.$id = options.id;
  if (options.title !== undefined) head.title = options.title;
  return { ...head, ...json };
}
