/**
 * The Elasticsearch-style write path (decisions 04, 05, 06, 10).
 *
 *   bulk ─▶ coordinating node ─▶ split by hash(_routing) mod shards (shard-routing.ts)
 *             │ per shard part: primary's write pool (data-node.ts) ─▶ each in-sync replica's pool
 *             ▼
 *           ack when every copy of every part is done ─▶ mapping (mapping.ts) ─▶ deliver / lose
 *             │                                                │
 *             ▼                                                ▼
 *           translog (translog.ts: what a crash loses)     disk (index-size.ts) ─▶ watermarks
 *
 * A bulk is answered as a whole: any part that cannot start (red shard, too
 * few active copies, a full write queue, a flood-stage block) refuses the
 * whole bulk with a retryable status and nothing is indexed. (Elasticsearch
 * answers per item; an agent re-sends a bulk's failed items, which this
 * whole-bulk answer approximates without indexing half a bulk twice.)
 * Mapping rejections are per document, and final (400).
 */
import { round4 } from '../metrics/report-rounding.ts';
import { binomial } from '../engine/distributions.ts';
import { levelCounts } from '../workload/level-mix.ts';
import type { ServiceDesign } from '../workload/fleet-design.ts';
import type { RandomStream } from '../engine/rng.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { LossCause } from '../ledger/loss-cause.ts';
import type {
  DeliverySink,
  IngestBackend,
  PushOutcome,
  PushReplyTarget,
  PushRequest,
} from '../backend/push.ts';
import type { SourceDirectory } from '../backend/source-directory.ts';
import type { BackingIndex } from './backing-index.ts';
import { DataNode, type NodeCosts } from './data-node.ts';
import { IndexSeries, type IndexPattern } from './index-series.ts';
import type { SearchCluster } from './search-coordinator.ts';
import { SearchPool } from './search-pool.ts';
import { storedBytes, type Codec, type DocumentShape, type IndexMode } from './index-size.ts';
import { Mapping, type DynamicMapping } from './mapping.ts';
import { ShardCopies, type Health } from './shard-copies.ts';
import { splitOverShards, type RoutingKey, type ShardPart } from './shard-routing.ts';
import { Translog } from './translog.ts';
import {
  CoordinatingBytes,
  pressureLimits,
  type HeldBulk,
  type PressureLimits,
} from './indexing-pressure.ts';
import { mappingHeapBytes, parentBreakerTrips, PARENT_BREAKER_SHARE } from './parent-breaker.ts';

/** A window during which some lines of a service carry something the mapping reacts to. */
export interface DocumentFault {
  readonly fromUs: number;
  readonly toUs: number;
  /** undefined: every service. */
  readonly service: string | undefined;
  readonly share: number;
}

export interface ElasticConfig {
  readonly nodes: number;
  readonly costs: NodeCosts;
  readonly diskBytes: number;
  readonly heapBytes: number;
  /** `indexing_pressure.memory.limit` as a share of the heap. */
  readonly indexingPressureShare: number;
  /** Dedicated coordinating-only nodes (0: the data nodes coordinate) and the heap of each. */
  readonly coordinatingNodes: number;
  readonly coordinatingHeapBytes: number;
  readonly shards: number;
  readonly replicas: number;
  readonly routing: RoutingKey;
  readonly waitForActiveShards: number;
  readonly refreshIntervalUs: number;
  readonly durability: 'request' | 'async';
  readonly syncIntervalUs: number;
  readonly codec: Codec;
  /** `index.mode`: standard, or logsdb (synthetic _source, sorted, ZSTD). */
  readonly mode: IndexMode;
  readonly documents: 'string' | 'map';
  readonly dynamic: DynamicMapping;
  readonly totalFieldsLimit: number;
  readonly initialFields: number;
  readonly writeQueueSize: number;
  /** Daily indices, or a data stream rolled over by ILM. */
  readonly pattern: IndexPattern;
  /** Shard copies other indices already hold (they count toward the limit). */
  readonly existingShardCopies: number;
  /** cluster.max_shards_per_node. */
  readonly maxShardsPerNode: number;
  /** Width of the @timestamp buckets documents are counted in for search. */
  readonly searchBucketUs: number;
  readonly searchThreads: number;
  readonly searchQueueSize: number;
  /** The fleet's services, in order (documents are counted per service). */
  readonly services: readonly ServiceDesign[];
  readonly watermarks: { readonly low: number; readonly high: number; readonly flood: number };
  readonly delayedTimeoutUs: number;
  readonly recoveryBytesPerSec: number;
  /** Per service: how its documents are indexed. */
  readonly shapes: ReadonlyMap<string, DocumentShape>;
  readonly fieldGrowth: readonly DocumentFault[];
  readonly typeConflicts: readonly DocumentFault[];
}

