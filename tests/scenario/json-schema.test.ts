import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scenarioJsonSchema } from '../../sim/scenario/json-schema.ts';
import { variantsSchema } from '../../sim/scenario/overrides.ts';
import { duration, parseDuration, size } from '../../sim/config/units.ts';

const schema = z.strictObject({
  duration: duration().describe('Virtual time to simulate.'),
  linger: duration().default(parseDuration('1s')).describe('How long a batch waits for more lines'),
  max_size: size().prefault('64MiB').meta({ description: 'Buffer capacity.' }),
  when_full: z.enum(['block', 'drop_newest']).default('block').describe('What a full buffer does.'),
  variants: variantsSchema().optional(),
});

describe('scenarioJsonSchema', () => {
  const js = scenarioJsonSchema(schema, {
    id: 'https://example.test/logsim.schema.json',
    title: 'logsim scenario',
  });
  const props = js.properties as Record<string, Record<string, unknown>>;

  it('is draft 2020-12, closed to unknown keys, with id and title', () => {
    expect(js).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://example.test/logsim.schema.json',
      title: 'logsim scenario',
      type: 'object',
      additionalProperties: false,
      required: ['duration'],
    });
  });

  it('describes unit fields as patterned strings, field description first, then the unit', () => {
    expect(props.duration).toMatchObject({
      description: 'Virtual time to simulate. Write a duration such as 500ms, 5s, 2h or 30d.',
      anyOf: [{ type: 'string' }, { const: 0 }],
      examples: ['500ms', '5s', '1h30m', '30d'],
    });
    expect((props.duration!.anyOf as { pattern: string }[])[0]!.pattern).toBeTypeOf('string');
  });

  it('shows unit defaults as written, not as canonical numbers', () => {
    expect(props.linger!.default).toBe('1s');
    expect(props.max_size!.default).toBe('64MiB');
    expect(props.max_size!.description).toBe('Buffer capacity. Write a size such as 220B, 1.5MB or 64MiB.');
  });

  it('keeps plain descriptions and defaults', () => {
    expect(props.when_full).toMatchObject({
      enum: ['block', 'drop_newest'],
      default: 'block',
      description: 'What a full buffer does.',
    });
    expect(props.variants!.description).toMatch(/^Named design variants/);
  });
});
