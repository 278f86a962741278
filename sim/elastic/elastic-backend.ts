/**
 * The Elasticsearch-style write path (decisions 04, 05, 06, 10).
 *
 *   bulk ─▶ coordinating node ─▶ split by hash(_routing) mod shards (shard-routing.ts)
 *             │ per shard part: primary's write pool (write-pool.ts) ─▶ each in-sync replica's pool
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
 *
 * Routing by _id spreads a bulk evenly over every shard, so the nodes that
 * hold the same number of primaries and replicas take the same work from it:
 * they share one write group (write-group.ts), and per-shard and per-node
 * figures of spread bulks are kept once and read as shares (a slot's
 * `spreadSlotBytes`, a node's copies × the same). A bulk then costs
 * O(groups), not O(shards) — what lets a 150-node cluster run as fast per
 * bulk as a 3-node one. A custom routing value sends a bulk to one shard,
 * whose copies' nodes each keep a group of their own.
 */
import { round4 } from '../metrics/report-rounding.ts';
import { binomial } from '../engine/distributions.ts';
import { US_PER_SECOND } from '../engine/time.ts';
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
import { DataNode } from './data-node.ts';
import { serviceUs, type NodeCosts } from './write-pool.ts';
import { WriteGroup } from './write-group.ts';
import { IndexSeries, type IndexPattern } from './index-series.ts';
import type { SearchCluster } from './search-coordinator.ts';
import { SearchPool } from './search-pool.ts';
import { storedBytes, type Codec, type DocumentShape, type IndexMode } from './index-size.ts';
import { Mapping, type DynamicMapping } from './mapping.ts';
import { ShardCopies, type Health } from './shard-copies.ts';
import { routedPart, spreadShardOf, type RoutingKey, type ShardPart } from './shard-routing.ts';
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

/** A field a deploy adds to the documents of a service (every service when undefined) from `atUs` on. */
export interface AddedField {
  readonly atUs: number;
  readonly service: string | undefined;
  /** A new value on every document (a keyword term each), or a bounded set. */
  readonly unique: boolean;
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
  /** Fields a deploy adds to a service's documents from an instant on (field_added). */
  readonly addedFields: readonly AddedField[];
  readonly typeConflicts: readonly DocumentFault[];
}

