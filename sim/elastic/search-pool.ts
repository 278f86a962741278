/**
 * A data node's `search` thread pool (decision 10): a fixed pool of
 * int(3 × cores ÷ 2) + 1 threads and a queue of 1000 shard-level requests
 * (Elasticsearch 8.x thread-pool settings); a request that finds every
 * thread busy and the queue full is rejected (EsRejectedExecutionException,
 * 429). Query and fetch phases both run here.
 *
 * The threads share the node's cores with the write pool: a request's wall
 * time is its CPU stretched by how many threads want a core when it starts
 * (running searches, and every write thread while bulks are queued), and
 * its CPU is taken from the write pool's capacity (data-node.ts takeCpu), so
 * a heavy panel slows ingest and a bulk storm slows search.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { DataNode } from './data-node.ts';

/** A shard-level request. */
export interface SearchTask {
  readonly cpuUs: number;
  /** Time it waits on storage (a tier whose data is not in the page cache): the thread is held, no core. */
  readonly ioUs?: number;
  /** Called when it finished (`ok`) or its node died under it. */
  readonly done: (ok: boolean) => void;
}

/** int(3 × cores ÷ 2) + 1: the search pool's size for `cores` allocated processors. */
export function searchThreads(cores: number): number {
  return Math.floor((3 * cores) / 2) + 1;
}

export class SearchPool {
  private running = new Set<SearchTask>();
  private readonly queue: SearchTask[] = [];
  private head = 0;
  /** Requests rejected with a full queue (what `_cat/thread_pool/search` calls rejected). */
  rejected = 0;
  completed = 0;
  queuePeak = 0;
  private readonly onFinish = this.finish.bind(this);

  constructor(
    private readonly sim: Simulation,
    private readonly node: DataNode,
    readonly threads: number,
    readonly queueSize: number,
  ) {}

  /** Requests running or waiting: what adaptive replica selection ranks copies by. */
  get outstanding(): number {
    return this.running.size + this.queue.length - this.head;
  }

  /** Offers a request; false when it is rejected (every thread busy, queue full). */
  submit(task: SearchTask): boolean {
    if (this.running.size < this.threads) {
      this.start(task);
      return true;
    }
    if (this.queue.length - this.head >= this.queueSize) {
      this.rejected++;
      return false;
    }
    this.queue.push(task);
    this.queuePeak = Math.max(this.queuePeak, this.queue.length - this.head);
    return true;
  }

  private start(task: SearchTask): void {
    const now = this.sim.now;
    this.running.add(task);
    const cores = this.node.cores;
    const wanting = this.running.size + (this.node.writeBusy(now) ? cores : 0);
    const wallUs = Math.max(1, Math.ceil(task.cpuUs * Math.max(1, wanting / cores)) + (task.ioUs ?? 0));
    this.node.takeCpu(task.cpuUs, now);
    this.sim.schedule(wallUs, this.onFinish, task);
  }

  private finish(task: SearchTask): void {
    if (!this.running.delete(task)) return; // the node died under it: already failed
    this.completed++;
    task.done(true);
    this.pump();
  }

  private pump(): void {
    while (this.running.size < this.threads && this.head < this.queue.length) {
      const next = this.queue[this.head++] as SearchTask;
      this.start(next);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The node died: every running and queued request fails (the coordinator tries another copy). */
  crash(): void {
    const failed = [...this.running, ...this.queue.slice(this.head)];
    this.running = new Set();
    this.queue.length = 0;
    this.head = 0;
    for (const t of failed) t.done(false);
  }
}
