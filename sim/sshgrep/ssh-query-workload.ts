/**
 * `queries:` answered the way a team without central logging answers them:
 * `pssh` to every host of the service and `grep` its files (decision 01).
 * Each query is costed when it arrives — nothing it does changes the hosts —
 * so a run costs one event per query, whatever the fleet size.
 *
 *   query ─▶ hosts of the matched service ─▶ pssh lanes (parallelism)
 *              │ down ──▶ connection time-out, its lines missed
 *              └ up ────▶ connect + read every kept file at the grep rate;
 *                         lines older than the files reach are missed
 */
import type { QueryContext, QueryRun } from '../backend/backend-module.ts';
import type { SourceInfo } from '../backend/source-directory.ts';
import { exponential } from '../engine/distributions.ts';
import type { RandomStream } from '../engine/rng.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import { LogHistogram } from '../ledger/histogram.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import { retainedBytes, retainedSpanUs, type HostLogRetention } from './host-files.ts';
import { fanOutMakespanUs } from './ssh-fanout.ts';

/** The fan-out's settings, canonical units. */
export interface SshGrepConfig {
  readonly parallelism: number;
  readonly connectUs: number;
  readonly downHostTimeoutUs: number;
  readonly grepBytesPerSec: number;
}

/** What the workload needs to know about the hosts, by source. */
export interface SshFleet {
  readonly sources: () => readonly SourceInfo[];
  readonly retentionOf: (service: string) => HostLogRetention;
  /** Lines per second one host of `service` writes. */
  readonly linesPerSecOf: (service: string) => number;
  /** Whether host `host` of `service` is down at `tUs`. */
  readonly isDown: (service: string, host: number, tUs: number) => boolean;
}

interface ClassState {
  readonly spec: QuerySpec;
  readonly rng: RandomStream;
  readonly latencyUs: LogHistogram;
  count: number;
  hostsAsked: number;
  hostsMissed: number;
  linesMissed: number;
  bytesScanned: number;
  needlesAsked: number;
  needlesFound: number;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Starts the query classes of a run against the hosts; returns their report. */
export function startSshQueries(context: QueryContext, fleet: SshFleet, config: SshGrepConfig): QueryRun {
  const { sim, specs, needles, durationUs } = context;
  const classes: ClassState[] = specs.map((spec) => ({
    spec,
    rng: sim.random.stream(`queries/${spec.name}`),
    latencyUs: new LogHistogram(),
    count: 0,
    hostsAsked: 0,
    hostsMissed: 0,
    linesMissed: 0,
    bytesScanned: 0,
    needlesAsked: 0,
    needlesFound: 0,
  }));
  const gapUs = (c: ClassState): number =>
    c.spec.arrival === 'periodic'
      ? c.spec.everyUs
      : Math.max(1, Math.round(exponential(c.rng, 1 / c.spec.everyUs)));

  const arrive = (c: ClassState): void => {
    const now = sim.now;
    const spec = c.spec;
    const fromUs = Math.max(0, now - spec.rangeUs);
    const service = spec.match['service'];
    // One draw per query, needle or not, as the Loki read path does: the stream advances alike.
    const pick = c.rng.next();
    const jobs: number[] = [];
    const down = new Set<number>();
    for (const [index, s] of fleet.sources().entries()) {
      if (service !== undefined && s.service !== service) continue;
      const r = fleet.retentionOf(s.service);
      const kept = retainedSpanUs(r, now);
      const upJobUs =
        config.connectUs + Math.ceil((retainedBytes(r, now) * US_PER_SECOND) / config.grepBytesPerSec);
      // Hosts of a cohort share their faults: the first one stands for all.
      const isDown = fleet.isDown(s.service, s.firstHost, now);
      if (isDown) down.add(index);
      for (let h = 0; h < s.hosts; h++) jobs.push(isDown ? config.downHostTimeoutUs : upJobUs);
      c.hostsAsked += s.hosts;
      const linesPerUs = (fleet.linesPerSecOf(s.service) * s.hosts) / US_PER_SECOND;
      if (isDown) {
        c.hostsMissed += s.hosts;
        c.linesMissed += Math.round(linesPerUs * (now - fromUs));
      } else {
        c.bytesScanned += retainedBytes(r, now) * s.hosts;
        // What the range asks for beyond what the files still reach was rotated away.
        c.linesMissed += Math.round(linesPerUs * Math.max(0, now - kept - fromUs));
      }
    }
    c.count++;
    c.latencyUs.add(fanOutMakespanUs(jobs, config.parallelism));
    if (spec.query.kind === 'needle') {
      needles.refresh();
      const candidates = needles.between(fromUs, now - spec.needleMinAgeUs, service);
      const needle = candidates[Math.floor(pick * candidates.length)];
      if (needle !== undefined) {
        c.needlesAsked++;
        const r = fleet.retentionOf(needle.service);
        if (!down.has(needle.source) && needle.tsUs >= now - retainedSpanUs(r, now)) c.needlesFound++;
      }
    }
    const next = gapUs(c);
    if (now + next < durationUs) sim.schedule(next, arrive, c);
  };

  for (const c of classes) {
    const first = c.spec.arrival === 'periodic' ? Math.floor(c.rng.next() * c.spec.everyUs) : gapUs(c);
    if (first < durationUs) sim.schedule(first, arrive, c);
  }

  return {
    report(): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const c of classes) {
        const seconds = (q: number): number | null =>
          c.count > 0 ? round6(c.latencyUs.quantile(q) / US_PER_SECOND) : null;
        out[c.spec.name] = {
          count: c.count,
          completed: c.count,
          p50: seconds(0.5),
          p95: seconds(0.95),
          p99: seconds(0.99),
          max: c.count > 0 ? round6(c.latencyUs.max / US_PER_SECOND) : null,
          hostsAsked: c.hostsAsked,
          hostsMissed: c.hostsMissed,
          linesMissed: c.linesMissed,
          bytesScanned: Math.round(c.bytesScanned),
          needlesAsked: c.needlesAsked,
          found:
            c.spec.query.kind === 'needle' && c.needlesAsked > 0
              ? round6(c.needlesFound / c.needlesAsked)
              : null,
        };
      }
      return out;
    },
  };
}
