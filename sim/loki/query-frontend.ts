/**
 * Loki's query frontend, scheduler queue and querier pool (decision 10, user
 * need 12), as an explicit state machine driven by simulation events.
 *
 *   submit(query) ──split by interval──▶ time splits, newest first
 *        │  each split, when the query needs more requests: planSplit ──TSDB shards──▶ n shard requests
 *        │  at most max_query_parallelism shard requests of one query outstanding at once
 *        ▼
 *   tenant queue (FIFO) ── full (max_outstanding_requests_per_tenant) ──▶ whole query fails: 429
 *        │
 *        ▼
 *   querier slots (queriers × max_concurrent) ── busy for the shard's duration ──▶ shard done
 *        (a shard goes to the querier with the most free workers; those running at once
 *         share its cores: contendedDurationUs)
 *        │                                                                            │
 *        └──────────────── next shard (or split) of the same query ◀─────────────────┘
 *   all shards of all splits done ─▶ merged result, latency = done − arrival (queueing included)
 *   query_timeout passes first ─▶ the query fails (timeout); its queued shards are dropped
 *
 * Single tenant: every query shares one queue. Shards already running when
 * their query fails finish and free their slot, as Loki's queriers do. A
 * split is planned (and its shard count chosen from the index's byte count)
 * when the query dispatches its first shard, as Loki's frontend asks the
 * index for stats while mapping the split; each shard's GETs are charged
 * when it starts.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { LokiReadView } from './read-view.ts';
import type { QueryPathConfig } from '../query/query-path-config.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import {
  addSplitWork,
  chargeFetches,
  contendedDurationUs,
  emptySplitWork,
  planSplit,
  type SplitRequest,
  type SplitWork,
} from './split-work.ts';
import { splitByInterval, type TimeSplit } from '../query/time-splits.ts';

/** How a query ended. */
export type QueryStatus = 'ok' | 'rejected_429' | 'timeout';

/** One finished (or failed) query. */
export interface QueryOutcome {
  readonly spec: QuerySpec;
  readonly status: QueryStatus;
  readonly arrivalUs: number;
  /** Wall µs from arrival to the answer (or the failure). */
  readonly latencyUs: number;
  readonly splits: number;
  /** Shard requests dispatched (equal to `splits` when nothing was sharded; fewer when the query failed early). */
  readonly shards: number;
  /** The needle asked, for needle queries that had one to ask. */
  readonly needleTsUs: number | undefined;
  /** Work of the splits that ran (for a failed query, the work wasted). */
  readonly work: SplitWork;
}

/** Where outcomes go. */
export interface QueryListener {
  onQueryDone(outcome: QueryOutcome): void;
}

interface QueryState {
  readonly spec: QuerySpec;
  readonly arrivalUs: number;
  readonly needleTsUs: number | undefined;
  readonly splits: readonly TimeSplit[];
  readonly request: SplitRequest;
  nextSplit: number;
  /** Shards of the split planned last that are not yet queued. */
  pending: readonly SplitWork[];
  nextPending: number;
  /** Shard requests dispatched so far. */
  shards: number;
  /** Shards dispatched (queued or running) and not yet done. */
  outstanding: number;
  status: QueryStatus | 'running';
  readonly work: SplitWork;
  timeoutEvent: number;
}

interface ShardTask {
  readonly query: QueryState;
  readonly work: SplitWork;
  /** The querier it runs on, once started. */
  querier: number;
}

/** The frontend, its queue and the queriers behind it. */
export class QueryFrontend {
  /** Shard requests waiting for a querier slot (entries of failed queries are skipped when reached). */
  private readonly queue: ShardTask[] = [];
  private queueHead = 0;
  /** Live entries in the queue: what max_outstanding_requests_per_tenant bounds. */
  private queued = 0;
  private running = 0;
  private readonly slots: number;
  /** Sub-queries running on each querier. */
  private readonly runningOn: number[];
  /** Peak of the tenant queue, for the report. */
  peakQueued = 0;
  private readonly onShardDone = this.shardDone.bind(this);
  private readonly onTimeout = this.timeout.bind(this);

  constructor(
    private readonly sim: Simulation,
    private readonly view: LokiReadView,
    readonly config: QueryPathConfig,
    private readonly listener: QueryListener,
    /** The storage class data of an age is read from (a query with `age:`); undefined: the written one. */
    private readonly storeAtAge?: (ageUs: number) => SplitRequest['store'],
  ) {
    this.slots = config.queriers * config.maxConcurrentPerQuerier;
    this.runningOn = new Array<number>(config.queriers).fill(0);
  }

  /** Shard requests waiting in the tenant queue now. */
  get queueLength(): number {
    return this.queued;
  }

  /** Querier slots busy now. */
  get busySlots(): number {
    return this.running;
  }

