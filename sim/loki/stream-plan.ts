/**
 * How a cohort's push splits into Loki streams (decisions 05, 06): the label
 * design turns one request — a contiguous range of one source's lines, as
 * counts — into per-stream parts.
 *
 *   request (lines, errors, needles)
 *     │ by level: errors exactly (request.errors; needles ride at level error),
 *     │           debug/info/warn by the service's shares (largest remainder)
 *     │ by label values: static labels (service, env, level, anything not a
 *     │           field) give one value; a field promoted to a label (request_id,
 *     │           user_id) or host/pod gives a STREAM GROUP with a value space
 *     │           (stream-group.ts), whose id carries the churn epoch
 *     │ by shard: above shard_streams.desired_rate a stream is split into
 *     │           ceil(rate ÷ desired) shards (`__stream_shard__`)
 *     ▼
 *   parts: [{ stream id, labels, ring token, value space?, lines, needles }]
 *
 * Shards. Loki's distributor deals every push's entries over all n shards of
 * a stream. Here a request stands for a whole cohort's pushes, and n grows
 * with the fleet (the stream's rate ÷ desired_rate), so dealing each request
 * over every shard would make a push cost O(hosts) and a run O(hosts²).
 * Instead each request's share of a sharded stream goes whole to one shard,
 * the shards taking turns (round robin per base stream). Each shard still
 * receives 1/n of the stream's lines and bytes, at the same rate and over
 * the same time span, so its chunks fill, cut and flush as they would; what
 * differs is only which shard's chunk holds a given line (a needle rides
 * with its request's share: still exactly one chunk of one shard). A
 * shard's pushes are a cohort's rather than one host's, far under the
 * per-stream burst (15 MiB by default).
 *
 * Label sets and ids are cached by a short key, so a push costs a few map
 * lookups per part, not a hash of the label text.
 */
import { LEVELS, levelCounts, type Level } from '../workload/level-mix.ts';
import type { ValueSpace } from './distinct-values.ts';
import { labelSet, type LabelSet } from './label-set.ts';
import { ringTokenOf, streamIdOf, type StreamId } from './stream-id.ts';

/** A field that can be promoted to a label. */
export interface FieldDesign {
  readonly space: ValueSpace;
  /** The value set is renewed this often (µs; 0 = never), e.g. pod names. */
  readonly churnEveryUs: number;
  /** The value set is renewed at every deploy of the service. */
  readonly churnOnDeploy: boolean;
}

/** One service's label design. */
export interface ServiceLabelDesign {
  readonly service: string;
  /** Label names from the start. */
  readonly labels: readonly string[];
  /** Labels a deploy adds from its instant on (sorted by time). */
  readonly deploys: readonly {
    readonly atUs: number;
    readonly addLabels: readonly string[];
    readonly removeLabels: readonly string[];
  }[];
  readonly fields: Readonly<Record<string, FieldDesign>>;
  /** Level shares (sum 1). */
  readonly levels: Readonly<Record<Level, number>>;
  /** Value of the `env` label. */
  readonly env: string;
}

export type { Level } from '../workload/level-mix.ts';
const NO_LEVEL: readonly undefined[] = [undefined];

/** A stream (or stream group) a request writes to. */
export interface StreamInfo {
  readonly id: StreamId;
  readonly labels: LabelSet;
  readonly token: number;
  /** Set for a stream group; undefined for an ordinary stream. */
  readonly space: ValueSpace | undefined;
  /** The stream before sharding (the rate store's key). */
  readonly baseKey: string;
}

/** One stream's share of a request. */
export interface StreamPart {
  readonly stream: StreamInfo;
  /** Lines of the share that are not needles. */
  readonly plainLines: number;
  /** Needle offsets of the share. */
  readonly needles: readonly number[];
}

/** What the plan needs to know about a request. */
export interface PlanInput {
  readonly service: string;
  /** The cohort's first host and host count (for host/pod labels). */
  readonly firstHost: number;
  readonly hosts: number;
  readonly lines: number;
  readonly errors: number;
  readonly needles: readonly number[];
  readonly bytes: number;
  readonly nowUs: number;
}

/** Per base stream byte rate over fixed one-minute windows, as Loki's rate store (for automatic sharding). */
export class StreamRates {
  private readonly byKey = new Map<string, { window: number; current: number; previous: number }>();
  static readonly WINDOW_US = 60_000_000;

  add(key: string, bytes: number, nowUs: number): void {
    const e = this.entry(key, nowUs);
    e.current += bytes;
  }

