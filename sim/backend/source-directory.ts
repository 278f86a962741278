import type { TickStore } from '../workload/tick-store.ts';

/** Who a source is: a cohort of identical hosts of one service. */
export interface SourceInfo {
  readonly service: string;
  /** First host index (within the service) and host count. */
  readonly firstHost: number;
  readonly hosts: number;
  /** Stable name (`api/hosts-0-49`). */
  readonly name: string;
}

/**
 * The sources that push into a run's pipeline, by index: what a stage may
 * know about a request's sender (its service and hosts, when a line was
 * written) without a callback into whoever built the run. Filled as the
 * cohorts are planned, before the first event.
 */
export class SourceDirectory {
  private readonly sources: SourceInfo[] = [];

  constructor(private readonly ticks: TickStore) {}

  /** Adds the next source; returns its index. */
  add(info: SourceInfo): number {
    this.sources.push(info);
    return this.sources.length - 1;
  }

  get size(): number {
    return this.sources.length;
  }

  info(source: number): SourceInfo {
    const s = this.sources[source];
    if (s === undefined) throw new Error(`push from unknown source ${source}`);
    return s;
  }

  /** Emit time (µs) of a line of `source` (an entry's timestamp as its agent parsed it). */
  emitTimeOf(source: number, offset: number): number {
    return source < this.ticks.sourceCount ? this.ticks.emitTimeOf(source, offset) : 0;
  }

  /** Every source, in index order. */
  all(): readonly SourceInfo[] {
    return this.sources;
  }
}
