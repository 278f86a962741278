/**
 * The coordinating node of a search (decisions 05a, 10), as a state machine
 * driven by simulation events:
 *
 *   query ─▶ every shard of every index of the stream (the query names the data stream or `logs-*`)
 *     │  more than pre_filter_shard_size shards: can-match first skips shards whose index's
 *     │  @timestamp range misses the query's; otherwise they run and match nothing
 *     ▼
 *   query phase: one copy of each shard (adaptive replica selection: the copy whose node has the
 *     │  fewest search requests outstanding; or round robin) ─▶ that node's search pool
 *     │  rejected (queue full) ─▶ the next copy; every copy rejected ─▶ the shard fails (429)
 *     │  no live copy (red) ─▶ the shard fails; the search returns partial results
 *     ▼
 *   merge ─▶ fetch phase (needles): the top `size` hits, newest first, one request per shard holding any
 *     ▼
 *   answer: latency = done − arrival (queueing included); a shard failed by rejection fails the
 *   query with 429 (Kibana and Grafana show the error, and do not retry on their own)
 *
 * allow_partial_search_results defaults to true (Elasticsearch 8.x search API), so a red shard
 * gives a partial answer: its needles are not found. Each phase adds one
 * coordinator round trip.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import type { BackingIndex, IndexedNeedle } from './backing-index.ts';
import { fetchPhaseCost, queryPhaseCost, type SearchCosts } from './search-costs.ts';
import { planShard, type ResolvedQuery } from './search-plan.ts';
import type { SearchPool, SearchTask } from './search-pool.ts';

export type ReplicaSelection = 'adaptive' | 'round_robin';

export interface SearchConfig {
  /** `pre_filter_shard_size` 128: above it, a can-match round skips shards that cannot match (ES 8.x search API). */
  readonly preFilterShardSize: number;
  readonly replicaSelection: ReplicaSelection;
  /** `size` 10: hits a search returns, and fetches (ES search API default). */
  readonly fetchSize: number;
  /** Coordinator ↔ data node round trip per phase, 1 ms *(assumption)*: in-cluster RPC. */
  readonly roundTripUs: number;
  /** A needle counts as found when a hit's @timestamp is within this of the one asked (as on Loki). */
  readonly needleToleranceUs: number;
  readonly costs: SearchCosts;
  /**
   * Where data of an age is read from (a query with `age:`): its tier's
   * storage, whose reads a search thread waits for; undefined for the hot
   * tier, whose recent data is in the page cache *(assumption)*.
   */
  readonly storeAtAge?: (ageUs: number) => TierStore | 'deleted' | undefined;
}

/** The storage a tier's shards are read from: first-byte latency per read and the rate bytes flow at. */
export interface TierStore {
  readonly tier: string;
  /** Reads go to the snapshot repository (frozen: partially mounted, a cold cache): each is a GET. */
  readonly repository?: boolean;
  readonly firstByteLatencyUs: number;
  readonly throughputBytesPerSec: number;
}

/**
 * I/O wait of a shard request on `store`: one read per term's postings and
 * one for the doc values or the range (the query phase), or one per hit
 * (the fetch phase), each its first byte, and the bytes at the store's rate.
 */
export function ioWaitUs(store: TierStore | undefined, reads: number, bytes: number): number {
  if (store === undefined) return 0;
  return Math.ceil(reads * store.firstByteLatencyUs + (bytes * 1e6) / store.throughputBytesPerSec);
}

/** The store of a tier, or none (the page cache, or data already deleted). */
export function tierStore(at: TierStore | 'deleted' | undefined): TierStore | undefined {
  return at === 'deleted' ? undefined : at;
}

/** Where a query's data is read from at its age: its tier's store, gone, or (hot, or no age) the page cache. */
export function storeForQuery(config: SearchConfig, spec: QuerySpec): TierStore | 'deleted' | undefined {
  const age = spec.ageUs ?? 0;
  return age > 0 ? config.storeAtAge?.(age) : undefined;
}

/** What the coordinator reads of the cluster. */
export interface SearchCluster {
  readonly indices: readonly BackingIndex[];
  slotOf(index: BackingIndex, shard: number): number;
  /** Nodes holding a live, searchable copy of `slot`. */
  liveCopies(slot: number): readonly number[];
  pool(node: number): SearchPool;
  /** Counts reads a search made of the snapshot repository (GETs) and their bytes, for the bill. */
  countRepositoryReads?(gets: number, bytes: number): void;
}

