/**
 * The scenario's `pricing:` section (decision 07): replace any price of the
 * built-in tables (another cloud, a negotiated discount), say which instance
 * type each component runs on, and how long object storage keeps data and in
 * which classes (S3 lifecycle transitions). Every price is optional: what is
 * not given keeps its facts.md §4 value.
 *
 *   pricing:
 *     discount: 15%
 *     media: { s3-standard: { usd_per_gb_month: 0.021 } }
 *     instances: { m6i.large: { usd_per_hour: 0.08 } }
 *     nodes: { ingester: m6i.xlarge }
 *     object_storage:
 *       retention: 90d
 *       transitions: [{ after: 30d, medium: s3-glacier-instant }]
 */
import { z } from 'zod';
import { didYouMean, listAlternatives } from '../config/diagnostics.ts';
import { duration, parseDuration, share } from '../config/units.ts';
import { DEFAULT_INSTANCES, DEFAULT_NODE_TYPES } from './instance-prices.ts';
import { DEFAULT_MEDIA } from './media.ts';

const usd = (description: string) => z.number().nonnegative().optional().describe(description);

const mediumPrices = z
  .strictObject({
    usd_per_gb_month: usd('Storage, USD per GB-month.'),
    put_usd_per_1000: usd('PUT/COPY/POST/LIST requests (and lifecycle transitions into it), USD per 1,000.'),
    get_usd_per_1000: usd('GET requests (a restore request for an archive class), USD per 1,000.'),
    retrieval_usd_per_gb: usd('Retrieval fee, USD per GB read.'),
    min_storage_duration: duration().optional().describe('Minimum storage duration billed (early deletion).'),
    first_byte_latency: duration()
      .optional()
      .describe('Time to the first byte of a read (hours for a restore).'),
    date: z.string().optional().describe('Date of the price (recorded in the report).'),
    source: z.string().optional().describe('Where the price comes from (recorded in the report).'),
  })
  .describe('Prices of one storage medium; absent fields keep the built-in value.');

const instancePrices = z
  .strictObject({
    usd_per_hour: usd('Price of one node-hour, USD.'),
    date: z.string().optional().describe('Date of the price.'),
    source: z.string().optional().describe('Where the price comes from.'),
  })
  .describe('Price of one instance type; absent fields keep the built-in value.');

const NODE_COMPONENTS = Object.keys(DEFAULT_NODE_TYPES);
const instanceId = z
  .string()
  .describe('An instance type of the price table (built-in or in `pricing.instances`).');

