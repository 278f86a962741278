import type { AgentFleet, AgentStats } from './agent-fleet.ts';
import type { AppStall } from './app-stall.ts';

export type { AgentCrash, AgentEnvironment, AgentStats, AgentWorld, TimeWindow } from './agent-fleet.ts';

/**
 * One shipping agent, as the report and the conservation check see it: a view
 * of its record in the run's AgentFleet, which holds every agent's state and
 * runs their events.
 */
export class Agent {
  constructor(
    private readonly fleet: AgentFleet,
    /** The source this agent ships (also its index in the fleet). */
    readonly source: number,
  ) {}

  /** Hosts the agent stands for (a cohort of identical hosts ships in lockstep). */
  get hosts(): number {
    return this.fleet.hostsOf(this.source);
  }

  /** Figures accumulated for the report (a snapshot). */
  get stats(): AgentStats {
    return this.fleet.stats(this.source);
  }

  /** Bytes read and not yet settled (queued, open or in flight). */
  get bufferBytes(): number {
    return this.fleet.bufferBytes(this.source);
  }

  /** Bytes of the buffer that live on disk. */
  get bufferDiskBytes(): number {
    return this.fleet.bufferDiskBytes(this.source);
  }

  /** Bytes of log files on disk now (0 without file rotation tracking). */
  fileDiskBytes(nowUs: number): number {
    return this.fleet.fileDiskBytes(this.source, nowUs);
  }

  /** How long the application has waited on this agent (a blocking logger on a socket). */
  get stall(): Pick<AppStall, 'blocked' | 'delayedLines' | 'stallUsAt'> {
    return this.fleet.stall(this.source);
  }

  /** Whether the agent is down (crashed, not yet restarted). */
  get isDown(): boolean {
    return this.fleet.isDown(this.source);
  }

  /** Ranges this agent holds for the conservation check: its buffer and the unread file (or app backlog). */
  heldRanges(): [number, number][] {
    return this.fleet.heldRanges(this.source);
  }
}
