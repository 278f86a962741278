import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';
import { expectWithin30 } from './within.ts';

/**
 * Loki chunks against quickwit-oss/benchmarks loki_quickwit_benchmark.md
 * (a3418de, 2024-06-26): Loki 2.9, 212.40 GB of JSON logs in 55 min, 100
 * streams, snappy, 512 KB chunk target → 55 GiB in the bucket in 145,756
 * objects (reference/facts.md §2f, §6a). The scenario reproduces the setup:
 * tests/calibration/scenarios/loki-quickwit-bench.yaml.
 */
describe('calibration: Loki chunks (quickwit-oss/benchmarks, Loki 2.9, snappy, 512 KB target)', () => {
  const file = join(import.meta.dirname, 'scenarios', 'loki-quickwit-bench.yaml');
  const { report } = simulateScenario(loadScenario(file));
  const loki = report.loki as { objects: number; chunkBytes: number; avgChunkBytes: number };

  it('chunk objects for 212.40 GB: 145,756 published, ±30 %', () => {
    expectWithin30(loki.objects, 145_756, 'objects');
  });

  it('bytes in the bucket: 55 GiB published, ±30 %', () => {
    expectWithin30(loki.chunkBytes, 55 * 2 ** 30, 'bucket bytes');
  });

  it('mean object below the target (SpaceFor), 55 GiB ÷ 145,756 = 405 KB published, ±30 %', () => {
    expect(loki.avgChunkBytes).toBeLessThan(512 * 1024);
    expectWithin30(loki.avgChunkBytes, (55 * 2 ** 30) / 145_756, 'mean object bytes');
  });

  it("the raw volume is the benchmark's: 212.40 GB, 243.5M lines, ±30 %", () => {
    expectWithin30(report.ledger.emitted, 243.5e6, 'lines');
  });
});
