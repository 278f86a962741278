/**
 * Where the needles are: every needle line the workload planted, by emit
 * time and service, so a needle query can ask for one that really exists
 * (user-needs: "the needle a query will look for"). Whether it is found is
 * then up to the write path: delivered into a chunk of a matching stream, or
 * lost, or still on its way.
 *
 * The emitter plants needles as it generates ticks and records each one's
 * emit time when the tick holding its line is generated, so a needle's time
 * is exact even after the agent let the emitter forget that tick (a sparse,
 * head-sampled stream would otherwise fall far from its planting instant).
 * Only a planter without recorded times falls back to the planting instant.
 */

/** What the catalog reads from an emitter (sim/workload/emitter.ts). */
export interface NeedlePlanter {
  /** Offsets of the needles planted so far. */
  readonly needles: readonly number[];
  /** Oldest offset whose emit time is still known. */
  readonly horizonOffset: number;
  emitTimeOf(offset: number): number;
  /** Emit times of the needles whose line is written, in planting order (a prefix of `needles`). */
  readonly needleEmitTimes?: readonly number[];
  readonly profile: { readonly needleEveryUs: number };
  /** Emit instants of needles a head sampler dropped before they were written (never found). */
  readonly sampledOutNeedlesUs?: readonly number[];
}

/** One planted needle. */
export interface PlantedNeedle {
  /** Emit timestamp, µs: the entry timestamp a chunk records for it. */
  readonly tsUs: number;
  readonly service: string;
  /** The source (cohort of hosts) that wrote it. */
  readonly source: number;
}

/**
 * The entry timestamp of a needle line: its interpolated emit time, rounded
 * to the microsecond, as the Loki backend stamps needles
 * (sim/loki/loki-backend.ts: Math.round(emitTimeOf(source, offset))).
 */
export function needleTimestampUs(planter: NeedlePlanter, offset: number, index: number): number {
  const recorded = planter.needleEmitTimes?.[index];
  if (recorded !== undefined) return Math.round(recorded);
  if (offset < planter.horizonOffset) return (index + 1) * planter.profile.needleEveryUs;
  return Math.round(planter.emitTimeOf(offset));
}

interface Source {
  readonly service: string;
  readonly planter: NeedlePlanter;
  copied: number;
  copiedSampledOut: number;
}

/** Needles of every source, sorted by emit time (then service). */
export class NeedleCatalog {
  private readonly sources: Source[] = [];
  private readonly all: PlantedNeedle[] = [];
  private dirty = false;

  /** Registers an emitter of `service`. */
  addSource(service: string, planter: NeedlePlanter): void {
    this.sources.push({ service, planter, copied: 0, copiedSampledOut: 0 });
  }

  /** Copies needles planted since the last refresh. */
  refresh(): void {
    for (let source = 0; source < this.sources.length; source++) {
      const s = this.sources[source] as Source;
      const offsets = s.planter.needles;
      for (; s.copied < offsets.length; s.copied++) {
        const offset = offsets[s.copied] as number;
        this.all.push({ tsUs: needleTimestampUs(s.planter, offset, s.copied), service: s.service, source });
        this.dirty = true;
      }
      // A needle sampled out at emit was still planted: a query may look for it, and will not find it.
      const dropped = s.planter.sampledOutNeedlesUs ?? [];
      for (; s.copiedSampledOut < dropped.length; s.copiedSampledOut++) {
        this.all.push({ tsUs: dropped[s.copiedSampledOut] as number, service: s.service, source });
        this.dirty = true;
      }
    }
    if (this.dirty) {
      this.all.sort(
        (a, b) => a.tsUs - b.tsUs || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0),
      );
      this.dirty = false;
    }
  }

  /** Whether any source plants needles at all. */
  get hasPlanters(): boolean {
    return this.sources.some((s) => s.planter.profile.needleEveryUs > 0);
  }

  /** Needles with fromUs ≤ tsUs ≤ toUs, of `service` when given, oldest first. */
  between(fromUs: number, toUs: number, service?: string): PlantedNeedle[] {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.all[mid] as PlantedNeedle).tsUs < fromUs) lo = mid + 1;
      else hi = mid;
    }
    const out: PlantedNeedle[] = [];
    for (let i = lo; i < this.all.length; i++) {
      const n = this.all[i] as PlantedNeedle;
      if (n.tsUs > toUs) break;
      if (service === undefined || n.service === service) out.push(n);
    }
    return out;
  }
}
