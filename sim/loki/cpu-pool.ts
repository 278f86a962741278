/**
 * The CPU of a Loki component (issue 33, decision 10): the distributors as one
 * pool of their healthy cores, or one ingester's cores. Work is taken in
 * arrival order as by one server `cores` times as fast (a fluid FIFO, as the
 * Elasticsearch write pool in sim/elastic/write-pool.ts): a push finishes when
 * the work queued before it and its own CPU are done. A component offered more
 * CPU per second than it has falls behind without bound — its backlog, the
 * push latency and the agents' lag grow together, which is how an
 * under-provisioned Loki shows itself (requests time out, agents retry).
 *
 * Costs are CPU seconds per raw MB (10⁶ bytes) the component handles:
 * calibrated so the smallest cluster that keeps up with 3 and 30 TB/day is
 * within ±30 % of Grafana's sizing guide (tests/calibration/loki-sizing.test.ts).
 */
export interface CpuCost {
  /** Cores per instance. */
  readonly cores: number;
  /** CPU µs per raw byte. */
  readonly usPerByte: number;
}

/** A backlog of at least this much queued work counts as saturated (a healthy pool runs milliseconds behind). */
export const SATURATED_BACKLOG_US = 1_000_000;

export class CpuPool {
  private busyUntilUs = 0;
  /** CPU µs of work done or queued. */
  cpuUs = 0;
  /** The largest backlog seen at an arrival (µs of queued work ahead of it). */
  backlogPeakUs = 0;
  /** When the backlog first reached SATURATED_BACKLOG_US, if ever. */
  saturatedAtUs: number | undefined;

  constructor(private cores: number) {}

  /** Queues `bytes` of work at `nowUs`; returns when it is done. */
  take(bytes: number, cost: CpuCost, nowUs: number): number {
    const cpu = bytes * cost.usPerByte;
    const backlog = Math.max(0, this.busyUntilUs - nowUs);
    if (backlog > this.backlogPeakUs) this.backlogPeakUs = backlog;
    if (backlog >= SATURATED_BACKLOG_US && this.saturatedAtUs === undefined) this.saturatedAtUs = nowUs;
    this.cpuUs += cpu;
    if (this.cores <= 0) return Infinity;
    this.busyUntilUs = Math.max(nowUs, this.busyUntilUs) + cpu / this.cores;
    return this.busyUntilUs;
  }

  /** Cores change (a distributor goes down or comes back): queued work runs on what is left. */
  resize(cores: number): void {
    this.cores = cores;
  }

  /** A crash drops the queued work with the process. */
  reset(nowUs: number): void {
    this.busyUntilUs = nowUs;
  }
}