export type SearchStatus = 'ok' | 'rejected_429';

/** One finished search. */
export interface SearchOutcome {
  readonly spec: QuerySpec;
  readonly status: SearchStatus;
  readonly arrivalUs: number;
  readonly latencyUs: number;
  readonly needleTsUs: number | undefined;
  readonly needleFound: boolean;
  /** Shards the search targeted, skipped by can-match, and failed (red, or rejected on every copy). */
  readonly shards: number;
  readonly skipped: number;
  readonly failed: number;
  readonly cpuUs: number;
  readonly bytesRead: number;
  readonly docsMatched: number;
  readonly docsFetched: number;
  readonly docsParsed: number;
}

interface ShardCall {
  readonly index: BackingIndex;
  readonly shard: number;
  readonly copies: readonly number[];
  next: number;
  readonly cpuUs: number;
  /** Time the request waits on its tier's storage (not CPU). */
  readonly ioUs: number;
  readonly bytes: number;
  readonly matches: number;
  readonly parsed: number;
  readonly hits: readonly IndexedNeedle[];
  node: number;
}

interface SearchState {
  readonly spec: QuerySpec;
  readonly arrivalUs: number;
  readonly needleTsUs: number | undefined;
  outstanding: number;
  phase: 'query' | 'fetch';
  shards: number;
  skipped: number;
  failed: number;
  rejected: number;
  cpuUs: number;
  bytesRead: number;
  docsMatched: number;
  docsFetched: number;
  docsParsed: number;
  readonly answered: ShardCall[];
}

