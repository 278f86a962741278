import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_CONFIG, fullChunkRawBytes, COMPRESSION_RATIO } from '../../sim/loki/chunk.ts';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';

/**
 * Streams labelled by host are each cut at their full size (issue 33): the
 * 05 fleet with a `host` label, 6 h. Each of the S active streams holds at
 * most one chunk in its head (up to one raw 256 KiB block plus compressed
 * blocks up to the target), and what a flush check has cut waits at most one
 * flush_check_period compressed: memory ≈ S × (target + block) + rate × 30 s ÷
 * ratio, and the rate term is small here (2 MB/s). Objects ≈ bytes ÷ the full
 * chunk size, plus the idle and max_age cuts of the quiet level streams.
 */
describe('Loki: a host label cuts each host stream at its target size', () => {
  const file = join(import.meta.dirname, '..', '..', 'scenarios', '05-labels-only-index.yaml');
  const scenario = loadScenario(file, {
    overrides: ['duration=6h', 'backend.labels=[service, env, level, host]', 'queries=[]'],
  });
  const { report } = simulateScenario(scenario);
  const loki = report.loki as {
    activeStreamsPerIngesterPeak: number;
    ingesterMemoryPeakBytes: number;
    objects: number;
    chunkBytes: number;
  };
  const target = DEFAULT_CHUNK_CONFIG.targetSizeBytes;

  it('ingester memory peak within 2× of streams × chunk target', () => {
    const bound = loki.activeStreamsPerIngesterPeak * target;
    expect(loki.ingesterMemoryPeakBytes).toBeLessThan(2 * bound);
    expect(loki.ingesterMemoryPeakBytes).toBeGreaterThan(bound / 2);
  });

  it('chunk objects within ±30 % of bytes ÷ target', () => {
    const expected = loki.chunkBytes / target;
    expect(loki.objects / expected).toBeGreaterThan(0.7);
    expect(loki.objects / expected).toBeLessThan(1.3);
  });

  it('a full chunk is below the target (Loki SpaceFor: cut blocks compressed + head raw)', () => {
    const full = fullChunkRawBytes(DEFAULT_CHUNK_CONFIG) / COMPRESSION_RATIO.gzip;
    expect(full).toBeLessThan(target);
    expect(full).toBeGreaterThan(0.85 * target);
  });
});
