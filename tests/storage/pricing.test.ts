// The `pricing:` section: any price can be replaced, a new medium or instance needs its price,
// and a bad reference is a scenario error at its line with the nearest valid name.
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load.ts';
import { scenarioSchema } from '../../sim/scenario/schema.ts';
import { priceTable } from '../../sim/storage/price-table.ts';
import { pricingSchema } from '../../sim/storage/pricing-schema.ts';

const scenario = (pricing: string) => `name: p
duration: 10m
fleet: { services: [{ name: api, hosts: 2, rate: 10/s }] }
backend: { kind: loki }
pricing:
${pricing}
`;

function errorOf(text: string): string {
  try {
    loadScenarioText(text, 'p.yaml', scenarioSchema());
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('pricing:', () => {
  it('replaces a price and records where the new one comes from', () => {
    const table = priceTable(
      pricingSchema.parse({
        media: {
          's3-standard': { usd_per_gb_month: 0.02, source: 'GCS Standard, us-central1', date: '2026-11' },
        },
        instances: { 'm6i.large': { usd_per_hour: 0.08 } },
      }),
    );
    expect(table.media.get('s3-standard')).toMatchObject({
      usdPerGbMonth: 0.02,
      putUsdPer1000: 0.005,
      source: 'GCS Standard, us-central1',
      date: '2026-11',
    });
    expect(table.instances.get('m6i.large')).toMatchObject({ usdPerHour: 0.08, assumed: false });
    expect(priceTable().media.get('s3-glacier-deep-archive')).toMatchObject({
      usdPerGbMonth: 0.00099,
      date: '2026-06-05',
    });
  });

  it('adds a medium and an instance type of another cloud, and bills the components on them', () => {
    const table = priceTable(
      pricingSchema.parse({
        media: { 'gcs-standard': { usd_per_gb_month: 0.02, put_usd_per_1000: 0.005 } },
        instances: { 'n2-standard-2': { usd_per_hour: 0.097 } },
        nodes: { ingester: 'n2-standard-2' },
        object_storage: { medium: 'gcs-standard' },
      }),
    );
    expect(table.nodeTypes['ingester']).toBe('n2-standard-2');
    expect(table.media.get('gcs-standard')?.usdPerGbMonth).toBe(0.02);
  });

  it('is optional: a scenario without it validates as before', () => {
    const s = loadScenarioText(scenario('  discount: 10%'), 'p.yaml', scenarioSchema());
    expect(s.pricing?.discount).toBe(0.1);
    const bare = loadScenarioText(scenario('').replace('pricing:\n', ''), 'p.yaml', scenarioSchema());
    expect(bare.pricing).toBeUndefined();
  });

  it('names a misspelt class at its key, with the nearest one', () => {
    expect(errorOf(scenario('  object_storage: { medium: s3-standrad }'))).toMatch(
      /pricing\.object_storage\.medium: expected an object storage class .* got "s3-standrad" \(did you mean s3-standard\?\)/,
    );
  });

  it('refuses block storage as an object class, transitions out of order or past the retention', () => {
    expect(errorOf(scenario('  object_storage: { medium: gp3 }'))).toMatch(
      /gp3 is block storage, not an object class/,
    );
    const msg = errorOf(
      scenario(
        '  object_storage:\n    retention: 60d\n    transitions:\n      - { after: 30d, medium: s3-standard-ia }\n      - { after: 20d, medium: s3-glacier-instant }\n      - { after: 90d, medium: s3-glacier-deep-archive }',
      ),
    );
    expect(msg).toMatch(/transitions\[1\]\.after: expected transitions in increasing order of age/);
    expect(msg).toMatch(/transitions\[2\]\.after: expected a transition before the retention ends/);
  });

  it('needs a price for a new medium or instance, and a known instance for a node', () => {
    expect(errorOf(scenario('  media: { s3-standad: { put_usd_per_1000: 0.004 } }'))).toMatch(
      /s3-standad is not a built-in medium \(did you mean s3-standard\?\); a new one needs usd_per_gb_month/,
    );
    expect(errorOf(scenario('  instances: { n2-standard-2: { date: "2026" } }'))).toMatch(
      /needs usd_per_hour/,
    );
    expect(errorOf(scenario('  nodes: { ingester: m6i.largee }'))).toMatch(
      /pricing\.nodes\.ingester: expected an instance type .* \(did you mean m6i\.large\?\)/,
    );
  });
});
