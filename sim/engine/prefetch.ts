/**
 * Software prefetch, for state scattered over a large fleet.
 *
 * At 10⁵ agents an event's state (an agent's record, its log's tick region, its
 * batch, its ledger tail) was last touched a virtual second ago and has left
 * the caches, and most of it is reached through an index read from other
 * state: request → agent record → batch slot, source → region offset → region.
 * Each step of such a chain is a cache miss that the CPU cannot start before
 * the previous one ends. JavaScript has no prefetch instruction; the nearest
 * thing is a plain load whose value is kept, so the engine cannot drop it.
 *
 * Where a component knows which items its next events will handle (a FIFO
 * server knows its next answers), it loads their lines a few events early, one
 * step of the chain per event: `Direct` loads the lines found from the item's
 * index alone, and an event later `Indirect` loads the lines found through
 * those, which are in cache by then. Each call then waits on independent
 * misses that overlap, instead of a chain of dependent ones later.
 *
 * A prefetching load that misses still holds up the instructions behind it,
 * so this pays only where it breaks a chain of dependent misses with events of
 * lead; prefetching the agents' wakes, predicted from the event heap, made
 * runs slower (docs/performance.md).
 *
 * Prefetching is a hint. It changes no simulated state and decides nothing: a
 * run is the same with or without it, only faster.
 */

/** Which lines a prefetch call loads. */
export const Prefetch = {
  /** The lines found from the item's index alone (a step before `Indirect`). */
  Direct: 0,
  /** The lines found through values that the `Direct` step brought into cache. */
  Indirect: 1,
} as const;
export type Prefetch = (typeof Prefetch)[keyof typeof Prefetch];

/** Doubles per 64-byte cache line. */
const LINE_DOUBLES = 8;

// Loaded values end here, so the optimizer cannot prove a prefetching load dead. A sum (not a
// plain store) keeps every load: consecutive plain stores would let it drop all but the last.
// A typed array, not a `let`: a double stored in a module variable is boxed, an allocation
// per store (measured: it cancelled the gain).
const kept = new Float64Array(1);

/** Keeps a loaded value, which makes its load happen. */
export function keep(value: number): void {
  kept[0] = (kept[0] as number) + value;
}

/**
 * Loads every cache line of `array[from, from + length)`, whatever the array's alignment:
 * one double in every stretch of LINE_DOUBLES − 1, and the last.
 */
export function prefetchDoubles(array: Float64Array, from: number, length: number): void {
  const start = Math.max(0, from);
  const end = Math.min(from + length, array.length);
  if (end <= start) return;
  let sum = array[end - 1] as number;
  for (let i = start; i < end; i += LINE_DOUBLES - 1) sum += array[i] as number;
  kept[0] = (kept[0] as number) + sum;
}
