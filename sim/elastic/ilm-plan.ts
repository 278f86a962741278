/**
 * Index lifecycle management over a long horizon, at the step of one index
 * (decisions 07, 08): every index the run's rate fills moves hot → warm →
 * cold → frozen → delete as its age since rollover passes each phase's
 * `min_age`, one phase after the other (facts.md §3: min_age counts from
 * rollover; a phase starts only when the previous one is done).
 *
 *   hot     the data nodes: every copy (1 + replicas) on their disks
 *   warm    warm nodes: every copy, on their disks (allocate/migrate)
 *   cold    a searchable snapshot, fully mounted: one copy on the cold
 *           nodes' disks (no replicas: the snapshot is the redundancy)
 *   frozen  partially mounted: the bytes live in the snapshot repository,
 *           the frozen nodes keep a shared cache of what is searched
 *   delete  gone from every tier and (with its searchable snapshot) from the repository
 *
 * A migrate step needs room on the next tier: the allocation decider puts no
 * shard on a node above the low watermark, so an index that does not fit
 * stays on its dearer tier and retries at the next step ("stuck ILM") —
 * holding its bytes on the wrong tier, and, while stuck, never reaching its
 * delete phase. The first searchable snapshot (cold, or frozen without cold)
 * writes the index to the repository once; the frozen phase reuses it.
 *
 * The run measures the flow (bytes per index); the plan carries it forward
 * index by index, so a year costs a few hundred steps, not a simulated year.
 */

export type DataTier = 'hot' | 'warm' | 'cold' | 'frozen';
export const DATA_TIERS: readonly DataTier[] = ['hot', 'warm', 'cold', 'frozen'];

/** One phase after hot: when an index enters it, and the room its tier has. */
export interface TierPhase {
  readonly tier: Exclude<DataTier, 'hot'>;
  readonly minAgeUs: number;
  /** Bytes the tier's nodes may hold (nodes × disk × low watermark); Infinity for frozen (a cache). */
  readonly capacityBytes: number;
}

export interface IlmInput {
  /** An index is rolled over (and a new one started) this often. */
  readonly indexPeriodUs: number;
  /** The plan's step: ILM acts at each (its poll, coarsened to this). */
  readonly stepUs: number;
  /** Primary bytes of one index (one copy of each shard). */
  readonly primaryBytes: number;
  readonly replicas: number;
  /** Phases after hot, in order of min_age. */
  readonly phases: readonly TierPhase[];
  /** min_age of the delete phase (undefined: never deleted). */
  readonly deleteAgeUs: number | undefined;
  /** Bytes the hot tier's nodes hold before the flood stage (nodes × disk × flood watermark). */
  readonly hotFloodBytes: number;
  readonly horizonUs: number;
}

/** Where the indices are at one step. */
export interface IlmStep {
  readonly atUs: number;
  /** Bytes on each tier's disks (frozen: 0, its bytes are in the repository). */
  readonly tierBytes: Readonly<Record<DataTier, number>>;
  /** Bytes in the snapshot repository. */
  readonly repositoryBytes: number;
  /** Bytes written to the repository at this step. */
  readonly snapshotBytes: number;
  /** Bytes held on a tier their age has left behind (stuck migrates). */
  readonly stuckBytes: number;
  /** Bytes older than the delete phase's min_age still stored (stuck before it). */
  readonly pastRetentionBytes: number;
}

/** An index that waited on a tier for room on the next. */
export interface StuckMigrate {
  readonly index: number;
  readonly tier: DataTier;
  readonly wanted: DataTier;
  readonly sinceUs: number;
  /** How long it waited (to the horizon if it never moved). */
  readonly forUs: number;
  /** Bytes it held on the wrong tier meanwhile. */
  readonly bytes: number;
}

export interface IlmPlan {
  readonly steps: readonly IlmStep[];
  readonly stuck: readonly StuckMigrate[];
  /** First step the hot tier passed its flood stage (writes blocked), or undefined. */
  readonly hotFloodAtUs: number | undefined;
  /** For each index: when it rolled over, and when it entered each tier, was snapshotted, deleted (absent: never). */
  readonly indices: readonly IndexLife[];
}

/** One index's life: when it rolled over (its age counts from then) and when each step of it happened. */
export interface IndexLife {
  readonly rolledAtUs: number;
  readonly entered: Readonly<Partial<Record<DataTier | 'snapshot' | 'deleted', number>>>;
}

interface IndexState {
  readonly rolledAtUs: number;
  /** Index into the phases: −1 hot, phases.length deleted. */
  phase: number;
  snapshotted: boolean;
  stuckSinceUs: number | undefined;
  readonly entered: Partial<Record<DataTier | 'snapshot' | 'deleted', number>>;
}

