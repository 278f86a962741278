/**
 * `backend_down`: the whole write path of the backend is gone for a while,
 * whatever the backend is (decision 10; the backend-neutral fault that lets one
 * scenario put the same outage to Loki and to Elasticsearch). The model is the
 * front door every agent ships to — the load balancer in front of Loki's
 * distributors or Elasticsearch's coordinating nodes — with nothing behind it:
 *
 *   agent ──push──▶ front door ── down, refuse: 503 at once ──▶ the agent backs off and retries
 *                        │       └ down, timeout: no answer ──▶ the agent's request time-out, then retry
 *                        └── up ──▶ the backend, unchanged
 *
 * What the backend already stored stays stored and queryable; only new
 * writes fail. A scenario without the fault has no hop here at all.
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';
import type { Simulation } from '../engine/simulation.ts';
import { defineFault } from '../faults/fault-def.ts';
import type { FaultSchedule } from '../faults/fault-schedule.ts';
import type { IngestTarget, PushReplyTarget, PushRequest } from '../backend/push.ts';

export const backendDownFault = defineFault({
  key: 'backend_down',
  target: 'network',
  description: 'The backend write path is down.',
  recurs: true,
  body: z
    .strictObject({
      for: duration({ positive: 'an outage of no length would change nothing' }).describe('For this long.'),
      mode: z
        .enum(['refuse', 'timeout'])
        .default('refuse')
        .describe(
          'refuse: the front door answers 503 at once (the backends behind it are down); timeout: nothing answers (the front door itself is gone) and each push waits out the agent time-out. Default refuse.',
        ),
    })
    .describe(
      "Every push to the backend fails for a while, whatever the backend: Loki's distributors or Elasticsearch's coordinating nodes are all down. Stored data stays stored.",
    ),
});

/** A window [fromUs, toUs) during which the write path is down, and how it fails. */
export interface DownWindow {
  readonly fromUs: number;
  readonly toUs: number;
  readonly mode: 'refuse' | 'timeout';
}

/** The outages of a run, from its fault schedule. */
export function downWindowsOf(schedule: FaultSchedule): DownWindow[] {
  return schedule
    .of(backendDownFault)
    .map((f) => ({ fromUs: f.atUs, toUs: f.atUs + f.spec.for, mode: f.spec.mode }))
    .sort((a, b) => a.fromUs - b.fromUs);
}

/** The front door of the backend, failing every push during its windows. */
export class BackendDownHop implements IngestTarget {
  requestsRefused = 0;
  requestsUnanswered = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly next: IngestTarget,
    private readonly windows: readonly DownWindow[],
  ) {}

  receive(request: PushRequest, replyTo: PushReplyTarget): void {
    const now = this.sim.now;
    for (const w of this.windows) {
      if (now < w.fromUs) break;
      if (now >= w.toUs) continue;
      if (w.mode === 'timeout') {
        this.requestsUnanswered++;
        return;
      }
      this.requestsRefused++;
      request.outcome = { kind: 'retry', status: 503, reason: 'backend_down: the write path is down' };
      replyTo.reply(request);
      return;
    }
    this.next.receive(request, replyTo);
  }

  /** Nothing is held: a failed push stays the agent's. */
  heldRanges(): [number, number][] {
    return [];
  }

  report(): Record<string, unknown> {
    return {
      outages: this.windows.length,
      secondsDown: this.windows.reduce((t, w) => t + (w.toUs - w.fromUs), 0) / 1e6,
      requestsRefused: this.requestsRefused,
      requestsUnanswered: this.requestsUnanswered,
    };
  }
}
