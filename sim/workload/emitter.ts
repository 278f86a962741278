import type { EmissionProfile } from './emission-profile.ts';
import type { TickStore } from './tick-store.ts';

const NONE: readonly number[] = Object.freeze([]);

/**
 * The log one source writes: a view of its part of the run's TickStore, for
 * the components that ask about one source (log files, the needle catalog,
 * reports). Hot paths (the agent, the delivery recorder) ask the store by
 * source index directly, without this object in between.
 */
export class Emitter {
  constructor(
    readonly store: TickStore,
    readonly source: number,
  ) {}

  get profile(): EmissionProfile {
    return this.store.profile(this.source);
  }

  /** Lines emitted in (0, tUs]; generates ticks as needed. */
  linesAt(tUs: number): number {
    return this.store.linesAt(this.source, tUs);
  }

  /** Bytes of lines [fromOffset, toOffset). Offsets must not be older than the pruned horizon. */
  bytesBetween(fromOffset: number, toOffset: number): number {
    return this.store.bytesBetween(this.source, fromOffset, toOffset);
  }

  /** Error-level lines in [fromOffset, toOffset). */
  errorsBetween(fromOffset: number, toOffset: number): number {
    return this.store.errorsBetween(this.source, fromOffset, toOffset);
  }

  /** When line `offset` was emitted (interpolated inside its tick). */
  emitTimeOf(offset: number): number {
    return this.store.emitTimeOf(this.source, offset);
  }

  /** Calls `visit(lines, emitUs)` for the pieces of [fromOffset, toOffset) in each tick (see TickStore). */
  forEachTickPiece(
    fromOffset: number,
    toOffset: number,
    visit: (lines: number, emitUs: number) => void,
  ): void {
    this.store.forEachTickPiece(this.source, fromOffset, toOffset, visit);
  }

  /** The earliest instant in (afterUs, limitUs] by which `target` lines are emitted, or undefined. */
  timeWhenLinesReach(target: number, afterUs: number, limitUs: number): number | undefined {
    return this.store.timeWhenLinesReach(this.source, target, afterUs, limitUs);
  }

  /** Offsets of the needles planted so far (at or before the generated horizon). */
  get needles(): readonly number[] {
    return this.store.needles(this.source);
  }

  /** Emit times of the needles whose line is written so far, in planting order. */
  get needleEmitTimes(): readonly number[] {
    return this.store.needleEmitTimes(this.source);
  }

  /** Emit instants of the needles a head sampler dropped before they were written. */
  get sampledOutNeedlesUs(): readonly number[] {
    return this.store.headSampling(this.source)?.needlesUs ?? NONE;
  }

  /** Needles with offsets in [fromOffset, toOffset), in order. */
  needlesIn(fromOffset: number, toOffset: number): readonly number[] {
    return this.store.needlesIn(this.source, fromOffset, toOffset);
  }

  /** Forgets ticks that end at or before line `offset`: nothing will ask about older lines. */
  prune(offset: number): void {
    this.store.prune(this.source, offset);
  }

  /** Oldest offset still mapped to bytes and times. */
  get horizonOffset(): number {
    return this.store.horizonOffset(this.source);
  }
}