export const pricingSchema = z
  .strictObject({
    discount: share()
      .default(0)
      .describe('Share taken off every price (a savings plan, an enterprise discount). Default 0.'),
    media: z
      .record(z.string(), mediumPrices)
      .default({})
      .describe(
        `Storage prices by medium: change a built-in one (${DEFAULT_MEDIA.map((m) => m.id).join(', ')}) or add one (it needs usd_per_gb_month). Default: facts.md §4 (AWS us-east-1 list prices).`,
      ),
    instances: z
      .record(z.string(), instancePrices)
      .default({})
      .describe(
        `Instance prices by type: change a built-in one (${DEFAULT_INSTANCES.map((i) => i.id).join(', ')}) or add one (it needs usd_per_hour). Built-in prices are assumptions (not in facts.md).`,
      ),
    nodes: z
      .strictObject(
        Object.fromEntries(
          NODE_COMPONENTS.map((c) => [
            c,
            instanceId
              .optional()
              .describe(`Instance type of each ${c}. Default ${DEFAULT_NODE_TYPES[c] ?? ''}.`),
          ]),
        ),
      )
      .prefault({})
      .describe('The instance type each component runs on (one node per replica).'),
    object_storage: z
      .strictObject({
        medium: z
          .string()
          .default('s3-standard')
          .describe('The class objects are written to (Loki chunks and index). Default s3-standard.'),
        retention: duration({ min: '1d' })
          .default(parseDuration('30d'))
          .describe(
            'How long objects are kept; the monthly bill is the steady state with this much data stored. Default 30d (assumption: Loki keeps data forever unless the compactor deletes it).',
          ),
        transitions: z
          .array(
            z.strictObject({
              after: duration({ min: '1d' }).describe('Age at which objects move (an S3 lifecycle rule).'),
              medium: z.string().describe('The object class they move to.'),
            }),
          )
          .default([])
          .describe('Lifecycle transitions to colder classes, by age. Default none.'),
      })
      .prefault({})
      .describe('Object storage: the class written, the retention, lifecycle transitions.'),
  })
  .superRefine((p, ctx) => {
    const media = new Map(DEFAULT_MEDIA.map((m) => [m.id, m.kind as string]));
    for (const [id, m] of Object.entries(p.media)) {
      if (media.has(id)) continue;
      if (m.usd_per_gb_month === undefined) {
        const near = didYouMean(id, media.keys());
        ctx.addIssue({
          code: 'custom',
          path: ['media', id],
          message:
            near !== undefined
              ? `${id} is not a built-in medium (did you mean ${near}?); a new one needs usd_per_gb_month`
              : `a medium not in the built-in table (${listAlternatives([...media.keys()])}) needs usd_per_gb_month`,
        });
      }
      media.set(id, 'object');
    }
    const instances = new Set([...DEFAULT_INSTANCES.map((i) => i.id)]);
    for (const [id, i] of Object.entries(p.instances)) {
      if (instances.has(id)) continue;
      if (i.usd_per_hour === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['instances', id],
          message: `an instance type not in the built-in table needs usd_per_hour${hint(id, instances)}`,
        });
      instances.add(id);
    }
    for (const [component, id] of Object.entries(p.nodes)) {
      if (id === undefined || instances.has(id)) continue;
      ctx.addIssue({
        code: 'custom',
        path: ['nodes', component],
        message: `expected an instance type of the price table (${listAlternatives([...instances])}), got "${id}"${hint(id, instances)}`,
      });
    }
    const objectMedium = (id: string, path: (string | number)[]) => {
      const kind = media.get(id);
      if (kind === undefined)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `expected an object storage class (${listAlternatives(objectClasses(media))}), got "${id}"${hint(id, media.keys())}`,
        });
      else if (kind !== 'object')
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${id} is ${kind} storage, not an object class; expected ${listAlternatives(objectClasses(media))}`,
        });
    };
    const os = p.object_storage;
    objectMedium(os.medium, ['object_storage', 'medium']);
    let previous = 0;
    os.transitions.forEach((t, i) => {
      objectMedium(t.medium, ['object_storage', 'transitions', i, 'medium']);
      if (t.after <= previous)
        ctx.addIssue({
          code: 'custom',
          path: ['object_storage', 'transitions', i, 'after'],
          message: 'expected transitions in increasing order of age',
        });
      if (t.after >= os.retention)
        ctx.addIssue({
          code: 'custom',
          path: ['object_storage', 'transitions', i, 'after'],
          message: 'expected a transition before the retention ends (objects are deleted then)',
        });
      previous = t.after;
    });
  })
  .describe(
    'Prices and what each part of the design is billed as (decision 07). Default: facts.md §4 prices.',
  );

/** The `pricing:` of a scenario that has none: every built-in price, 30 days of S3 Standard. */
export const DEFAULT_PRICING: PricingSpec = pricingSchema.parse({});

/** A validated `pricing:` section, defaults filled in. */
export type PricingSpec = z.output<typeof pricingSchema>;

function objectClasses(media: ReadonlyMap<string, string>): string[] {
  return [...media].filter(([, kind]) => kind === 'object').map(([id]) => id);
}

function hint(word: string, candidates: Iterable<string>): string {
  const near = didYouMean(word, candidates);
  return near === undefined ? '' : ` (did you mean ${near}?)`;
}
