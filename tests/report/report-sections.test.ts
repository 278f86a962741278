/**
 * The sections every human-facing output shares (sim/report/report-sections.ts):
 * the bottleneck is the component that gave way first, named with the
 * figure that shows it; the bill says why it is missing; queries keep their order.
 */
import { describe, expect, test } from 'vitest';
import { billOf, billPhrase, bottleneckOf, queriesOf } from '../../sim/report/report-sections.ts';
import { reportFixture } from './report-fixture.ts';

describe('the bottleneck line', () => {
  test('Loki: the component whose CPU saturated first, and when', () => {
    const r = reportFixture({
      loki: {
        rejected: {},
        capacity: {
          saturatedFirst: 'ingester',
          ingesters: { saturatedAtSeconds: 600, backlogPeakSeconds: 12 },
          distributors: { saturatedAtSeconds: null },
        },
      },
    });
    expect(bottleneckOf(r)).toBe('Loki ingesters saturated first at 10.0m (CPU backlog peak 12.0s)');
  });

  test('Loki: a tenant limit that refused lines, the largest reason first', () => {
    const r = reportFixture({
      loki: { rejected: { rate_limited: 500, stream_limit: 20 }, capacity: { saturatedFirst: null } },
    });
    expect(bottleneckOf(r)).toBe('Loki limits: 500 lines refused as rate_limited');
  });

  test('Elasticsearch: bulks refused, by their error', () => {
    const r = reportFixture({
      elastic: {},
      backend: {
        kind: 'elasticsearch',
        utilization: 0.5,
        bulksRefused: { es_rejected_execution_exception: 42 },
      },
    });
    expect(bottleneckOf(r)).toBe(
      'Elasticsearch data nodes: 42 bulks refused (es_rejected_execution_exception)',
    );
  });

  test('Elasticsearch: write pools that never rest, though nothing was refused', () => {
    const r = reportFixture({
      elastic: {},
      backend: { kind: 'elasticsearch', utilization: 0.97, bulksRefused: {} },
    });
    expect(bottleneckOf(r)).toMatch(/^Elasticsearch data nodes: write pools busy 97% of the run/);
  });

  test('a scheduled outage comes first: it, not a component, refused the writes', () => {
    const r = reportFixture({
      backendDown: { outages: 1, secondsDown: 1800, requestsRefused: 40, requestsUnanswered: 2 },
      loki: { rejected: { rate_limited: 500 }, capacity: { saturatedFirst: null } },
    });
    expect(bottleneckOf(r)).toBe(
      'backend_down: 42 pushes failed while the write path was down (30.0m in all)',
    );
    const endpoint = reportFixture({
      backend: { kind: 'endpoint', requestsRefusedOutage: 34, requestsTimedOutOutage: 0 },
    });
    expect(bottleneckOf(endpoint)).toBe('endpoint outage: 34 pushes refused or unanswered');
  });

  test('nothing gave way: no line', () => {
    expect(bottleneckOf(reportFixture())).toBeUndefined();
  });
});

describe('the bill and the queries', () => {
  test('a backend without a cost model says so', () => {
    const bill = billOf(reportFixture({ backend: { kind: 'elasticsearch' } }));
    expect(bill.monthlyUsd).toBeUndefined();
    expect(billPhrase(bill)).toBe('not billed: backend.kind elasticsearch has no cost model yet');
  });

  test('the three biggest lines, largest first', () => {
    const line = (component: string, usd: number) => ({
      component,
      category: 'compute',
      item: 'm6i.large',
      usd,
    });
    const bill = billOf(
      reportFixture({
        cost: { monthly: 100, lines: [line('a', 1), line('b', 50), line('c', 30), line('d', 19)] },
      }),
    );
    expect(bill.biggest.map((b) => b.what)).toEqual([
      'b compute m6i.large',
      'c compute m6i.large',
      'd compute m6i.large',
    ]);
  });

  test('queries in the report order, with what was answered', () => {
    const qs = queriesOf(
      reportFixture({
        queries: {
          needle: { count: 4, completed: 3, p50: 1, p99: 2, found: 0.75, timedOut: 1, rejected429: 0 },
          panel: { count: 10, completed: 10, p50: 0.1, p99: 0.2, found: null, timedOut: 0, rejected429: 0 },
        },
      }),
    );
    expect(qs.map((q) => [q.name, q.completed, q.found])).toEqual([
      ['needle', 3, 0.75],
      ['panel', 10, undefined],
    ]);
  });
});
