import type { BackendOutage } from '../backend/generic-endpoint.ts';
import type { RandomStream } from '../engine/rng.ts';
import type { LinkStall } from '../network/link.ts';

/** Which hosts of a service a fault hits: all of them, the first N, or listed host indices. */
export type HostSelection = 'all' | { readonly first: number } | { readonly ids: readonly number[] };

/** Whether `host` (an index within its service) is in the selection. */
export function selectsHost(selection: HostSelection, host: number): boolean {
  if (selection === 'all') return true;
  if ('first' in selection) return host < selection.first;
  return selection.ids.includes(host);
}

/** The backend refuses (503) or swallows (time-out) every push for a while. */
export interface OutageFault {
  readonly kind: 'outage';
  readonly fromUs: number;
  readonly toUs: number;
  readonly mode: 'refuse' | 'timeout';
}

/** The links of some hosts get slower for a while: more latency, less bandwidth. */
export interface NetworkStallFault {
  readonly kind: 'network_stall';
  /** undefined: every service. */
  readonly service: string | undefined;
  readonly hosts: HostSelection;
  readonly fromUs: number;
  readonly toUs: number;
  readonly extraLatencyUs: number;
  readonly bandwidthFactor: number;
}

/** The agent process on some hosts dies, and is restarted after a delay. */
export interface AgentCrashFault {
  readonly kind: 'agent_crash';
  readonly service: string | undefined;
  readonly hosts: HostSelection;
  readonly atUs: number;
  readonly restartAfterUs: number;
}

/** A service writes `factor` times its rate for a while. */
export interface ChattyFault {
  readonly kind: 'chatty';
  readonly service: string;
  readonly fromUs: number;
  readonly toUs: number;
  readonly factor: number;
}

/** The disk of some hosts is full for a while: log files and disk buffers cannot grow. */
export interface DiskFullFault {
  readonly kind: 'disk_full';
  readonly service: string | undefined;
  readonly hosts: HostSelection;
  readonly fromUs: number;
  readonly toUs: number;
}

export type ScheduledFault = OutageFault | NetworkStallFault | AgentCrashFault | ChattyFault | DiskFullFault;

/**
 * Instants of a fault that recurs on average every `meanEveryUs`: a Poisson
 * process over [0, horizonUs), drawn from the `faults` stream before the run
 * starts, so every design variant sees the same faults.
 */
export function poissonInstants(rng: RandomStream, meanEveryUs: number, horizonUs: number): number[] {
  const out: number[] = [];
  let t = 0;
  for (;;) {
    t += Math.max(1, Math.round(-Math.log(1 - rng.next()) * meanEveryUs));
    if (t >= horizonUs) return out;
    out.push(t);
  }
}

/**
 * The faults of a run, as data fixed before the run begins. It answers what
 * each component needs: the backend's outages, a service's bursts, and the
 * crashes, disk-full windows and link stalls of a cohort of hosts. Faults
 * aimed at particular hosts give those hosts a different signature, so they
 * never share a cohort with hosts that do not see them.
 */
export class FaultSchedule {
  constructor(readonly faults: readonly ScheduledFault[]) {}

  outages(): BackendOutage[] {
    return this.faults.flatMap((f) =>
      f.kind === 'outage' ? [{ fromUs: f.fromUs, toUs: f.toUs, mode: f.mode }] : [],
    );
  }

  chattyBursts(service: string): { fromUs: number; toUs: number; factor: number }[] {
    return this.faults.flatMap((f) =>
      f.kind === 'chatty' && f.service === service
        ? [{ fromUs: f.fromUs, toUs: f.toUs, factor: f.factor }]
        : [],
    );
  }

  /** Key for cohort planning: the host-targeted faults that hit this host. */
  signatureOf(service: string, host: number): string {
    const hits: number[] = [];
    this.faults.forEach((f, i) => {
      if (f.kind === 'outage' || f.kind === 'chatty' || f.hosts === 'all') return;
      if (this.hitsHost(f, service, host)) hits.push(i);
    });
    return hits.join(',');
  }

  /** Crashes of the agent on `host` (any host of a cohort: they share a signature). */
  crashesOf(service: string, host: number): { atUs: number; restartAfterUs: number }[] {
    return this.faults.flatMap((f) =>
      f.kind === 'agent_crash' && this.hitsHost(f, service, host)
        ? [{ atUs: f.atUs, restartAfterUs: f.restartAfterUs }]
        : [],
    );
  }

  diskFullOf(service: string, host: number): { fromUs: number; toUs: number }[] {
    return this.faults.flatMap((f) =>
      f.kind === 'disk_full' && this.hitsHost(f, service, host) ? [{ fromUs: f.fromUs, toUs: f.toUs }] : [],
    );
  }

  stallsOf(service: string, host: number): LinkStall[] {
    return this.faults.flatMap((f) =>
      f.kind === 'network_stall' && this.hitsHost(f, service, host)
        ? [
            {
              fromUs: f.fromUs,
              toUs: f.toUs,
              extraLatencyUs: f.extraLatencyUs,
              bandwidthFactor: f.bandwidthFactor,
            },
          ]
        : [],
    );
  }

  private hitsHost(
    f: NetworkStallFault | AgentCrashFault | DiskFullFault,
    service: string,
    host: number,
  ): boolean {
    return (f.service === undefined || f.service === service) && selectsHost(f.hosts, host);
  }
}
