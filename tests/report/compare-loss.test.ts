/**
 * `sim compare` on loss: delivered share and lines in flight sit beside lines
 * lost, and a design is not marked better on loss when it left more lines
 * undelivered (lost or still on the hosts) than the other lost.
 */
import { describe, expect, test } from 'vitest';
import { bestVariants, buildComparison, type VariantRun } from '../../sim/report/comparison.ts';
import { reportFixture } from './report-fixture.ts';

function run(variant: string, lost: number, inFlight: number): VariantRun {
  const emitted = 100_000;
  return {
    variant,
    seed: 1,
    report: reportFixture({
      scenario: { name: 'fixture', variant, seed: 1, durationSeconds: 600, hash: '0000' },
      ledger: {
        emitted,
        delivered: emitted - lost - inFlight,
        duplicates: 0,
        lost: lost > 0 ? { dropped_when_full: lost } : {},
        lostTotal: lost,
        inFlight,
        needles: { planted: 0, delivered: 0, lost: 0, inFlight: 0 },
      },
    }),
  };
}

describe('comparing loss', () => {
  test('delivered share and in flight are rows of every comparison', () => {
    const c = buildComparison([run('a', 10, 0), run('b', 0, 0)]);
    const names = c.metrics.map((m) => m.name);
    expect(names.slice(0, 3)).toEqual(['lines_lost', 'delivered_share', 'in_flight']);
    expect(c.variants[0]?.figures.delivered_share?.mean).toBeCloseTo(0.9999, 6);
  });

  test('fewer lines lost is not marked better when more were left undelivered', () => {
    // "held" lost 10 but still holds two thirds of the lines; "sized" lost 100 and delivered the rest.
    const c = buildComparison([run('sized', 100, 0), run('held', 10, 66_000)]);
    const lost = c.metrics.find((m) => m.name === 'lines_lost');
    expect(lost).toBeDefined();
    expect(bestVariants(c, lost!).size).toBe(0);
    const share = c.metrics.find((m) => m.name === 'delivered_share');
    expect([...bestVariants(c, share!)]).toEqual(['sized']);
  });

  test('when the one that lost less also delivered more, it is marked', () => {
    const c = buildComparison([run('a', 100, 0), run('b', 10, 5)]);
    const lost = c.metrics.find((m) => m.name === 'lines_lost');
    expect([...bestVariants(c, lost!)]).toEqual(['b']);
  });
});

describe('comparing queries', () => {
  test('a faster query is not marked better when it found less (its data was gone)', () => {
    const variant = (name: string, p50: number, found: number) => ({
      name,
      figures: { 'query.old.p50': { mean: p50 }, 'query.old.found': { mean: found } },
    });
    const metric = { name: 'query.old.p50', better: 'lower' as const };
    const comparison = { variants: [variant('gone', 0, 0), variant('kept', 0.065, 1)] };
    expect(bestVariants(comparison as never, metric as never)).toEqual(new Set());
    const both = { variants: [variant('fast', 0.01, 1), variant('slow', 0.065, 1)] };
    expect(bestVariants(both as never, metric as never)).toEqual(new Set(['fast']));
  });
});
