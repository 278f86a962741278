/**
 * `sim explain loki.yaml elastic.yaml --query needle` (decision 05a): both
 * plans, each from its own simulated cluster, side by side — latency, CPU,
 * bytes read, and the shards or chunks touched.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { memoryIo } from '../../sim/cli/io.ts';

const file = (name: string) => join(import.meta.dirname, '..', '..', 'scenarios', name);

async function explain(...args: string[]) {
  const io = memoryIo();
  const code = await main(['node', 'sim', 'explain', ...args], io);
  process.exitCode = 0;
  return { code, out: io.out, err: io.err };
}

describe('sim explain across stacks', () => {
  it('prints the Loki and the Elasticsearch plan of the needle, each found, with their costs', async () => {
    const r = await explain(
      file('05-labels-only-index.yaml'),
      file('05-elastic-index.yaml'),
      '--query',
      'needle',
      '--set',
      'duration=2h',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('05-labels-only-index.yaml · loki: {service="api"} |= "needle"');
    expect(r.out).toContain('05-elastic-index.yaml · elasticsearch: GET logs-*/_search');
    expect(r.out.match(/needle at [\d.]+ s: found/g)).toHaveLength(2);
    const row = (label: string) => r.out.split('\n').find((l) => l.startsWith(`${label} `)) ?? '';
    expect(row('touched')).toMatch(/chunks .*│ .*shards in 1 index/);
    expect(row('bytes read')).toMatch(/[\d.]+ [KMG]?B +│ [\d.]+ [KMG]?B/);
    expect(row('CPU')).toMatch(/core-s +│ .*core-s/);
    expect(row('latency')).toMatch(/ s \(alone, no queueing\) +│ .* s \(alone, no queueing\)/);
  });

  it('a variant of one file adds its column; a variant no file has is a usage error', async () => {
    const ok = await explain(
      file('05-elastic-index.yaml'),
      '--query',
      'api-by-level',
      '--variant',
      'baseline',
      '--variant',
      'string',
      '--set',
      'duration=30m',
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('05-elastic-index.yaml (string) · elasticsearch');
    const bad = await explain(file('05-elastic-index.yaml'), '--query', 'needle', '--variant', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no file given has a variant named "nope"');
  });
});
