/**
 * The object-store bill against AWS's S3 Standard list prices, us-east-1
 * (reference/facts.md §4): storage $0.023 per GB-month (usage.ai, "US East,
 * May 2026", page of 2026-06-05), PUT $0.005 and GET $0.0004 per 1,000
 * requests (c3x.dev request-fee matrix). The Loki run of the quickwit
 * benchmark's conditions flushes ~160k chunks: its bill must charge them at
 * the published prices.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';
import { expectWithin30 } from './within.ts';

interface BillLine {
  readonly component: string;
  readonly category: string;
  readonly item: string;
  readonly requestKind?: string;
  readonly quantity: number;
  readonly usdPerUnit: number;
}

describe('calibration: S3 Standard prices in the Loki bill (facts.md §4)', () => {
  const file = join(import.meta.dirname, 'scenarios', 'loki-quickwit-bench.yaml');
  const { report } = simulateScenario(loadScenario(file));
  const cost = report.cost as { lines: BillLine[]; run: { byCategory: { requests: number } } };
  const loki = report.loki as { puts: number };
  const line = (category: string, kind?: string) =>
    cost.lines.find(
      (l) =>
        l.component === 'chunks' &&
        l.category === category &&
        l.item === 's3-standard' &&
        l.requestKind === kind,
    ) as BillLine;

  it('storage at $0.023 per GB-month and PUTs at $0.005 per 1,000, as published', () => {
    expect(line('storage').usdPerUnit).toBe(0.023);
    expect(line('requests', 'put').usdPerUnit).toBe(0.005);
  });

  it("the run's request bill is its PUTs at the published price, ±30 %", () => {
    expectWithin30(cost.run.byCategory.requests, (loki.puts / 1000) * 0.005, 'request USD');
  });
});