  /** A query arrives at sim.now covering [fromUs, toUs) (a query "the last hour" ends at now). */
  submit(spec: QuerySpec, fromUs: number, toUs: number, needleTsUs?: number): void {
    const now = this.sim.now;
    const query: QueryState = {
      spec,
      arrivalUs: now,
      needleTsUs,
      splits: splitByInterval(fromUs, toUs, this.config.splitIntervalUs),
      request: {
        match: spec.match,
        filter: spec.filter,
        ...(needleTsUs !== undefined ? { needleTsUs } : {}),
        ...storeOf(spec, this.storeAtAge),
      },
      nextSplit: 0,
      pending: [],
      nextPending: 0,
      shards: 0,
      outstanding: 0,
      status: 'running',
      work: emptySplitWork(),
      timeoutEvent: -1,
    };
    query.timeoutEvent = this.sim.schedule(this.config.queryTimeoutUs, this.onTimeout, query);
    this.dispatch(query);
    this.pump();
  }

  /** Enqueues the query's next shards up to its parallelism; a full queue fails the query with 429. */
  private dispatch(query: QueryState): void {
    while (query.status === 'running' && query.outstanding < this.config.maxQueryParallelism) {
      if (query.nextPending === query.pending.length) {
        if (query.nextSplit === query.splits.length) return;
        // Newest split first, as Loki answers backward (most recent) queries.
        const split = query.splits[query.splits.length - 1 - query.nextSplit] as TimeSplit;
        query.nextSplit++;
        const plan = planSplit(this.view, split, this.sim.now, query.request, this.config);
        query.work.streams = Math.max(query.work.streams, plan.total.streams);
        query.pending = plan.shards;
        query.nextPending = 0;
      }
      if (this.queued >= this.config.maxOutstandingPerTenant) {
        this.fail(query, 'rejected_429');
        return;
      }
      const work = query.pending[query.nextPending] as SplitWork;
      query.nextPending++;
      query.shards++;
      query.outstanding++;
      this.queue.push({ query, work, querier: -1 });
      this.queued++;
      this.peakQueued = Math.max(this.peakQueued, this.queued);
    }
  }

  /** Whether every shard of every split has been dispatched. */
  private static allDispatched(query: QueryState): boolean {
    return query.nextSplit === query.splits.length && query.nextPending === query.pending.length;
  }

  /** Starts queued shards while querier slots are free. */
  private pump(): void {
    while (this.running < this.slots && this.queueHead < this.queue.length) {
      const task = this.queue[this.queueHead] as ShardTask;
      this.queueHead++;
      if (task.query.status !== 'running') continue; // dropped with its failed query
      this.queued--;
      this.running++;
      const querier = this.leastBusyQuerier();
      task.querier = querier;
      const running = ++this.runningOn[querier]!;
      chargeFetches(this.view, task.work);
      const durationUs = contendedDurationUs(task.work, running, this.config.querierCores);
      this.sim.schedule(durationUs, this.onShardDone, task);
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  /** The querier with the most free workers (the lowest index among equals): the next to pull from the queue. */
  private leastBusyQuerier(): number {
    let best = 0;
    for (let q = 1; q < this.runningOn.length; q++)
      if ((this.runningOn[q] as number) < (this.runningOn[best] as number)) best = q;
    return best;
  }

  private shardDone(task: ShardTask): void {
    this.running--;
    this.runningOn[task.querier]!--;
    const q = task.query;
    addSplitWork(q.work, task.work);
    q.outstanding--;
    if (q.status === 'running') {
      if (q.outstanding === 0 && QueryFrontend.allDispatched(q)) this.finish(q, 'ok');
      else this.dispatch(q);
    }
    this.pump();
  }

  private timeout(query: QueryState): void {
    if (query.status === 'running') this.fail(query, 'timeout');
    this.pump();
  }

  private fail(query: QueryState, status: QueryStatus): void {
    // Its queued splits leave the queue now (lazily skipped by pump).
    for (let i = this.queueHead; i < this.queue.length; i++)
      if (this.queue[i]?.query === query) this.queued--;
    this.finish(query, status);
  }

  private finish(query: QueryState, status: QueryStatus): void {
    query.status = status;
    if (status !== 'timeout') this.sim.cancel(query.timeoutEvent);
    this.listener.onQueryDone({
      spec: query.spec,
      status,
      arrivalUs: query.arrivalUs,
      latencyUs: this.sim.now - query.arrivalUs,
      splits: query.splits.length,
      shards: query.shards,
      needleTsUs: query.needleTsUs,
      work: query.work,
    });
  }
}

/** The `store` field of a query's split requests: its age's storage class, when it has an age. */
export function storeOf(
  spec: QuerySpec,
  storeAtAge: ((ageUs: number) => SplitRequest['store']) | undefined,
): { store?: NonNullable<SplitRequest['store']> } {
  const store = spec.ageUs !== undefined && spec.ageUs > 0 ? storeAtAge?.(spec.ageUs) : undefined;
  return store !== undefined ? { store } : {};
}