  /** Bytes per second over the last complete window. */
  rateOf(key: string, nowUs: number): number {
    return (this.entry(key, nowUs).previous * 1e6) / StreamRates.WINDOW_US;
  }

  private entry(key: string, nowUs: number): { window: number; current: number; previous: number } {
    const w = Math.floor(nowUs / StreamRates.WINDOW_US);
    let e = this.byKey.get(key);
    if (e === undefined) {
      e = { window: w, current: 0, previous: 0 };
      this.byKey.set(key, e);
    } else if (e.window !== w) {
      e.previous = e.window === w - 1 ? e.current : 0;
      e.current = 0;
      e.window = w;
    }
    return e;
  }
}

/** Sharding settings (shard_streams). */
export interface ShardingConfig {
  readonly enabled: boolean;
  readonly desiredRateBytesPerSec: number;
}

/** Splits requests into stream parts for a fleet's label design. */
export class StreamPlan {
  private readonly cache = new Map<string, StreamInfo>();
  /** Shares sent so far per base stream: which shard takes the next one. */
  private readonly turns = new Map<string, number>();
  private readonly designs = new Map<string, ServiceLabelDesign>();
  readonly rates = new StreamRates();

  constructor(
    designs: readonly ServiceLabelDesign[],
    private readonly sharding: ShardingConfig,
    private readonly tenant = '',
  ) {
    for (const d of designs) this.designs.set(d.service, d);
  }

  /** Every stream id the plan has produced, in creation order (for the index). */
  streams(): IterableIterator<StreamInfo> {
    return this.cache.values();
  }

  private readonly namesCache = new Map<string, string[]>();
  private readonly fixedNames = new Map<ServiceLabelDesign, string[]>();

  /** The label names of a service at an instant (after the deploys before it); cached per deploy count. */
  labelsAt(design: ServiceLabelDesign, nowUs: number): string[] {
    // Without deploys the names never change: no key to build per push.
    if (design.deploys.length === 0) {
      let fixed = this.fixedNames.get(design);
      if (fixed === undefined) {
        fixed = [...new Set(design.labels)];
        this.fixedNames.set(design, fixed);
      }
      return fixed;
    }
    const cacheKey = `${design.service}#${deploysBefore(design, nowUs)}`;
    const cached = this.namesCache.get(cacheKey);
    if (cached !== undefined) return cached;
    const names = new Set(design.labels);
    for (const d of design.deploys) {
      if (d.atUs > nowUs) break;
      for (const n of d.addLabels) names.add(n);
      for (const n of d.removeLabels) names.delete(n);
    }
    const out = [...names];
    this.namesCache.set(cacheKey, out);
    return out;
  }

  /** Splits a request into stream parts, in a fixed order (level, then shard). */
  split(input: PlanInput): StreamPart[] {
    const design = this.designs.get(input.service);
    if (design === undefined) throw new Error(`no label design for service ${input.service}`);
    const names = this.labelsAt(design, input.nowUs);
    const byLevel = names.includes('level');
    const counts = levelCounts(design, input.lines, input.errors, input.needles.length);
    const parts: StreamPart[] = [];
    const levels: readonly (Level | undefined)[] = byLevel ? LEVELS : NO_LEVEL;
    for (const level of levels) {
      const lines = level === undefined ? input.lines : counts[level];
      if (lines <= 0) continue;
      const needles = level === 'error' || level === undefined ? input.needles : [];
      const base = this.streamFor(design, names, level, input, undefined);
      const bytes = input.lines > 0 ? (input.bytes * lines) / input.lines : 0;
      this.rates.add(base.baseKey, bytes, input.nowUs);
      const shards = this.shardsFor(base.baseKey, input.nowUs);
      if (shards <= 1) {
        parts.push({ stream: base, plainLines: lines - needles.length, needles });
        continue;
      }
      // The whole share goes to one shard, the next in turn (see "Shards" above).
      const turn = this.turns.get(base.baseKey) ?? 0;
      this.turns.set(base.baseKey, turn + 1);
      parts.push({
        stream: this.streamFor(design, names, level, input, turn % shards),
        plainLines: lines - needles.length,
        needles,
      });
    }
    return parts;
  }

  private shardsFor(baseKey: string, nowUs: number): number {
    if (!this.sharding.enabled) return 1;
    const rate = this.rates.rateOf(baseKey, nowUs);
    return Math.max(1, Math.ceil(rate / this.sharding.desiredRateBytesPerSec));
  }