export class SearchCoordinator {
  private roundRobin = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: SearchCluster,
    private readonly config: SearchConfig,
    private readonly onDone: (outcome: SearchOutcome) => void,
  ) {}

  /** A query arrives at sim.now over [fromUs, toUs). */
  submit(spec: QuerySpec, q: ResolvedQuery, fromUs: number, toUs: number, needleTsUs?: number): void {
    const now = this.sim.now;
    const state: SearchState = {
      spec,
      arrivalUs: now,
      needleTsUs,
      outstanding: 0,
      phase: 'query',
      shards: 0,
      skipped: 0,
      failed: 0,
      rejected: 0,
      cpuUs: 0,
      bytesRead: 0,
      docsMatched: 0,
      docsFetched: 0,
      docsParsed: 0,
      answered: [],
    };
    // Data past the delete phase is gone: no index holds it.
    const at = storeForQuery(this.config, spec);
    const indices = at === 'deleted' ? [] : this.cluster.indices;
    let total = 0;
    for (const index of indices) total += index.shards;
    const preFilter = total > this.config.preFilterShardSize;
    const store = tierStore(at);
    const calls: ShardCall[] = [];
    for (const index of indices)
      for (let shard = 0; shard < index.shards; shard++) {
        state.shards++;
        const plan = planShard(q, index, shard, fromUs, toUs, now);
        if (plan.outOfRange && preFilter) {
          state.skipped++;
          continue;
        }
        const copies = this.rank(this.cluster.liveCopies(this.cluster.slotOf(index, shard)));
        if (copies.length === 0) {
          state.failed++;
          continue;
        }
        const cost = queryPhaseCost(plan.work, this.config.costs, plan.outOfRange);
        calls.push({
          index,
          shard,
          copies,
          next: 0,
          cpuUs: cost.cpuUs,
          ioUs: this.read(store, plan.work.terms + 1, cost.bytes),
          bytes: cost.bytes,
          matches: plan.work.matches,
          parsed: plan.work.parsed,
          hits: plan.hits,
          node: -1,
        });
      }
    state.outstanding = calls.length;
    // The request reaches the data nodes one round trip after it arrives.
    this.sim.schedule(
      this.config.roundTripUs,
      () => {
        if (calls.length === 0) this.phaseDone(state);
        for (const call of calls) this.send(state, call);
      },
      undefined,
    );
  }

  /** The I/O wait of `reads` reads of `bytes` on `store`, counted as GETs when they go to the repository. */
  private read(store: TierStore | undefined, reads: number, bytes: number): number {
    if (store?.repository === true) this.cluster.countRepositoryReads?.(reads, bytes);
    return ioWaitUs(store, reads, bytes);
  }

  /** Copies in the order they are tried. */
  private rank(copies: readonly number[]): number[] {
    if (copies.length <= 1) return [...copies];
    const start = this.roundRobin++ % copies.length;
    const rotated = [...copies.slice(start), ...copies.slice(0, start)];
    if (this.config.replicaSelection === 'round_robin') return rotated;
    // Adaptive replica selection, reduced to its main term: the node with the fewest requests
    // outstanding first (ties keep the rotation, so equal nodes share the load).
    return rotated
      .map((node, i) => ({ node, i, load: this.cluster.pool(node).outstanding }))
      .sort((a, b) => a.load - b.load || a.i - b.i)
      .map((x) => x.node);
  }

  private send(state: SearchState, call: ShardCall): void {
    while (call.next < call.copies.length) {
      const node = call.copies[call.next++] as number;
      const task: SearchTask = {
        cpuUs: call.cpuUs,
        ioUs: call.ioUs,
        done: (ok) => this.shardDone(state, call, ok),
      };
      if (this.cluster.pool(node).submit(task)) {
        call.node = node;
        return;
      }
    }
    // Every copy rejected the request.
    state.rejected++;
    state.failed++;
    this.settle(state);
  }

  private shardDone(state: SearchState, call: ShardCall, ok: boolean): void {
    if (!ok) {
      // The node died under the request: the next copy, if any.
      this.send(state, call);
      return;
    }
    // Work is counted where it was done: a rejected or lost request did none.
    state.cpuUs += call.cpuUs;
    if (state.phase === 'query') {
      state.answered.push(call);
      state.bytesRead += call.bytes;
      state.docsMatched += call.matches;
      state.docsParsed += call.parsed;
    } else state.docsFetched += call.hits.length;
    this.settle(state);
  }

  private settle(state: SearchState): void {
    state.outstanding--;
    if (state.outstanding === 0) this.phaseDone(state);
  }

  private phaseDone(state: SearchState): void {
    if (state.phase === 'fetch' || state.rejected > 0) {
      this.finish(state);
      return;
    }
    // Merge: the top `size` hits, newest first; one fetch request per shard holding any of them.
    const top = state.answered
      .flatMap((call) => call.hits.map((hit) => ({ call, hit })))
      .sort((a, b) => b.hit.tsUs - a.hit.tsUs)
      .slice(0, this.config.fetchSize);
    const perCall = new Map<ShardCall, number>();
    for (const { call } of top) perCall.set(call, (perCall.get(call) ?? 0) + 1);
    state.phase = 'fetch';
    if (perCall.size === 0) {
      this.finish(state);
      return;
    }
    state.outstanding = perCall.size;
    this.sim.schedule(
      this.config.roundTripUs,
      () => {
        for (const [call, hits] of perCall) {
          const fetch: ShardCall = {
            ...call,
            copies: [call.node],
            next: 0,
            cpuUs: fetchPhaseCost(hits, this.config.costs),
            ioUs: this.read(tierStore(storeForQuery(this.config, state.spec)), hits, 0),
            hits: call.hits.slice(0, hits),
          };
          this.send(state, fetch);
        }
      },
      undefined,
    );
  }

  private finish(state: SearchState): void {
    const asked = state.needleTsUs;
    const found =
      asked !== undefined &&
      state.answered.some((call) =>
        call.hits.some((h) => Math.abs(h.tsUs - asked) <= this.config.needleToleranceUs),
      );
    this.sim.schedule(
      this.config.roundTripUs,
      () => {
        this.onDone({
          spec: state.spec,
          status: state.rejected > 0 ? 'rejected_429' : 'ok',
          arrivalUs: state.arrivalUs,
          latencyUs: this.sim.now - state.arrivalUs,
          needleTsUs: asked,
          needleFound: found,
          shards: state.shards,
          skipped: state.skipped,
          failed: state.failed,
          cpuUs: state.cpuUs,
          bytesRead: state.bytesRead,
          docsMatched: state.docsMatched,
          docsFetched: state.docsFetched,
          docsParsed: state.docsParsed,
        });
      },
      undefined,
    );
  }
}
