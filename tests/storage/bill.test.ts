// The bill (decision 07): a pure function of usage and prices whose total is the sum of its
// parts, and a hand-computed case that matches to the cent.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { computeBill } from '../../sim/storage/bill.ts';
import { usageBetween, type CostModel } from '../../sim/storage/cost-model.ts';
import { billReport } from '../../sim/storage/cost-section.ts';
import { microUsdToCents } from '../../sim/storage/money.ts';
import { priceTable } from '../../sim/storage/price-table.ts';
import { pricingSchema } from '../../sim/storage/pricing-schema.ts';
import { objectStorageTiers } from '../../sim/storage/object-storage-plan.ts';
import { BYTES_PER_GB, MONTH_US, REQUEST_KINDS, type Usage } from '../../sim/storage/usage.ts';
import { US_PER_DAY } from '../../sim/engine/time.ts';

const prices = priceTable();
const MEDIA = [...prices.media.keys()];
const COMPONENTS = ['chunks', 'index', 'ingester', 'distributor', 'querier', 'endpoint'];
const NODE_COMPONENTS = ['ingester', 'distributor', 'querier', 'endpoint'];

const amount = fc.double({ min: 0, max: 1e7, noNaN: true });
const usage: fc.Arbitrary<Usage> = fc.record({
  storage: fc.array(
    fc.record({
      component: fc.constantFrom(...COMPONENTS),
      medium: fc.constantFrom(...MEDIA),
      gbMonths: amount,
    }),
  ),
  earlyDeletion: fc.array(
    fc.record({
      component: fc.constantFrom(...COMPONENTS),
      medium: fc.constantFrom(...MEDIA),
      gbMonths: amount,
    }),
  ),
  requests: fc.array(
    fc.record({
      component: fc.constantFrom(...COMPONENTS),
      medium: fc.constantFrom(...MEDIA),
      kind: fc.constantFrom(...REQUEST_KINDS),
      count: amount,
    }),
  ),
  retrieval: fc.array(
    fc.record({ component: fc.constantFrom(...COMPONENTS), medium: fc.constantFrom(...MEDIA), gb: amount }),
  ),
  compute: fc.array(fc.record({ component: fc.constantFrom(...NODE_COMPONENTS), nodeHours: amount })),
});

const cents = (usd: number) => Math.round(usd * 100);
const sumCents = (r: Record<string, number>) => Object.values(r).reduce((a, v) => a + cents(v), 0);

