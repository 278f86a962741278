import type { Simulation } from '../engine/simulation.ts';
import type { SimTime } from '../engine/time.ts';

/** Latency and bandwidth of one host's path to the backend. */
export interface LinkConfig {
  readonly latencyUs: number;
  readonly bandwidthBytesPerSec: number;
}

/** A period during which a link is slower (a network stall fault). */
export interface LinkStall {
  readonly fromUs: number;
  readonly toUs: number;
  readonly extraLatencyUs: number;
  /** Bandwidth is multiplied by this (1 = unchanged). */
  readonly bandwidthFactor: number;
}

/**
 * A host's network path. Transmissions from one sender are serialised (a
 * batch waits for the previous one to leave the NIC); a cohort of k hosts has
 * k links in parallel, so its bandwidth is k times one host's.
 */
export class Link {
  constructor(
    private readonly sim: Simulation,
    private readonly config: LinkConfig,
    private readonly parallelHosts: number,
    private readonly stalls: readonly LinkStall[] = [],
  ) {}

  /**
   * When a sender whose NIC is busy until `nicFreeAtUs` has put `bytes` handed to it now on the
   * wire: its NIC is busy until then. The sender keeps that clock (one number), so hosts with
   * the same path share one Link: a fleet of 100k single-host cohorts pays a field per host,
   * not an object.
   */
  transmitEnd(nicFreeAtUs: SimTime, bytes: number): SimTime {
    const now = this.sim.now;
    const bandwidth =
      this.config.bandwidthBytesPerSec * this.parallelHosts * (this.stallAt(now)?.bandwidthFactor ?? 1);
    return Math.max(now, nicFreeAtUs) + Math.ceil((bytes * 1e6) / bandwidth);
  }

  /** When bytes sent now that leave the NIC at `leftNicUs` arrive at the far end. */
  arrivalTime(leftNicUs: SimTime): SimTime {
    return leftNicUs + this.config.latencyUs + (this.stallAt(this.sim.now)?.extraLatencyUs ?? 0);
  }

  /** When a small reply sent now arrives back. */
  replyTime(): SimTime {
    const now = this.sim.now;
    return now + this.config.latencyUs + (this.stallAt(now)?.extraLatencyUs ?? 0);
  }

  private stallAt(tUs: number): LinkStall | undefined {
    // An indexed loop: for-of allocated an iterator on every send and reply (measured).
    const stalls = this.stalls;
    for (let k = 0; k < stalls.length; k++) {
      const s = stalls[k] as LinkStall;
      if (tUs >= s.fromUs && tUs < s.toUs) return s;
    }
    return undefined;
  }
}