interface PendingBulk {
  readonly request: PushRequest;
  readonly replyTo: PushReplyTarget;
  readonly index: BackingIndex;
  /** A routed bulk's one part and the slot its shard lives on; a spread bulk has none. */
  readonly part: ShardPart | undefined;
  readonly slot: number;
  /** A spread bulk's rotation (shard-routing.ts spreadRange). */
  readonly rotation: number;
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

/** Why a node (or write group) refuses a bulk's operations. */
type AdmitRefusal = 'unavailable' | 'queue' | 'primary' | 'replica' | 'breaker';

/** A bulk admitted: when it is acknowledged, where it went, and the nodes a crash of which fails it. */
interface Admitted {
  readonly ackUs: number;
  readonly part: ShardPart | undefined;
  readonly slot: number;
  readonly rotation: number;
  readonly nodes: readonly number[];
}

const OK: PushOutcome = Object.freeze({ kind: 'ok' });
/** A service the scenario does not describe (a test's bare source): every line is info. */
const NO_LEVELS = Object.freeze({ debug: 0, info: 1, warn: 0, error: 0 });
/**
 * How often a node's disk use is compared with the watermarks: Elasticsearch
 * refreshes its disk figures every `cluster.info.update.interval`, 30 s by default.
 */
const DISK_CHECK_INTERVAL_US = 30 * US_PER_SECOND;

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
  /** Bytes on disk of one copy of each slot's shards (index structures + _source), spread bulks apart. */
  private readonly shardBytes: Float64Array;
  /** Bytes each node holds of each slot (node × slot), spread bulks since the last rebase apart. */
  private readonly heldBytes: Float64Array;
  /** Whether bulks spread evenly over the shards (routing by _id), or each goes to one. */
  private readonly spread: boolean;
  /** Bytes and documents every slot took of spread bulks; the bytes already settled on nodes. */
  private spreadSlotBytes = 0;
  private spreadSlotDocs = 0;
  private rebasedSlotBytes = 0;
  /** In-sync copies on each node (what it takes of a spread bulk, and of its bytes). */
  private readonly copiesOn: Int32Array;
  /** Per copy count: the most bytes settled on a node with that many copies (the disk watermarks' candidates). */
  private readonly diskEnvelope = new Map<number, number>();
  private nextDiskCheckUs = 0;
  /** The write groups of live nodes holding copies (spread bulks), and every group ever made (for peaks). */
  private groups: WriteGroup[] = [];
  private readonly groupBySignature = new Map<string, WriteGroup>();
  private readonly everyGroup = new Set<WriteGroup>();
  /** Live nodes holding copies: the nodes a spread bulk has work on. */
  private holders: readonly number[] = [];
  /** Slots with too few live copies to take writes. */
  private unavailableSlots = 0;
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
  /** Per field_added: judged and known to the mapping (undefined: not yet, or refused so far). */
  private readonly addedFieldState: ('known' | undefined)[] = [];
  private parsedAtQuery = 0;
  /** Reads searches made of the snapshot repository (frozen tier), and their bytes. */
  private repositoryGets = 0;
  private repositoryBytesRead = 0;
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
    for (const n of this.nodes) this.everyGroup.add(n.group);
    this.spread = config.routing === '_id';
    this.copiesOn = new Int32Array(config.nodes);
    this.dataLimits = pressureLimits(config.heapBytes, config.indexingPressureShare);
    this.coordinatorLimits = pressureLimits(config.coordinatingHeapBytes, config.indexingPressureShare);
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
    this.translog = new Translog(config.shards, config.durability, config.syncIntervalUs, (index, slot) =>
      this.series.shardAt(index, slot),
    );
    this.mapping = new Mapping(config.dynamic, config.totalFieldsLimit, config.initialFields);
    this.routingRng = sim.random.stream('elastic/routing');
    this.mappingRng = sim.random.stream('elastic/mapping');
    this.shardBytes = new Float64Array(config.shards);
    this.shardDocs = new Float64Array(config.shards);
    this.heldBytes = new Float64Array(config.nodes * config.shards);
    this.health = this.copies.health();
    this.topologyChanged(0);
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
    // The cohort's hosts each send one bulk, and a host's bulk becomes a shard-level operation on
    // each shard it has a document for: with routing by _id, a bulk of m documents misses a given
    // shard with probability (1 − 1/S)^m, so many shards and small bulks give fewer, tinier operations.
    const hosts = Math.max(1, request.hosts);
    const perHost = request.lines / hosts;
    const S = this.config.shards;
    const ops = this.spread ? Math.max(1, Math.round(hosts * (1 - Math.pow(1 - 1 / S, perHost)))) : hosts;
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