describe('the bill', () => {
  test.prop([usage, fc.double({ min: 0, max: 0.5, noNaN: true })])(
    'equals the sum of its parts, in every grouping, to the cent',
    (u, discount) => {
      const table = { ...priceTable(), discount };
      const bill = computeBill(u, table);
      expect(bill.totalMicroUsd).toBe(bill.lines.reduce((a, l) => a + l.microUsd, 0));
      const r = billReport(bill, MEDIA);
      const total = cents(r.total);
      expect(total).toBe(bill.lines.reduce((a, l) => a + microUsdToCents(l.microUsd), 0));
      expect(sumCents(r.byComponent)).toBe(total);
      expect(sumCents(r.byCategory)).toBe(total);
      // By tier holds the storage-side lines, compute apart.
      expect(sumCents(r.byTier) + cents(r.byCategory['compute'] ?? 0)).toBe(total);
      expect(sumCents(r.byRequestKind)).toBe(cents(r.byCategory['requests'] ?? 0));
    },
  );

  it('is a pure function: the same usage and prices give the same bill', () => {
    const u: Usage = {
      storage: [{ component: 'chunks', medium: 's3-standard', gbMonths: 123.456 }],
      earlyDeletion: [],
      requests: [{ component: 'chunks', medium: 's3-standard', kind: 'put', count: 98_765 }],
      retrieval: [],
      compute: [{ component: 'ingester', nodeHours: 2190 }],
    };
    expect(computeBill(u, priceTable())).toEqual(computeBill(u, priceTable()));
  });

  it('matches a bill computed by hand: 1 TiB-month of S3 Standard, its requests and three ingesters', () => {
    // 1,024 GB-months × $0.023 = $23.552 → $23.55; 10,000 PUTs × $0.005/1,000 = $0.05;
    // 1,000,000 GETs × $0.0004/1,000 = $0.40; 3 × 730 h × $0.096 = $210.24. Total $234.24.
    const bill = computeBill(
      {
        storage: [{ component: 'chunks', medium: 's3-standard', gbMonths: 1024 }],
        earlyDeletion: [],
        requests: [
          { component: 'chunks', medium: 's3-standard', kind: 'put', count: 10_000 },
          { component: 'chunks', medium: 's3-standard', kind: 'get', count: 1_000_000 },
        ],
        retrieval: [],
        compute: [{ component: 'ingester', nodeHours: 3 * 730 }],
      },
      priceTable(),
    );
    expect(bill.lines.map((l) => l.microUsd)).toEqual([210_240_000, 23_552_000, 50_000, 400_000]);
    const r = billReport(bill, ['s3-standard']);
    expect(r.total).toBe(234.24);
    expect(r.byComponent).toEqual({ ingester: 210.24, chunks: 24 });
    expect(r.byTier).toEqual({ 's3-standard': 24 });
    expect(r.byRequestKind).toEqual({ put: 0.05, get: 0.4, transition: 0 });
  });

  it('matches a steady-state month computed by hand: 10 GiB a day aged through three classes for 90 days', () => {
    // 10 GiB/day of chunks, 1,000 objects/day: 30 days in S3 Standard, 30 in Standard-IA, 30 in Glacier
    // Instant Retrieval, then deleted. A full month holds 300 GiB in each class:
    //   Standard 300 × $0.023 = $6.90; IA 300 × $0.0125 = $3.75; Glacier IR 300 × $0.004 = $1.20;
    //   Glacier IR keeps objects 30 of its 90 minimum days: 10 GiB/day × 60 days = 600 GB-months × $0.004 = $2.40;
    //   a month (730 h) of objects is 30,416.67: PUTs × $0.005/1,000 = $0.15, transitions into IA × $0.01/1,000
    //   = $0.30, into Glacier IR × $0.02/1,000 = $0.61. Storage side $15.31.
    //   Three m6i.large ingesters, 730 h × $0.096 each: $210.24. Total $225.55.
    const spec = pricingSchema.parse({
      object_storage: {
        retention: '90d',
        transitions: [
          { after: '30d', medium: 's3-standard-ia' },
          { after: '60d', medium: 's3-glacier-instant' },
        ],
      },
    });
    const table = priceTable(spec);
    const model: CostModel = {
      tiers: objectStorageTiers(spec.object_storage, table),
      objectFlows: [
        {
          component: 'chunks',
          flow: { bytesPerUs: (10 * BYTES_PER_GB) / US_PER_DAY, objectsPerUs: 1000 / US_PER_DAY },
          putsPerObject: 1,
        },
      ],
      reads: { component: 'chunks', getsPerUs: 0, bytesPerUs: 0 },
      nodes: [{ component: 'ingester', count: 3 }],
    };
    const start = 90 * US_PER_DAY;
    const r = billReport(computeBill(usageBetween(model, start, start + MONTH_US), table), [
      's3-standard',
      's3-standard-ia',
      's3-glacier-instant',
    ]);
    expect(r.byTier).toEqual({ 's3-standard': 7.05, 's3-standard-ia': 4.05, 's3-glacier-instant': 4.21 });
    expect(r.byCategory).toEqual({
      compute: 210.24,
      storage: 11.85,
      early_deletion: 2.4,
      requests: 1.06,
      retrieval: 0,
    });
    expect(r.byRequestKind).toEqual({ put: 0.15, get: 0, transition: 0.91 });
    expect(r.total).toBe(225.55);
  });

  it('takes the discount off every line', () => {
    const u: Usage = {
      storage: [{ component: 'chunks', medium: 's3-standard', gbMonths: 1000 }],
      earlyDeletion: [],
      requests: [],
      retrieval: [],
      compute: [{ component: 'ingester', nodeHours: 730 }],
    };
    const full = billReport(computeBill(u, priceTable()), ['s3-standard']);
    const off = billReport(computeBill(u, priceTable(pricingSchema.parse({ discount: '20%' }))), [
      's3-standard',
    ]);
    expect(full.total).toBe(93.08); // $23 + $70.08
    expect(off.total).toBe(74.46); // $18.40 + $56.06 (56.064)
  });
});