interface PendingBulk {
  readonly request: PushRequest;
  readonly replyTo: PushReplyTarget;
  readonly index: BackingIndex;
  /** Parts by shard of `index`; `slots[i]` is where part i's shard lives. */
  readonly parts: readonly ShardPart[];
  readonly slots: readonly number[];
  /** Nodes holding work of this bulk: a crash of any of them fails it. */
  readonly nodes: readonly number[];
  /** Its bytes on the coordinating stage, released when it is answered. */
  readonly held: HeldBulk;
  failed: boolean;
}

/** Why a bulk was refused whole (the Elasticsearch error type, or what caused it). */
type Refusal =
  | 'es_rejected_execution_exception'
  | 'circuit_breaking_exception'
  | 'unavailable_shards_exception'
  | 'cluster_block_exception'
  | 'node_left'
  | 'index_creation_refused';

const OK: PushOutcome = Object.freeze({ kind: 'ok' });
/** A service the scenario does not describe (a test's bare source): every line is info. */
const NO_LEVELS = Object.freeze({ debug: 0, info: 1, warn: 0, error: 0 });

export class ElasticBackend implements IngestBackend, SearchCluster {
  readonly kind = 'elasticsearch';
  private readonly nodes: DataNode[];
  private readonly pools: SearchPool[];
  readonly series: IndexSeries;
  private readonly serviceIndex = new Map<string, number>();
  private readonly copies: ShardCopies;
  private readonly translog: Translog;
  private readonly mapping: Mapping;
  private readonly routingRng: RandomStream;
  private readonly mappingRng: RandomStream;
  private readonly pending = new Map<number, PendingBulk>();
  /** Bytes on disk of one copy of each shard (index structures + _source). */
  private readonly shardBytes: Float64Array;
  /** Bytes each node holds of each shard (node × shard). */
  private readonly heldBytes: Float64Array;
  private readonly ackHandler = (bulk: PendingBulk): void => this.ack(bulk);
  private floodBlocked = false;
  /** Data nodes up. */
  private aliveNodes: number;
  private health: Health = 'green';
  private healthSinceUs = 0;
  private readonly healthUs: Record<Health, number> = { green: 0, yellow: 0, red: 0 };
  // Figures for the report.
  private bulksAccepted = 0;
  private readonly refused: Record<Refusal, number> = {
    es_rejected_execution_exception: 0,
    circuit_breaking_exception: 0,
    unavailable_shards_exception: 0,
    cluster_block_exception: 0,
    node_left: 0,
    index_creation_refused: 0,
  };
  private readonly rejectedDocs: Record<string, number> = {
    mapping_field_limit: 0,
    mapping_strict: 0,
    mapping_type_conflict: 0,
  };
  /** Indexing pressure: bulk bytes on the coordinating stage, the limits, and refusals by stage. */
  private readonly coordinating = new CoordinatingBytes();
  private readonly dataLimits: PressureLimits;
  private readonly coordinatorLimits: PressureLimits;
  private readonly pressureRejections = { coordinating: 0, primary: 0, replica: 0 };
  /** Peak bytes of indexing work one data node held (coordinating share + primary + replica). */
  private nodeIndexingBytesPeak = 0;
  private docsIndexed = 0;
  private rawBytesIndexed = 0;
  private indexStructureBytes = 0;
  private storedSourceBytes = 0;
  private readonly shardDocs: Float64Array;
  private parsedAtIngest = 0;
  /** Scratch rows of receive(): operations and bytes per node, and which bulk last touched a node. */
  private readonly scratchOps: Float64Array;
  private readonly scratchBytes: Float64Array;
  private readonly scratchReplicaBytes: Float64Array;
  /** Raw bytes of each part of the bulk in receive(), by part (at most one part per shard). */
  private readonly partBytes: Float64Array;
  private readonly touchedStamp: Float64Array;
  private bulkStamp = 0;
  private parsedAtQuery = 0;
  private runtimeParseUs = 0;
  private refreshWaitSumUs = 0;
  private refreshWaitMaxUs = 0;
  private translogLost = 0;
  private recoveries = 0;
  private recoveryBytes = 0;
  private diskSharePeak = 0;
  private floodStageAtUs: number | undefined;
  private floodBlockedUs = 0;
  private floodSinceUs = 0;
  private crashes = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly config: ElasticConfig,
    private readonly sink: DeliverySink,
    private readonly sources: SourceDirectory,
  ) {
    this.nodes = Array.from(
      { length: config.nodes },
      (_, i) => new DataNode(i, config.costs, config.diskBytes),
    );
    this.aliveNodes = config.nodes;
    this.scratchOps = new Float64Array(config.nodes);
    this.scratchBytes = new Float64Array(config.nodes);
    this.scratchReplicaBytes = new Float64Array(config.nodes);
    this.partBytes = new Float64Array(config.shards);
    this.dataLimits = pressureLimits(config.heapBytes, config.indexingPressureShare);
    this.coordinatorLimits = pressureLimits(config.coordinatingHeapBytes, config.indexingPressureShare);
    this.touchedStamp = new Float64Array(config.nodes);
    this.pools = this.nodes.map((n) => new SearchPool(sim, n, config.searchThreads, config.searchQueueSize));
    config.services.forEach((svc, i) => this.serviceIndex.set(svc.name, i));
    this.series = new IndexSeries({
      pattern: config.pattern,
      shards: config.shards,
      replicas: config.replicas,
      existingCopies: config.existingShardCopies,
      maxCopies: config.maxShardsPerNode * config.nodes,
      services: Math.max(1, config.services.length),
      bucketUs: config.searchBucketUs,
    });
    this.copies = new ShardCopies(config.shards, config.replicas, config.nodes);
    this.translog = new Translog(config.shards, config.durability, config.syncIntervalUs);
    this.mapping = new Mapping(config.dynamic, config.totalFieldsLimit, config.initialFields);
    this.routingRng = sim.random.stream('elastic/routing');
    this.mappingRng = sim.random.stream('elastic/mapping');
    this.shardBytes = new Float64Array(config.shards);
    this.shardDocs = new Float64Array(config.shards);
    this.heldBytes = new Float64Array(config.nodes * config.shards);
    this.health = this.copies.health();
  }

  receive(request: PushRequest, replyTo: PushReplyTarget): void {
    const now = this.sim.now;
    const index = this.series.target(request.minEmitUs, now);
    if (index === undefined) {
      // Nothing to write into: the index (or the data stream's first backing index) was never created.
      this.refused.index_creation_refused++;
      const lost = request.endOffset - request.startOffset;
      this.sink.lose(request.source, request.startOffset, request.endOffset, 'rejected_max_shards');
      request.outcome = { kind: 'rejected', status: 400, cause: 'rejected_max_shards', lines: lost };
      replyTo.reply(request);
      return;
    }
    if (this.floodBlocked)
      return this.refuse(
        request,
        replyTo,
        429,
        'cluster_block_exception',
        'flood-stage watermark: index read-only',
      );
    const parts = splitOverShards(
      this.routingRng,
      request.startOffset,
      request.endOffset,
      this.config.shards,
      this.routingValue(request.source),
    );
    // The cohort's hosts each send one bulk, and a host's bulk becomes a shard-level operation on
    // each shard it has a document for: with routing by _id, a bulk of m documents misses a given
    // shard with probability (1 − 1/S)^m, so many shards and small bulks give fewer, tinier operations.
    const hosts = Math.max(1, request.hosts);
    const perHost = request.lines / hosts;
    const S = this.config.shards;
    const ops =
      parts.length === 1 && this.config.routing !== '_id'
        ? hosts
        : Math.max(1, Math.round(hosts * (1 - Math.pow(1 - 1 / S, perHost))));
    const slots = parts.map((part) => this.series.slotOf(index, part.shard));
    const c = this.config;

    // Coordinating stage: each host's bulk lands on one coordinating node (clients spread them over
    // the dedicated coordinating nodes, or over the data nodes), which holds it until it is answered.
    const dedicated = c.coordinatingNodes > 0;
    const coordinators = Math.max(1, dedicated ? c.coordinatingNodes : this.aliveNodes);
    const coordShare = this.coordinating.current(now) / coordinators;
    // What one coordinating node receives of the cohort's bulks; an idle one takes one host's at least.
    const perCoordinator = request.bytes / Math.min(hosts, coordinators);
    const coordAdd = coordShare > 0 ? perCoordinator : request.bytes / hosts;
    const mappingHeap = mappingHeapBytes(this.mapping.fields, this.series.indices.length);
    if (coordShare + coordAdd > (dedicated ? this.coordinatorLimits : this.dataLimits).bytes) {
      this.pressureRejections.coordinating++;
      return this.refuse(
        request,
        replyTo,
        429,
        'es_rejected_execution_exception',
        'rejected execution of coordinating operation (indexing pressure)',
      );
    }
    if (
      parentBreakerTrips(
        dedicated ? c.coordinatingHeapBytes : c.heapBytes,
        (dedicated ? 0 : mappingHeap) + coordShare,
        coordAdd,
      )
    )
      return this.refuse(request, replyTo, 429, 'circuit_breaking_exception', '[parent] Data too large');

    // Per node: the operations and bytes this bulk puts on it as primary and as replica (scratch rows,
    // cleared as they are read: this runs for every bulk). The nodes touched are the ones it fails with.
    const touched: number[] = [];
    const stamp = ++this.bulkStamp;
    const touch = (n: number): void => {
      if (this.touchedStamp[n] === stamp) return;
      this.touchedStamp[n] = stamp;
      touched.push(n);
    };
    const lineCount = Math.max(1, request.lines);
    for (let i = 0; i < parts.length; i++) {
      const live = this.copies.of(slots[i] as number);
      if (live.length === 0 || live.length < c.waitForActiveShards) {
        this.clearScratch(touched);
        return this.refuse(request, replyTo, 503, 'unavailable_shards_exception', 'too few active copies');
      }
      const part = parts[i] as ShardPart;
      const bytes = (request.bytes * (part.end - part.start)) / lineCount;
      this.partBytes[i] = bytes;
      const primary = live[0] as number;
      touch(primary);
      this.scratchOps[primary]! += ops;
      this.scratchBytes[primary]! += bytes;
      for (let k = 1; k < live.length; k++) {
        const n = live[k] as number;
        touch(n);
        this.scratchReplicaBytes[n]! += bytes;
      }
    }
    // Only primary operations meet a full queue (replica operations are never refused by it);
    // indexing pressure and the parent breaker check every stage. An idle node takes one host's
    // share of a cohort at least, else a cohort larger than a limit could never pass.
    let refusal: 'queue' | 'primary' | 'replica' | 'breaker' | undefined;
    let peak = 0;
    for (const n of touched) {
      const node = this.nodes[n] as DataNode;
      const nodeOps = this.scratchOps[n] as number;
      const pBytes = this.scratchBytes[n] as number;
      const rBytes = this.scratchReplicaBytes[n] as number;
      this.scratchOps[n] = this.scratchBytes[n] = this.scratchReplicaBytes[n] = 0;
      if (refusal !== undefined) continue;
      const replicaHeld = node.replicaBytes(now);
      const held = (dedicated ? 0 : coordShare) + node.primaryBytes(now) + replicaHeld;
      const share = held > 0 ? 1 : 1 / hosts;
      if (nodeOps > 0 && node.wouldOverflow(nodeOps, c.writeQueueSize, now)) refusal = 'queue';
      else if (pBytes > 0 && held + pBytes * share > this.dataLimits.bytes) refusal = 'primary';
      else if (rBytes > 0 && replicaHeld + rBytes * share > this.dataLimits.replicaBytes) refusal = 'replica';
      else if (parentBreakerTrips(c.heapBytes, mappingHeap + held, (pBytes + rBytes) * share))
        refusal = 'breaker';
      peak = Math.max(peak, held + pBytes + rBytes);
    }
    if (refusal === 'queue')
      return this.refuse(request, replyTo, 429, 'es_rejected_execution_exception', 'write queue full');
    if (refusal === 'breaker')
      return this.refuse(request, replyTo, 429, 'circuit_breaking_exception', '[parent] Data too large');
    if (refusal !== undefined) {
      this.pressureRejections[refusal]++;
      return this.refuse(
        request,
        replyTo,
        429,
        'es_rejected_execution_exception',
        `rejected execution of ${refusal} operation (indexing pressure)`,
      );
    }
    this.nodeIndexingBytesPeak = Math.max(this.nodeIndexingBytesPeak, peak);

    // Primary first, then every in-sync replica (a replica indexes the document again).
    let ackUs = now;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as ShardPart;
      const docs = part.end - part.start;
      const bytes = this.partBytes[i] as number;
      let ready = now;
      let primary = true;
      for (const n of this.copies.of(slots[i] as number)) {
        const node = this.nodes[n] as DataNode;
        ready = node.enqueue(ops, ready, node.serviceUs(ops, docs, bytes, primary), now, bytes, !primary);
        primary = false;
      }
      ackUs = Math.max(ackUs, ready);
    }
    const held = this.coordinating.hold(request.bytes, ackUs, now);
    const bulk: PendingBulk = {
      request,
      replyTo,
      index,
      parts,
      slots,
      nodes: touched,
      held,
      failed: false,
    };
    this.pending.set(request.id, bulk);
    this.sim.scheduleAt(ackUs, this.ackHandler, bulk);
  }

  private clearScratch(nodes: readonly number[]): void {
    for (const n of nodes) this.scratchOps[n] = this.scratchBytes[n] = this.scratchReplicaBytes[n] = 0;
  }

  private refuse(
    request: PushRequest,
    replyTo: PushReplyTarget,
    status: number,
    kind: Refusal,
    reason: string,
  ): void {
    this.refused[kind]++;
    request.outcome = { kind: 'retry', status, reason: `${kind}: ${reason}` };
    replyTo.reply(request);
  }

  private routingValue(source: number): string | undefined {
    switch (this.config.routing) {
      case '_id':
        return undefined;
      case 'service':
        return this.sources.info(source).service;
      case 'host': {
        // A cohort's hosts ship in lockstep; its first host names the cohort's routing value.
        const info = this.sources.info(source);
        return `${info.service}/${info.firstHost}`;
      }
    }
  }

  private ack(bulk: PendingBulk): void {
    if (bulk.failed) return;
    this.pending.delete(bulk.request.id);
    const now = this.sim.now;
    const { request } = bulk;
    const service = this.sources.info(request.source).service;
    const lines = request.endOffset - request.startOffset;

    // Mapping verdicts, per document, judged in ack order so the field count is exact.
    const conflicts =
      this.config.documents === 'map' ? this.draw(this.config.typeConflicts, service, lines, now) : 0;
    const withNewKey = this.draw(this.config.fieldGrowth, service, lines - conflicts, now);
    const verdict = this.mapping.judge(withNewKey);
    this.mapping.commit(verdict, now);
    const rejected = conflicts + verdict.overLimit + verdict.strict;
    const acceptedEnd = request.endOffset - rejected;

    // The rejected documents are the bulk's last ones (which offsets is arbitrary; see shard-routing.ts).
    if (rejected > 0) {
      let at = acceptedEnd;
      at = this.settleRejected(request.source, at, verdict.overLimit, 'mapping_field_limit');
      at = this.settleRejected(request.source, at, verdict.strict, 'mapping_strict');
      this.settleRejected(request.source, at, conflicts, 'mapping_type_conflict');
    }
    if (acceptedEnd > request.startOffset)
      this.sink.deliver(request.source, request.startOffset, acceptedEnd);

    const accepted = acceptedEnd - request.startOffset;
    const rawBytes = (request.bytes * accepted) / Math.max(1, lines);
    const shape = this.config.shapes.get(service) ?? { lowCardinalityFields: 0, uniqueFields: 0 };
    const known = this.serviceIndex.get(service);
    const design = known === undefined ? undefined : this.config.services[known];
    const serviceIdx = known ?? 0;
    // Searchable at the next refresh: the lag past durability, reported apart from it.
    const ri = this.config.refreshIntervalUs;
    const searchableAtUs = ri > 0 ? Math.ceil(now / ri) * ri : now;
    // Levels of the accepted documents, once per bulk; each shard's part takes its share of them.
    let acceptedNeedles = 0;
    for (const offset of request.needles) if (offset < acceptedEnd) acceptedNeedles++;
    const levels = levelCounts(
      design ?? { levels: NO_LEVELS },
      accepted,
      Math.min(request.errors, accepted),
      acceptedNeedles,
    );
    for (let i = 0; i < bulk.parts.length; i++) {
      const part = bulk.parts[i] as ShardPart;
      const slot = bulk.slots[i] as number;
      const end = Math.min(part.end, acceptedEnd);
      if (end <= part.start) continue;
      const docs = end - part.start;
      const raw = (rawBytes * docs) / Math.max(1, accepted);
      const { index: idx, source: src } = storedBytes(docs, raw, shape, this.config.codec, this.config.mode);
      this.indexStructureBytes += idx;
      this.storedSourceBytes += src;
      this.shardBytes[slot]! += idx + src;
      this.shardDocs[slot]! += docs;
      for (const n of this.copies.of(slot)) this.addHeld(n, slot, idx + src);
      // What the search path counts: documents by service, level and @timestamp; needles by offset.
      for (const offset of request.needles) {
        if (offset < part.start || offset >= end) continue;
        bulk.index.addNeedle({
          tsUs: Math.round(this.sources.emitTimeOf(request.source, offset)),
          shard: part.shard,
          service: serviceIdx,
          source: request.source,
          offset,
          searchableAtUs,
        });
      }
      const levelShare = docs / accepted;
      bulk.index.add(
        part.shard,
        serviceIdx,
        docs,
        levels,
        levelShare,
        raw,
        idx + src,
        request.minEmitUs,
        request.maxEmitUs,
      );
      if (this.translog.keepsParts)
        this.translog.append(
          slot,
          {
            source: request.source,
            start: part.start,
            end,
            index: bulk.index,
            shard: part.shard,
            service: serviceIdx,
            levels,
            levelShare,
            raw,
            stored: idx + src,
            minTsUs: request.minEmitUs,
            maxTsUs: request.maxEmitUs,
          },
          now,
        );
    }
    if (this.config.costs.parseUsPerDoc > 0) this.parsedAtIngest += accepted;
    this.docsIndexed += accepted;
    this.rawBytesIndexed += rawBytes;
    this.bulksAccepted++;

    const waitUs = searchableAtUs - now;
    this.refreshWaitSumUs += waitUs * accepted;
    this.refreshWaitMaxUs = Math.max(this.refreshWaitMaxUs, waitUs);

    this.checkWatermarks(now);
    request.outcome =
      rejected === 0
        ? OK
        : {
            kind: 'rejected',
            status: 400,
            cause:
              verdict.overLimit > 0
                ? 'mapping_field_limit'
                : verdict.strict > 0
                  ? 'mapping_strict'
                  : 'mapping_type_conflict',
            lines: rejected,
          };
    bulk.replyTo.reply(request);
  }

  /** Loses `n` refused documents of `source` from offset `at`; returns the offset after them. */
  private settleRejected(source: number, at: number, n: number, cause: LossCause): number {
    if (n === 0) return at;
    this.sink.lose(source, at, at + n, cause);
    this.rejectedDocs[cause] = (this.rejectedDocs[cause] ?? 0) + n;
    return at + n;
  }

  /** Lines of a bulk of `service` hit by the active windows of `faults` (binomial per window). */
  private draw(faults: readonly DocumentFault[], service: string, lines: number, now: number): number {
    let hit = 0;
    for (const f of faults) {
      if (now < f.fromUs || now >= f.toUs || (f.service !== undefined && f.service !== service)) continue;
      hit += binomial(this.mappingRng, lines - hit, f.share);
    }
    return hit;
  }

  private addHeld(node: number, shard: number, bytes: number): void {
    this.heldBytes[node * this.config.shards + shard]! += bytes;
    (this.nodes[node] as DataNode).diskBytes += bytes;
  }

  private setHeld(node: number, shard: number, bytes: number): void {
    const k = node * this.config.shards + shard;
    (this.nodes[node] as DataNode).diskBytes += bytes - (this.heldBytes[k] as number);
    this.heldBytes[k] = bytes;
  }

  /** Flood stage: the index turns read-only until every node is back below the high watermark. */
  private checkWatermarks(now: number): void {
    let max = 0;
    for (const n of this.nodes) max = Math.max(max, n.diskShare());
    this.diskSharePeak = Math.max(this.diskSharePeak, max);
    const w = this.config.watermarks;
    if (!this.floodBlocked && max >= w.flood) {
      this.floodBlocked = true;
      this.floodSinceUs = now;
      this.floodStageAtUs ??= now;
    } else if (this.floodBlocked && max < w.high) {
      this.floodBlocked = false;
      this.floodBlockedUs += now - this.floodSinceUs;
    }
  }

  /** Every data node gets `bytes` more disk. */
  growDisk(bytes: number): void {
    for (const n of this.nodes) n.diskCapacity += bytes;
    this.checkWatermarks(this.sim.now);
  }

  /** Data node `index` dies. */
  crash(index: number): void {
    const node = this.nodes[index];
    if (node === undefined || !node.alive) return;
    const now = this.sim.now;
    this.crashes++;
    this.aliveNodes--;
    node.crash();
    (this.pools[index] as SearchPool).crash();
    // Bulks with work on the node fail: the coordinating node answers with an error and the agent retries.
    for (const [id, bulk] of this.pending) {
      if (!bulk.nodes.includes(index)) continue;
      bulk.failed = true;
      this.coordinating.release(bulk.held);
      this.pending.delete(id);
      this.refused.node_left++;
      bulk.request.outcome = {
        kind: 'retry',
        status: 503,
        reason: 'node_left: a shard copy was lost mid-bulk',
      };
      bulk.replyTo.reply(bulk.request);
    }
    const red = this.copies.lose(index);
    // Shards whose last copy was on the node: what its translog had not fsynced is gone.
    for (const shard of red) {
      for (const p of this.translog.takeUnsynced(shard, now)) {
        this.translogLost += this.sink.retract(p.source, p.start, p.end, 'lost_translog_async');
        // Gone from the index too: a search no longer counts or finds them.
        const i = p.index;
        i.add(
          p.shard,
          p.service,
          p.end - p.start,
          p.levels,
          p.levelShare,
          p.raw,
          p.stored,
          p.minTsUs,
          p.maxTsUs,
          -1,
        );
        i.dropNeedles(p.source, p.start, p.end);
      }
    }
    this.updateHealth(now);
    this.sim.schedule(this.config.delayedTimeoutUs, () => this.allocateReplicas(), undefined);
  }

  /** Data node `index` is back: red shards it held return; stale copies re-sync the operations they missed. */
  restart(index: number): void {
    const node = this.nodes[index];
    if (node === undefined || node.alive) return;
    const now = this.sim.now;
    this.aliveNodes++;
    node.restart(now);
    const { resync } = this.copies.restore(index);
    for (const shard of resync) {
      const missed = Math.max(0, (this.shardBytes[shard] as number) - this.held(index, shard));
      this.startRecovery(shard, index, missed);
    }
    // Copies of shards that were fully re-replicated elsewhere meanwhile are stale: deleted.
    for (let s = 0; s < this.config.shards; s++) {
      if (!this.copies.of(s).includes(index) && !resync.includes(s)) this.setHeld(index, s, 0);
    }
    this.updateHealth(now);
  }

  private held(node: number, shard: number): number {
    return this.heldBytes[node * this.config.shards + shard] as number;
  }

  /** After the delayed timeout: each under-replicated shard gets a new copy on the least loaded eligible node. */
  private allocateReplicas(): void {
    const perNode = this.copies.copiesPerNode(this.config.nodes);
    for (const shard of this.copies.underReplicated()) {
      const holders = this.copies.of(shard);
      let best = -1;
      for (let n = 0; n < this.config.nodes; n++) {
        const node = this.nodes[n] as DataNode;
        // Above the low watermark a node takes no new shard copies.
        if (!node.alive || holders.includes(n) || node.diskShare() >= this.config.watermarks.low) continue;
        if (best < 0 || (perNode[n] as number) < (perNode[best] as number)) best = n;
      }
      if (best < 0) continue;
      perNode[best]!++;
      this.startRecovery(shard, best, (this.shardBytes[shard] as number) - this.held(best, shard));
    }
  }

  /** Copies `bytes` of `shard` onto `node` at the recovery rate (peer recovery from the primary). */
  private startRecovery(shard: number, node: number, bytes: number): void {
    this.copies.startRecovery(shard, node);
    this.recoveries++;
    this.recoveryBytes += bytes;
    const us = Math.ceil((bytes / this.config.recoveryBytesPerSec) * 1e6);
    this.sim.schedule(
      us,
      () => {
        if (!(this.nodes[node] as DataNode).alive) return;
        if (this.copies.finishRecovery(shard, node))
          this.setHeld(node, shard, this.shardBytes[shard] as number);
        this.updateHealth(this.sim.now);
        this.checkWatermarks(this.sim.now);
      },
      undefined,
    );
  }

  private updateHealth(now: number): void {
    const next = this.copies.health();
    if (next === this.health) return;
    this.healthUs[this.health] += now - this.healthSinceUs;
    this.health = next;
    this.healthSinceUs = now;
  }

  heldRanges(source: number): [number, number][] {
    const out: [number, number][] = [];
    for (const bulk of this.pending.values())
      if (bulk.request.source === source) out.push([bulk.request.startOffset, bulk.request.endOffset]);
    return out;
  }

  /** `backend` of report.json: requests and refusals. */
  report(): Record<string, unknown> {
    let busy = 0;
    for (const n of this.nodes) busy += n.busyUs;
    const now = this.sim.now;
    return {
      bulksAccepted: this.bulksAccepted,
      bulksRefused: { ...this.refused },
      writeQueuePeak: Math.max(...this.nodes.map((n) => n.queuePeak)),
      utilization: now > 0 ? round4(Math.min(1, busy / (now * this.config.nodes))) : 0,
    };
  }

  sample(): Record<string, number> {
    let max = 0;
    for (const n of this.nodes) max = Math.max(max, n.diskShare());
    return {
      'elastic.fields': this.mapping.fields,
      'elastic.diskShareMax': round4(max),
      'elastic.floodBlocked': this.floodBlocked ? 1 : 0,
    };
  }

  /** `elastic` of report.json, keys in a stable order. */
  elasticReport(): Record<string, unknown> {
    const now = this.sim.now;
    const healthUs = { ...this.healthUs };
    healthUs[this.health] += now - this.healthSinceUs;
    const floodBlockedUs = this.floodBlockedUs + (this.floodBlocked ? now - this.floodSinceUs : 0);
    const c = this.config;
    const primaryBytes = this.indexStructureBytes + this.storedSourceBytes;
    const storeBytes = primaryBytes * (1 + c.replicas);
    // Projected flood stage: the first node to reach it at its mean fill rate so far.
    let projected = this.floodStageAtUs;
    if (projected === undefined && now > 0)
      for (const n of this.nodes) {
        const perUs = n.diskBytes / now;
        if (perUs <= 0) continue;
        const at = now + (n.diskCapacity * c.watermarks.flood - n.diskBytes) / perUs;
        projected = projected === undefined ? at : Math.min(projected, at);
      }
    let maxShardBytes = 0;
    let minShardDocs = Infinity;
    let maxShardDocs = 0;
    for (const index of this.series.indices) maxShardBytes = Math.max(maxShardBytes, index.largestShardBytes);
    for (let s = 0; s < c.shards; s++) {
      minShardDocs = Math.min(minShardDocs, this.shardDocs[s] as number);
      maxShardDocs = Math.max(maxShardDocs, this.shardDocs[s] as number);
    }
    const GiB = 1024 ** 3;
    return {
      shards: c.shards,
      replicas: c.replicas,
      documents: c.documents,
      health: this.health,
      secondsYellow: round4(healthUs.yellow / 1e6),
      secondsRed: round4(healthUs.red / 1e6),
      nodeCrashes: this.crashes,
      promotions: this.copies.promotions,
      recoveries: this.recoveries,
      recoveryBytes: Math.round(this.recoveryBytes),
      docsIndexed: this.docsIndexed,
      shardDocs: Array.from(this.shardDocs),
      hotShardShare: this.docsIndexed > 0 ? round4(maxShardDocs / this.docsIndexed) : 0,
      shardDocsSpread:
        this.docsIndexed > 0 ? round4((maxShardDocs - minShardDocs) / (this.docsIndexed / c.shards)) : 0,
      rawBytes: Math.round(this.rawBytesIndexed),
      indexBytes: Math.round(this.indexStructureBytes * (1 + c.replicas)),
      sourceBytes: Math.round(this.storedSourceBytes * (1 + c.replicas)),
      storeBytes: Math.round(storeBytes),
      primaryToRawRatio: this.rawBytesIndexed > 0 ? round4(primaryBytes / this.rawBytesIndexed) : 0,
      largestShardBytes: Math.round(maxShardBytes),
      // Shard size guidance 10–50 GB (facts.md §3, Elastic size-shards).
      shardSizeGuidance: maxShardBytes < 10e9 ? 'below' : maxShardBytes <= 50e9 ? 'within' : 'above',
      shardCopiesInCluster: this.series.shardCopies,
      indexCreationRefused: this.series.creations.some((x) => x.refused),
      indices: this.series.indices.length,
      indexCreations: this.series.creations.map((x) => ({
        name: x.name,
        atSeconds: round4(x.atUs / 1e6),
        refused: x.refused,
      })),
      // ≤ 25 shards per GiB of heap (facts.md §3, AWS OpenSearch lens); 1 kB of heap per mapped field
      // per index (Elastic size-shards, "field mappers").
      heapNeededPerNodeBytes: Math.round(
        (this.series.shardCopies / c.nodes / 25) * GiB +
          this.mapping.fields * 1024 * Math.max(1, this.series.indices.length),
      ),
      heapPerNodeBytes: c.heapBytes,
      // What the data nodes' heap holds and refuses (indexing-pressure.ts, parent-breaker.ts).
      heap: {
        coordinatingNodes: c.coordinatingNodes,
        indexingPressureLimitBytes: Math.round(this.dataLimits.bytes),
        indexingBytesPeakPerNode: Math.round(this.nodeIndexingBytesPeak),
        coordinatingBytesPeak: Math.round(this.coordinating.peak),
        pressureRejections: { ...this.pressureRejections },
        mappingHeapBytes: mappingHeapBytes(this.mapping.fields, this.series.indices.length),
        parentBreakerLimitBytes: Math.round(c.heapBytes * PARENT_BREAKER_SHARE),
        breakerTrips: this.refused.circuit_breaking_exception,
      },
      mappingFields: this.mapping.fields,
      mappingLimitReachedSeconds:
        this.mapping.reachedLimitAtUs !== undefined ? round4(this.mapping.reachedLimitAtUs / 1e6) : null,
      mappingFirstLimitRefusalSeconds:
        this.mapping.firstLimitRefusalAtUs !== undefined
          ? round4(this.mapping.firstLimitRefusalAtUs / 1e6)
          : null,
      rejectedDocs: { ...this.rejectedDocs },
      lostTranslog: this.translogLost,
      refreshWaitMeanSeconds:
        this.docsIndexed > 0 ? round4(this.refreshWaitSumUs / this.docsIndexed / 1e6) : 0,
      refreshWaitMaxSeconds: round4(this.refreshWaitMaxUs / 1e6),
      diskSharePeak: round4(this.diskSharePeak),
      floodStageAtSeconds: this.floodStageAtUs !== undefined ? round4(this.floodStageAtUs / 1e6) : null,
      floodStageProjectedSeconds: projected !== undefined ? round4(projected / 1e6) : null,
      floodBlockedSeconds: round4(floodBlockedUs / 1e6),
      writeQueuePeak: Math.max(...this.nodes.map((n) => n.queuePeak)),
      // Decision 04 on both sides of the index: CPU paid at write (indexing, parsing) and at read.
      cpu: {
        ingestSeconds: round4(this.nodes.reduce((t, n) => t + n.busyUs * n.cores, 0) / 1e6),
        parseAtIngestSeconds: round4((this.parsedAtIngest * c.costs.parseUsPerDoc) / 1e6),
        searchSeconds: round4(this.nodes.reduce((t, n) => t + n.searchCpuUs, 0) / 1e6),
        parseAtQuerySeconds: round4((this.parsedAtQuery * this.runtimeParseUs) / 1e6),
      },
      search: {
        threadsPerNode: c.searchThreads,
        queueSize: c.searchQueueSize,
        completed: this.pools.reduce((t, p) => t + p.completed, 0),
        rejected: this.pools.reduce((t, p) => t + p.rejected, 0),
        queuePeak: Math.max(...this.pools.map((p) => p.queuePeak)),
      },
    };
  }

  // ── The search path's view of the cluster (search-coordinator.ts). ──

  get indices(): readonly BackingIndex[] {
    return this.series.indices;
  }

  slotOf(index: BackingIndex, shard: number): number {
    return this.series.slotOf(index, shard);
  }

  liveCopies(slot: number): readonly number[] {
    return this.copies.of(slot).filter((n) => (this.nodes[n] as DataNode).alive);
  }

  pool(node: number): SearchPool {
    return this.pools[node] as SearchPool;
  }

  /** ILM's poll: the data stream may roll over. */
  pollLifecycle(): void {
    this.series.poll(this.sim.now);
  }

  /** Documents searches parsed at query time (runtime fields), for the CPU split. */
  countParsedAtQuery(docs: number, runtimeParseUs: number): void {
    this.parsedAtQuery += docs;
    this.runtimeParseUs = runtimeParseUs;
  }
}
