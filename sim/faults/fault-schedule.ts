import type { RandomStream } from '../engine/rng.ts';
import { hitsHost, type FaultDef } from './fault-def.ts';

/** One instance of a fault on the run's timeline. */
export interface PlannedFault<Spec = unknown> {
  readonly def: FaultDef<Spec>;
  /** When it starts, µs. */
  readonly atUs: number;
  /** Its body, validated by `def.body`. */
  readonly spec: Spec;
}

/** Whether `fault` is an instance of `def` (narrows its spec to the def's). */
export function isFault<Spec>(fault: PlannedFault, def: FaultDef<Spec>): fault is PlannedFault<Spec> {
  return fault.def === (def as FaultDef);
}

/**
 * Instants of a fault that recurs on average every `meanEveryUs`: a Poisson
 * process over [0, horizonUs), drawn before the run starts, so every design
 * variant sees the same faults.
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
 * The faults of a run, as data fixed before the run begins. Each model asks
 * for the instances of the fault types it declared ({@link of}); faults aimed
 * at particular hosts give those hosts a different signature, so they never
 * share a cohort with hosts that do not see them.
 */
export class FaultSchedule {
  constructor(readonly faults: readonly PlannedFault[]) {}

  /** The instances of one fault type, in schedule order. */
  of<Spec>(def: FaultDef<Spec>): PlannedFault<Spec>[] {
    // Identity picks the type; its spec was validated by that very def's schema.
    return this.faults.filter((f) => isFault(f, def));
  }

  /** The instances of `def` that hit `host` of `service` (every instance without host targeting hits it). */
  hitting<Spec>(def: FaultDef<Spec>, service: string, host: number): PlannedFault<Spec>[] {
    return this.of(def).filter((f) => {
      const target = f.def.hostsOf?.(f.spec);
      return target === undefined || hitsHost(target, service, host);
    });
  }

  /** Key for cohort planning: the host-targeted faults (not aimed at all hosts) that hit this host. */
  signatureOf(service: string, host: number): string {
    const hits: number[] = [];
    this.faults.forEach((f, i) => {
      const target = f.def.hostsOf?.(f.spec);
      if (target === undefined || target.hosts === 'all') return;
      if (hitsHost(target, service, host)) hits.push(i);
    });
    return hits.join(',');
  }
}
