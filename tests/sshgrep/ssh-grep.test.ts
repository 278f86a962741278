// Decision 01: without central logging, a query is a fan-out to every host. Its cost grows
// with the fleet, it misses hosts that are down, and it cannot find what rotation deleted.
import { describe, expect, it } from 'vitest';
import { retainedBytes, retainedSpanUs } from '../../sim/sshgrep/host-files.ts';
import { fanOutMakespanUs } from '../../sim/sshgrep/ssh-fanout.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';

const S = 1_000_000;

const scenario = (hosts: number, extra = '') => `name: ssh
seed: 4
duration: 6h
fleet:
  services:
    - name: api
      hosts: ${hosts}
      rate: 50/s
      line_size: { mean: 200B }
      needles: { every: 10m }
      rotation: { max_file_size: 10MB, keep: 2 }
backend: { kind: none, parallelism: 10, connect: 200ms, grep_rate: 100MB/s }
queries:
  - { name: needle, every: 15m, range: 6h, match: { service: api }, contains: needle }
${extra}`;

type NeedleFigures = { p50: number; found: number; hostsMissed: number; linesMissed: number };
const needleOf = (text: string): NeedleFigures =>
  (simulateScenario(loadScenarioFromText(text, 'ssh.yaml')).report.queries as Record<string, NeedleFigures>)[
    'needle'
  ]!;

describe('ssh + grep', () => {
  it('runs pssh lanes as a pool: n equal jobs on p lanes take ceil(n / p) jobs', () => {
    expect(fanOutMakespanUs(Array(95).fill(3 * S), 10)).toBe(10 * 3 * S);
    expect(fanOutMakespanUs(Array(10).fill(S), 32)).toBe(S);
    // A slow host early holds one lane; the others drain the rest around it.
    expect(fanOutMakespanUs([10 * S, ...Array(9).fill(S)], 2)).toBe(10 * S);
  });

  it('keeps (keep + 1) files of the rotation size on each host, and reads them all', () => {
    const r = { bytesPerSec: 10_000, maxFileBytes: 10e6, keep: 2 };
    expect(retainedSpanUs(r, 10_000 * S)).toBe(3000 * S);
    expect(retainedBytes(r, 10_000 * S)).toBe(30e6);
    expect(retainedSpanUs(r, 100 * S)).toBe(100 * S); // young files: everything is still there
  });

  it('costs O(hosts): ten times the fleet, ten times the latency', () => {
    const small = needleOf(scenario(20));
    const large = needleOf(scenario(200));
    expect(large.p50 / small.p50).toBeGreaterThan(8);
    expect(large.p50 / small.p50).toBeLessThan(12);
  });

  it('cannot find a needle rotation deleted: the files reach 3 × 10 MB ÷ 10 kB/s ≈ 50 min back', () => {
    // Needles are asked for at random over the 6 h range; only those in the last ~50 min survive.
    const { found, linesMissed } = needleOf(scenario(10));
    expect(found).toBeLessThan(0.4);
    expect(linesMissed).toBeGreaterThan(0);
  });

  it('misses hosts that are down, and waits for their time-out', () => {
    const down = needleOf(
      scenario(10, 'faults: [{ at: 0s, host_down: { service: api, hosts: 10, for: 6h } }]'),
    );
    expect(down.hostsMissed).toBeGreaterThan(0);
    expect(down.found).toBe(0);
    expect(down.p50).toBeGreaterThanOrEqual(10);
  });
});
