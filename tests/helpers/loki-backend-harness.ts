/**
 * A LokiBackend driven directly, without agents or YAML: each source is its
 * own service with one stream (label `service` only), so a push is one
 * stream's write and its answer is that stream's quorum verdict. Tests push
 * by hand at chosen instants and read the answers; the sink counts what the
 * backend settles.
 */
import type { DeliverySink, PushOutcome, PushRequest } from '../../sim/backend/push.ts';
import { Simulation } from '../../sim/engine/simulation.ts';
import { DEFAULT_INGESTER_CONFIG } from '../../sim/loki/ingester.ts';
import { tenantLimits } from '../../sim/loki/limits.ts';
import { LokiBackend } from '../../sim/loki/loki-backend.ts';
import type { LokiFault } from '../../sim/loki/loki-faults.ts';
import { DEFAULT_OBJECT_STORE_CONFIG } from '../../sim/loki/object-store.ts';
import type { ServiceLabelDesign } from '../../sim/loki/stream-plan.ts';

export interface Harness {
  readonly sim: Simulation;
  readonly backend: LokiBackend;
  readonly settled: { delivered: number; lost: number; retracted: number };
  /** Pushes `lines` lines of 100 B from `source` now and returns the backend's answer (undefined: no answer). */
  push(source: number, lines?: number): PushOutcome | undefined;
}

export interface HarnessOptions {
  readonly seed: number | string;
  readonly ingesters: number;
  readonly sources: number;
  readonly faults?: readonly LokiFault[];
  readonly walEnabled?: boolean;
}

export function lokiHarness(o: HarnessOptions): Harness {
  const sim = new Simulation(o.seed);
  const settled = { delivered: 0, lost: 0, retracted: 0 };
  const sink: DeliverySink = {
    deliver: (_s, start, end) => {
      settled.delivered += end - start;
      return end - start;
    },
    lose: (_s, start, end) => {
      settled.lost += end - start;
      return end - start;
    },
    retract: (_s, start, end) => {
      settled.retracted += end - start;
      return end - start;
    },
  };
  const designs: ServiceLabelDesign[] = Array.from({ length: o.sources }, (_, i) => ({
    service: `svc-${i}`,
    labels: ['service'],
    deploys: [],
    fields: {},
    levels: { debug: 0, info: 1, warn: 0, error: 0 },
    env: 'test',
  }));
  const backend = new LokiBackend(
    sim,
    {
      distributors: 3,
      ingesters: o.ingesters,
      replicationFactor: 3,
      tokensPerIngester: 128,
      ingester: { ...DEFAULT_INGESTER_CONFIG, walEnabled: o.walEnabled ?? true },
      limits: tenantLimits({ ingestionRateBytesPerSec: 2 ** 30, ingestionBurstBytes: 2 ** 30 }),
      objectStore: DEFAULT_OBJECT_STORE_CONFIG,
      designs,
      shardStreams: false,
      faults: o.faults ?? [],
      indexBytesPerSeriesOverhead: 16,
      indexBytesPerChunk: 24,
    },
    sink,
    {
      info: (source) => ({ service: `svc-${source}`, firstHost: 0, hosts: 1 }),
      emitTimeOf: () => sim.now,
    },
  );
  const next = new Map<number, number>();
  let id = 0;
  const push = (source: number, lines = 1): PushOutcome | undefined => {
    const start = next.get(source) ?? 0;
    next.set(source, start + lines);
    const req: PushRequest = {
      id: id++,
      source,
      startOffset: start,
      endOffset: start + lines,
      lines,
      bytes: lines * 100,
      errors: 0,
      needles: [],
      minEmitUs: sim.now,
      maxEmitUs: sim.now,
      hosts: 1,
      sentAtUs: sim.now,
      attempt: 0,
      outcome: undefined,
    };
    let answer: PushOutcome | undefined;
    backend.receive(req, { reply: (r) => (answer = r.outcome) });
    return answer;
  };
  return { sim, backend, settled, push };
}