  /**
   * Streams of label-name lists that hold no field and no host/pod label, by
   * level and shard: their label set depends on nothing else, so a push finds
   * them without building a key (the list is the one labelsAt cached).
   */
  private readonly staticStreams = new Map<readonly string[], Map<number, StreamInfo> | null>();

  private streamFor(
    design: ServiceLabelDesign,
    names: readonly string[],
    level: Level | undefined,
    input: PlanInput,
    shard: number | undefined,
  ): StreamInfo {
    let fixed = this.staticStreams.get(names);
    if (fixed === undefined) {
      const dynamic = names.some((n) => design.fields[n] !== undefined || n === 'host' || n === 'pod');
      fixed = dynamic ? null : new Map();
      this.staticStreams.set(names, fixed);
    }
    if (fixed === null) return this.streamByKey(design, names, level, input, shard);
    const slot =
      (level === undefined ? 0 : LEVELS.indexOf(level) + 1) + 5 * (shard === undefined ? 0 : shard + 1);
    let info = fixed.get(slot);
    if (info === undefined) {
      info = this.streamByKey(design, names, level, input, shard);
      fixed.set(slot, info);
    }
    return info;
  }

  private streamByKey(
    design: ServiceLabelDesign,
    names: readonly string[],
    level: Level | undefined,
    input: PlanInput,
    shard: number | undefined,
  ): StreamInfo {
    // The key names everything that decides the label set.
    const epochs: string[] = [];
    let hostPart = '';
    for (const n of names) {
      const f = design.fields[n];
      if (f !== undefined) epochs.push(`${n}:${epochOf(design, f, input.nowUs)}`);
      else if (n === 'host' || n === 'pod') {
        hostPart = `${input.firstHost}+${input.hosts}`;
        if (n === 'pod') epochs.push(`pod:${deploysBefore(design, input.nowUs)}`);
      }
    }
    const baseKey = `${design.service}|${level ?? '*'}|${names.join(',')}|${epochs.join(',')}|${hostPart}`;
    const key = shard === undefined ? baseKey : `${baseKey}|${shard}`;
    let info = this.cache.get(key);
    if (info !== undefined) return info;
    const pairs: [string, string][] = [];
    let space: { cardinality: number; popularity: 'uniform' | 'zipf' } | undefined;
    const widen = (s: ValueSpace): void => {
      space =
        space === undefined
          ? { cardinality: s.cardinality, popularity: s.popularity }
          : {
              cardinality: space.cardinality * s.cardinality,
              popularity: space.popularity === 'zipf' || s.popularity === 'zipf' ? 'zipf' : 'uniform',
            };
    };
    for (const n of names) {
      const f = design.fields[n];
      if (n === 'service') pairs.push([n, design.service]);
      else if (n === 'env') pairs.push([n, design.env]);
      else if (n === 'level') pairs.push([n, level ?? 'info']);
      else if (f !== undefined) {
        // A placeholder value: the group stands for every value of the space in this epoch.
        pairs.push([n, `<${n}:${epochOf(design, f, input.nowUs)}>`]);
        widen(f.space);
      } else if (n === 'host' || n === 'pod') {
        pairs.push([n, `<${n}:${hostPart}:${n === 'pod' ? deploysBefore(design, input.nowUs) : 0}>`]);
        widen({ cardinality: input.hosts, popularity: 'uniform' });
      } else pairs.push([n, 'default']);
    }
    if (shard !== undefined) pairs.push(['__stream_shard__', String(shard)]);
    const labels = labelSet(pairs);
    // A "group" of one value is an ordinary stream.
    const grouped =
      space !== undefined && (space as ValueSpace).cardinality > 1 ? (space as ValueSpace) : undefined;
    info = {
      id: streamIdOf(labels, this.tenant),
      labels,
      token: ringTokenOf(labels, this.tenant),
      space: grouped,
      baseKey,
    };
    this.cache.set(key, info);
    return info;
  }
}

function deploysBefore(design: ServiceLabelDesign, nowUs: number): number {
  let n = 0;
  for (const d of design.deploys) if (d.atUs <= nowUs) n++;
  return n;
}

function epochOf(design: ServiceLabelDesign, f: FieldDesign, nowUs: number): number {
  const timed = f.churnEveryUs > 0 ? Math.floor(nowUs / f.churnEveryUs) : 0;
  return f.churnOnDeploy ? timed * 1000 + deploysBefore(design, nowUs) : timed;
}
