import type { Simulation } from '../engine/simulation.ts';
import type { IngestTarget, PushReplyTarget, PushRequest } from '../backend/push.ts';

/** A window [fromUs, toUs) during which a source's hosts cannot reach the next stage. */
export interface CutOff {
  readonly fromUs: number;
  readonly toUs: number;
}

/**
 * The far end of the agents' links when some hosts are partitioned off: a
 * request that arrives while its source is cut off is lost in the network
 * (nothing answers; the agent's time-out and retry take over), anything else
 * goes on to the next stage unchanged. A design without partitions has no
 * hop here at all, so the common path pays nothing for it.
 */
export class PartitionHop implements IngestTarget {
  private readonly cutOffs: (readonly CutOff[] | undefined)[] = [];
  /** Requests that never arrived, counted per request (a cohort's request stands for its hosts'). */
  requestsPartitioned = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly next: IngestTarget,
  ) {}

  /** The windows during which `source` is cut off. */
  setCutOffs(source: number, windows: readonly CutOff[]): void {
    this.cutOffs[source] = windows.length > 0 ? windows : undefined;
  }

  receive(request: PushRequest, replyTo: PushReplyTarget): void {
    const windows = this.cutOffs[request.source];
    if (windows !== undefined) {
      const now = this.sim.now;
      for (let k = 0; k < windows.length; k++) {
        const w = windows[k] as CutOff;
        if (now >= w.fromUs && now < w.toUs) {
          this.requestsPartitioned++;
          return;
        }
      }
    }
    this.next.receive(request, replyTo);
  }

  /** Nothing is held: a dropped request stays the agent's until its time-out. */
  heldRanges(): [number, number][] {
    return [];
  }

  report(): Record<string, unknown> {
    return { requestsPartitioned: this.requestsPartitioned };
  }
}