    const lineCount = Math.max(1, request.lines);
    const admitted = this.spread
      ? this.admitSpread(request, ops, coordShare, dedicated, mappingHeap, hosts, lineCount, now)
      : this.admitRouted(request, ops, coordShare, dedicated, mappingHeap, hosts, index, now);
    if (typeof admitted === 'string') {
      if (admitted === 'unavailable')
        return this.refuse(request, replyTo, 503, 'unavailable_shards_exception', 'too few active copies');
      if (admitted === 'queue')
        return this.refuse(request, replyTo, 429, 'es_rejected_execution_exception', 'write queue full');
      if (admitted === 'breaker')
        return this.refuse(request, replyTo, 429, 'circuit_breaking_exception', '[parent] Data too large');
      this.pressureRejections[admitted]++;
      return this.refuse(
        request,
        replyTo,
        429,
        'es_rejected_execution_exception',
        `rejected execution of ${admitted} operation (indexing pressure)`,
      );
    }
    const held = this.coordinating.hold(request.bytes, admitted.ackUs, now);
    const bulk: PendingBulk = {
      request,
      replyTo,
      index,
      part: admitted.part,
      slot: admitted.slot,
      rotation: admitted.rotation,
      nodes: admitted.nodes,
      held,
      failed: false,
    };
    this.pending.set(request.id, bulk);
    this.sim.scheduleAt(admitted.ackUs, this.ackHandler, bulk);
  }

  /**
   * Whether a node with `held` bytes of indexing work (and its pool's
   * operations) can take `ops` more operations of `pBytes` primary and
   * `rBytes` replica bytes: only primary operations meet a full queue
   * (replica operations are never refused by it); indexing pressure and the
   * parent breaker check every stage. An idle node takes one host's share of
   * a cohort at least, else a cohort larger than a limit could never pass.
   */
  private nodeRefusal(
    pool: WriteGroup['pool'],
    ops: number,
    pBytes: number,
    rBytes: number,
    coordShare: number,
    mappingHeap: number,
    hosts: number,
    now: number,
  ): AdmitRefusal | undefined {
    const c = this.config;
    const replicaHeld = pool.replicaBytes(now);
    const held = coordShare + pool.primaryBytes(now) + replicaHeld;
    const share = held > 0 ? 1 : 1 / hosts;
    if (pBytes > 0 && pool.wouldOverflow(ops, c.writeQueueSize, now)) return 'queue';
    if (pBytes > 0 && held + pBytes * share > this.dataLimits.bytes) return 'primary';
    if (rBytes > 0 && replicaHeld + rBytes * share > this.dataLimits.replicaBytes) return 'replica';
    if (parentBreakerTrips(c.heapBytes, mappingHeap + held, (pBytes + rBytes) * share)) return 'breaker';
    this.nodeIndexingBytesPeak = Math.max(this.nodeIndexingBytesPeak, held + pBytes + rBytes);
    return undefined;
  }

  /**
   * A spread bulk: 1/S of it on every shard, so each write group's members
   * take p primary and r replica parts; checked on the group's pool and
   * queued once for all its members. Acknowledged when the slowest member of
   * every group is done (a replica part after its primary's).
   */
  private admitSpread(
    request: PushRequest,
    ops: number,
    coordShare: number,
    dedicated: boolean,
    mappingHeap: number,
    hosts: number,
    lineCount: number,
    now: number,
  ): Admitted | AdmitRefusal {
    const c = this.config;
    const S = c.shards;
    // A bulk of n documents has one on an unavailable shard unless it misses all k of them: (1 − k/S)^n.
    if (
      this.unavailableSlots > 0 &&
      this.routingRng.next() >= Math.pow(1 - this.unavailableSlots / S, lineCount)
    )
      return 'unavailable';
    const partDocs = lineCount / S;
    const partBytes = request.bytes / S;
    const share = dedicated ? 0 : coordShare;
    for (const g of this.groups) {
      const refusal = this.nodeRefusal(
        g.pool,
        ops * g.primaries,
        g.primaries * partBytes,
        g.replicas * partBytes,
        share,
        mappingHeap,
        hosts,
        now,
      );
      if (refusal !== undefined) return refusal;
    }
    const primaryUs = serviceUs(c.costs, ops, partDocs, partBytes, true);
    const replicaUs = serviceUs(c.costs, ops, partDocs, partBytes, false);
    let primaryDone = now;
    let replicaDone = -Infinity;
    for (const g of this.groups) {
      const excess = g.maxExcessUs(now);
      if (g.primaries > 0)
        primaryDone = Math.max(
          primaryDone,
          g.enqueue(ops * g.primaries, now, g.primaries * primaryUs, now, g.primaries * partBytes, false) +
            excess,
        );
      if (g.replicas > 0)
        replicaDone = Math.max(
          replicaDone,
          g.enqueue(ops * g.replicas, now, g.replicas * replicaUs, now, g.replicas * partBytes, true) +
            excess,
        );
    }
    const ackUs = replicaDone === -Infinity ? primaryDone : Math.max(replicaDone, primaryDone + replicaUs);
    return {
      ackUs,
      part: undefined,
      slot: -1,
      rotation: this.routingRng.int(S),
      nodes: this.holders,
    };
  }

  /** A routed bulk: all of it on one shard, queued on its primary's node and then each in-sync replica's. */
  private admitRouted(
    request: PushRequest,
    ops: number,
    coordShare: number,
    dedicated: boolean,
    mappingHeap: number,
    hosts: number,
    index: BackingIndex,
    now: number,
  ): Admitted | AdmitRefusal {
    const c = this.config;
    const part = routedPart(
      request.startOffset,
      request.endOffset,
      c.shards,
      this.routingValue(request.source) as string,
    );
    const slot = this.series.slotOf(index, part.shard);
    const live = this.copies.of(slot);
    if (live.length === 0 || live.length < c.waitForActiveShards) return 'unavailable';
    const share = dedicated ? 0 : coordShare;
    for (let k = 0; k < live.length; k++) {
      const pool = (this.nodes[live[k] as number] as DataNode).group.pool;
      const primary = k === 0;
      const refusal = this.nodeRefusal(
        pool,
        primary ? ops : 0,
        primary ? request.bytes : 0,
        primary ? 0 : request.bytes,
        share,
        mappingHeap,
        hosts,
        now,
      );
      if (refusal !== undefined) return refusal;
    }
    // Primary first, then every in-sync replica (a replica indexes the document again).
    const docs = part.end - part.start;
    let ready = now;
    for (let k = 0; k < live.length; k++) {
      const group = (this.nodes[live[k] as number] as DataNode).group;
      const primary = k === 0;
      const us = serviceUs(c.costs, ops, docs, request.bytes, primary);
      ready = group.enqueue(ops, ready, us, now, request.bytes, !primary);
    }
    return { ackUs: ready, part, slot, rotation: 0, nodes: [...live] };
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
    const keyed = this.mapping.judge(withNewKey);
    this.mapping.commit(keyed, now);
    const added = this.judgeAddedFields(service, lines - conflicts - keyed.overLimit - keyed.strict, now);
    const verdict = {
      overLimit: keyed.overLimit + added.overLimit,
      strict: keyed.strict + added.strict,
    };
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
    const base = this.config.shapes.get(service) ?? { lowCardinalityFields: 0, uniqueFields: 0 };
    const shape =
      added.low + added.unique === 0
        ? base
        : {
            lowCardinalityFields: base.lowCardinalityFields + added.low,
            uniqueFields: base.uniqueFields + added.unique,
          };
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
    const c = this.config;
    // A routed bulk's part is the whole bulk, on one slot; a spread one is 1/S of it on every
    // shard, counted once. Either way each needle lies on the one shard its offset falls in.
    const { part, slot, index } = bulk;
    if (accepted > 0) {
      const { index: idx, source: src } = storedBytes(accepted, rawBytes, shape, c.codec, c.mode);
      const stored = idx + src;
      this.indexStructureBytes += idx;
      this.storedSourceBytes += src;
      if (part === undefined) {
        this.spreadSlotBytes += stored / c.shards;
        this.spreadSlotDocs += accepted / c.shards;
      } else {
        this.shardBytes[slot]! += stored;
        this.shardDocs[slot]! += accepted;
        for (const n of this.copies.of(slot)) this.addHeld(n, slot, stored);
      }
      const row = part === undefined ? index.spread : part.shard;
      index.add(row, serviceIdx, accepted, levels, 1, rawBytes, stored, request.minEmitUs, request.maxEmitUs);
      for (const offset of request.needles) {
        if (offset >= acceptedEnd) continue;
        index.addNeedle({
          tsUs: Math.round(this.sources.emitTimeOf(request.source, offset)),
          shard:
            part === undefined
              ? spreadShardOf(offset, request.startOffset, request.endOffset, c.shards, bulk.rotation)
              : part.shard,
          service: serviceIdx,
          source: request.source,
          offset,
          searchableAtUs,
        });
      }
      // Only an async translog can lose acknowledged documents: only it keeps them.
      if (this.translog.keepsParts) {
        const logged = {
          source: request.source,
          index,
          service: serviceIdx,
          levels,
          raw: rawBytes,
          stored,
          minTsUs: request.minEmitUs,
          maxTsUs: request.maxEmitUs,
        };
        if (part === undefined)
          this.translog.appendSpread(
            {
              ...logged,
              start: request.startOffset,
              end: request.endOffset,
              acceptedEnd,
              rotation: bulk.rotation,
            },
            now,
          );
        else
          this.translog.append(
            slot,
            { ...logged, start: part.start, end: acceptedEnd, shard: part.shard, levelShare: 1 },
            now,
          );
      }
    }
    if (this.config.costs.parseUsPerDoc > 0) this.parsedAtIngest += accepted;
    this.docsIndexed += accepted;
    this.rawBytesIndexed += rawBytes;
    this.bulksAccepted++;

    const waitUs = searchableAtUs - now;
    this.refreshWaitSumUs += waitUs * accepted;
    this.refreshWaitMaxUs = Math.max(this.refreshWaitMaxUs, waitUs);

    if (now >= this.nextDiskCheckUs) this.checkWatermarks(now);
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

  /**
   * The fields a deploy added (field_added) that `docs` documents of
   * `service` carry at `nowUs`: each is judged once, at the first document
   * that brings it, and is then known (mapped, runtime, or _source only) —
   * or, refused, refuses every document that carries it. Returns the
   * documents refused and the keyword fields the accepted ones index.
   */
  private judgeAddedFields(
    service: string,
    docs: number,
    nowUs: number,
  ): { overLimit: number; strict: number; low: number; unique: number } {
    const out = { overLimit: 0, strict: 0, low: 0, unique: 0 };
    // Raw strings: the field is text in the line, a runtime field at query time; nothing is mapped.
    if (this.config.documents !== 'map') return out;
    this.config.addedFields.forEach((f, k) => {
      if (nowUs < f.atUs || (f.service !== undefined && f.service !== service)) return;
      const carrying = docs - out.overLimit - out.strict;
      if (carrying <= 0) return;
      let known: 'known' | 'strict' | 'over_limit' | undefined = this.addedFieldState[k];
      if (known === undefined) {
        const v = this.mapping.judge(1);
        this.mapping.commit(v, nowUs);
        known = v.strict > 0 ? 'strict' : v.overLimit > 0 ? 'over_limit' : 'known';
        // A refused field stays unknown: the next document that brings it is judged again.
        if (known === 'known') this.addedFieldState[k] = known;
      }
      if (known === 'strict') out.strict += carrying;
      else if (known === 'over_limit') out.overLimit += carrying;
      else if (this.config.dynamic === 'true') {
        if (f.unique) out.unique++;
        else out.low++;
      }
    });
    return out;
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

  private addHeld(node: number, slot: number, bytes: number): void {
    this.heldBytes[node * this.config.shards + slot]! += bytes;
    const n = this.nodes[node] as DataNode;
    n.diskBytes += bytes;
    const copies = this.copiesOn[node] as number;
    this.diskEnvelope.set(copies, Math.max(this.diskEnvelope.get(copies) ?? 0, n.diskBytes));
  }

  /** Sets what `node` holds of `slot` (call {@link rebase} first: spread bytes must be settled). */
  private setHeld(node: number, slot: number, bytes: number): void {
    const k = node * this.config.shards + slot;
    (this.nodes[node] as DataNode).diskBytes += bytes - (this.heldBytes[k] as number);
    this.heldBytes[k] = bytes;
  }

  /** Bytes of one copy of `slot`: what routed bulks put there and its share of the spread ones. */
  private shardBytesOf(slot: number): number {
    return (this.shardBytes[slot] as number) + this.spreadSlotBytes;
  }

  /** Spread bytes every in-sync copy took since the last rebase (not yet settled on the nodes). */
  private get unsettledBytes(): number {
    return this.spreadSlotBytes - this.rebasedSlotBytes;
  }

  private held(node: number, slot: number): number {
    const own = this.heldBytes[node * this.config.shards + slot] as number;
    return this.copies.of(slot).includes(node) ? own + this.unsettledBytes : own;
  }

  private diskBytesOf(node: number): number {
    return (this.nodes[node] as DataNode).diskBytes + (this.copiesOn[node] as number) * this.unsettledBytes;
  }

  private diskShareOf(node: number): number {
    const n = this.nodes[node] as DataNode;
    return n.diskCapacity > 0 ? this.diskBytesOf(node) / n.diskCapacity : 1;
  }

  /**
   * The fullest node's disk share. Every node has the same capacity and a
   * node's unsettled bytes are its copies × the same amount, so the fullest
   * is among the fullest of each copy count: O(distinct copy counts).
   */
  private maxDiskShare(): number {
    const capacity = (this.nodes[0] as DataNode).diskCapacity;
    if (capacity <= 0) return 1;
    let max = 0;
    for (const [copies, settled] of this.diskEnvelope)
      max = Math.max(max, (settled + copies * this.unsettledBytes) / capacity);
    return max;
  }

  /** Settles the spread bytes since the last rebase on the copies that took them (before copies move). */
  private rebase(): void {
    const delta = this.unsettledBytes;
    this.rebasedSlotBytes = this.spreadSlotBytes;
    if (delta === 0) return;
    const S = this.config.shards;
    for (let slot = 0; slot < S; slot++)
      for (const n of this.copies.of(slot)) {
        this.heldBytes[n * S + slot]! += delta;
        (this.nodes[n] as DataNode).diskBytes += delta;
      }
  }

  /**
   * Copies moved (a node lost or back, a recovery done; call {@link rebase}
   * before moving them): recount what each node holds, which slots can take
   * writes, the disk candidates, and regroup the nodes that share spread work.
   */
  private topologyChanged(now: number): void {
    const c = this.config;
    this.copiesOn.fill(0);
    const primaries = new Int32Array(c.nodes);
    this.unavailableSlots = 0;
    for (let slot = 0; slot < c.shards; slot++) {
      const live = this.copies.of(slot);
      if (live.length === 0 || live.length < c.waitForActiveShards) this.unavailableSlots++;
      live.forEach((n, k) => {
        this.copiesOn[n]!++;
        if (k === 0) primaries[n]!++;
      });
    }
    this.diskEnvelope.clear();
    this.nodes.forEach((n, i) => {
      const copies = this.copiesOn[i] as number;
      this.diskEnvelope.set(copies, Math.max(this.diskEnvelope.get(copies) ?? 0, n.diskBytes));
    });
    if (!this.spread) return;
    const groups = new Set<WriteGroup>();
    const holders: number[] = [];
    this.nodes.forEach((n, i) => {
      if (!n.alive) {
        // Out of its group: the others go on without it. Back, it joins the group of what it holds.
        if (n.group.size > 1) n.join(this.newGroup(0, 0), now);
        return;
      }
      const p = primaries[i] as number;
      const r = (this.copiesOn[i] as number) - p;
      const key = `${p}/${r}`;
      let group = this.groupBySignature.get(key);
      if (group === undefined) {
        group = this.newGroup(p, r);
        this.groupBySignature.set(key, group);
      }
      n.join(group, now);
      if (p + r > 0) {
        groups.add(group);
        holders.push(i);
      }
    });
    this.groups = [...groups];
    this.holders = holders;
  }

  private newGroup(primaries: number, replicas: number): WriteGroup {
    const group = new WriteGroup(this.config.costs.cores, primaries, replicas);
    this.everyGroup.add(group);
    return group;
  }

  /** Flood stage: the index turns read-only until every node is back below the high watermark. */
  private checkWatermarks(now: number): void {
    this.nextDiskCheckUs = now + DISK_CHECK_INTERVAL_US;
    const max = this.maxDiskShare();
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
    this.rebase();
    const red = this.copies.lose(index);
    // Shards whose last copy was on the node: what its translog had not fsynced is gone.
    for (const slot of red) {
      for (const p of this.translog.takeUnsynced(slot, now)) {
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
    this.topologyChanged(now);
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
    this.rebase();
    const { resync } = this.copies.restore(index);
    for (const slot of resync) {
      const missed = Math.max(0, this.shardBytesOf(slot) - this.held(index, slot));
      this.startRecovery(slot, index, missed);
    }
    // Copies of shards that were fully re-replicated elsewhere meanwhile are stale: deleted.
    for (let s = 0; s < this.config.shards; s++) {
      if (!this.copies.of(s).includes(index) && !resync.includes(s)) this.setHeld(index, s, 0);
    }
    this.topologyChanged(now);
    this.updateHealth(now);
  }

  /** After the delayed timeout: each under-replicated shard gets a new copy on the least loaded eligible node. */
  private allocateReplicas(): void {
    const perNode = this.copies.copiesPerNode(this.config.nodes);
    for (const slot of this.copies.underReplicated()) {
      const holders = this.copies.of(slot);
      let best = -1;
      for (let n = 0; n < this.config.nodes; n++) {
        const node = this.nodes[n] as DataNode;
        // Above the low watermark a node takes no new shard copies.
        if (!node.alive || holders.includes(n) || this.diskShareOf(n) >= this.config.watermarks.low) continue;
        if (best < 0 || (perNode[n] as number) < (perNode[best] as number)) best = n;
      }
      if (best < 0) continue;
      perNode[best]!++;
      this.startRecovery(slot, best, this.shardBytesOf(slot) - this.held(best, slot));
    }
  }

  /** Copies `bytes` of `slot` onto `node` at the recovery rate (peer recovery from the primary). */
  private startRecovery(slot: number, node: number, bytes: number): void {
    this.copies.startRecovery(slot, node);
    this.recoveries++;
    this.recoveryBytes += bytes;
    const us = Math.ceil((bytes / this.config.recoveryBytesPerSec) * 1e6);
    this.sim.schedule(
      us,
      () => {
        if (!(this.nodes[node] as DataNode).alive) return;
        const now = this.sim.now;
        this.rebase();
        if (this.copies.finishRecovery(slot, node)) this.setHeld(node, slot, this.shardBytesOf(slot));
        this.topologyChanged(now);
        this.updateHealth(now);
        this.checkWatermarks(now);
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
      writeQueuePeak: this.writeQueuePeak(),
      utilization: now > 0 ? round4(Math.min(1, busy / (now * this.config.nodes))) : 0,
    };
  }

  private writeQueuePeak(): number {
    let max = 0;
    for (const g of this.everyGroup) max = Math.max(max, g.pool.queuePeak);
    return max;
  }

  sample(): Record<string, number> {
    return {
      'elastic.fields': this.mapping.fields,
      'elastic.diskShareMax': round4(this.maxDiskShare()),
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
      for (let i = 0; i < this.nodes.length; i++) {
        const n = this.nodes[i] as DataNode;
        const bytes = this.diskBytesOf(i);
        const perUs = bytes / now;
        if (perUs <= 0) continue;
        const at = now + (n.diskCapacity * c.watermarks.flood - bytes) / perUs;
        projected = projected === undefined ? at : Math.min(projected, at);
      }
    let maxShardBytes = 0;
    let minShardDocs = Infinity;
    let maxShardDocs = 0;
    for (const index of this.series.indices) maxShardBytes = Math.max(maxShardBytes, index.largestShardBytes);
    const shardDocs = Array.from(this.shardDocs, (d) => d + this.spreadSlotDocs);
    for (const d of shardDocs) {
      minShardDocs = Math.min(minShardDocs, d);
      maxShardDocs = Math.max(maxShardDocs, d);
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
      shardDocs: shardDocs.map((d) => round4(d)),
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
      writeQueuePeak: this.writeQueuePeak(),
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
        repositoryGets: this.repositoryGets,
        repositoryBytesRead: Math.round(this.repositoryBytesRead),
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
  countRepositoryReads(gets: number, bytes: number): void {
    this.repositoryGets += gets;
    this.repositoryBytesRead += bytes;
  }

  countParsedAtQuery(docs: number, runtimeParseUs: number): void {
    this.parsedAtQuery += docs;
    this.runtimeParseUs = runtimeParseUs;
  }
}