/** Bytes an index holds on a tier's disks. */
function diskBytes(tier: DataTier, input: IlmInput): number {
  switch (tier) {
    case 'hot':
    case 'warm':
      return input.primaryBytes * (1 + input.replicas);
    case 'cold':
      return input.primaryBytes;
    case 'frozen':
      return 0;
  }
}

/**
 * Runs the lifecycle of every index rolled over before the horizon, one step
 * at a time: rollovers at multiples of the period, then, oldest index first,
 * every phase whose min_age the index has reached and whose tier has room.
 */
export function planLifecycle(input: IlmInput): IlmPlan {
  const period = input.indexPeriodUs;
  const step = Math.min(input.stepUs, period);
  const indices: IndexState[] = [];
  const steps: IlmStep[] = [];
  const stuck: StuckMigrate[] = [];
  let hotFloodAtUs: number | undefined;
  const tierOf = (s: IndexState): DataTier => (s.phase < 0 ? 'hot' : input.phases[s.phase]!.tier);
  const live = (s: IndexState): boolean => s.phase < input.phases.length;
  const endStuck = (s: IndexState, i: number, wanted: DataTier, atUs: number): void => {
    if (s.stuckSinceUs === undefined) return;
    const bytes = diskBytes(tierOf(s), input);
    stuck.push({
      index: i,
      tier: tierOf(s),
      wanted,
      sinceUs: s.stuckSinceUs,
      forUs: atUs - s.stuckSinceUs,
      bytes,
    });
    s.stuckSinceUs = undefined;
  };

  let rolloverUs = period;
  for (let k = 1; k * step <= input.horizonUs; k++) {
    const t = k * step;
    // The write index rolls over once its period is up; a new one starts in hot.
    while (rolloverUs <= t) {
      indices.push({
        rolledAtUs: rolloverUs,
        phase: -1,
        snapshotted: false,
        stuckSinceUs: undefined,
        entered: { hot: rolloverUs - period },
      });
      rolloverUs += period;
    }
    const held: Record<DataTier, number> = { hot: 0, warm: 0, cold: 0, frozen: 0 };
    for (const s of indices) if (live(s)) held[tierOf(s)] += diskBytes(tierOf(s), input);
    let snapshotBytes = 0;
    // Oldest first: the oldest index takes the room that frees.
    indices.forEach((s, i) => {
      const age = t - s.rolledAtUs;
      while (live(s)) {
        const next = s.phase + 1;
        if (next === input.phases.length) {
          if (input.deleteAgeUs === undefined || age < input.deleteAgeUs) return;
          held[tierOf(s)] -= diskBytes(tierOf(s), input);
          s.phase = next;
          s.entered.deleted = t;
          return;
        }
        const phase = input.phases[next]!;
        if (age < phase.minAgeUs) return;
        const need = diskBytes(phase.tier, input);
        if (held[phase.tier] + need > phase.capacityBytes) {
          s.stuckSinceUs ??= t;
          return;
        }
        endStuck(s, i, phase.tier, t);
        held[tierOf(s)] -= diskBytes(tierOf(s), input);
        held[phase.tier] += need;
        s.phase = next;
        s.entered[phase.tier] = t;
        if ((phase.tier === 'cold' || phase.tier === 'frozen') && !s.snapshotted) {
          s.snapshotted = true;
          s.entered.snapshot = t;
          snapshotBytes += input.primaryBytes;
        }
      }
    });
    let repositoryBytes = 0;
    let stuckBytes = 0;
    let pastRetentionBytes = 0;
    for (const s of indices) {
      if (!live(s)) continue;
      const repo = s.snapshotted ? input.primaryBytes : 0;
      repositoryBytes += repo;
      if (s.stuckSinceUs !== undefined) stuckBytes += diskBytes(tierOf(s), input);
      if (input.deleteAgeUs !== undefined && t - s.rolledAtUs >= input.deleteAgeUs)
        pastRetentionBytes += diskBytes(tierOf(s), input) + repo;
    }
    // The write index, as full as its period so far.
    const writing = diskBytes('hot', input) * (1 - (rolloverUs - t) / period);
    const hot = held.hot + writing;
    if (hotFloodAtUs === undefined && hot > input.hotFloodBytes) hotFloodAtUs = t;
    steps.push({
      atUs: t,
      tierBytes: { ...held, hot, frozen: 0 },
      repositoryBytes,
      snapshotBytes,
      stuckBytes,
      pastRetentionBytes,
    });
  }
  // Migrates still waiting at the horizon.
  indices.forEach((s, i) => {
    const next = input.phases[s.phase + 1];
    if (next !== undefined) endStuck(s, i, next.tier, input.horizonUs);
  });
  return {
    steps,
    stuck,
    hotFloodAtUs,
    indices: indices.map((s) => ({ rolledAtUs: s.rolledAtUs, entered: { ...s.entered } })),
  };
}
