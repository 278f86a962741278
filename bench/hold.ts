/**
 * `hold`: the classic hold model (Vaucher & Duval 1975) on the EventQueue
 * alone. The queue is filled to N pending events; each operation pops the
 * earliest and pushes it back at its time plus an exponential increment, so
 * the size stays N. Reported as hold operations (one pop + one push) per
 * second at N = 10^3 … 10^6.
 */
import { exponential } from '../sim/engine/distributions.ts';
import { EventQueue, type PoppedEvent } from '../sim/engine/event-queue.ts';
import { RandomStreams } from '../sim/engine/rng.ts';
import { timeBest } from './measure.ts';

const SIZES = [1e3, 1e4, 1e5, 1e6] as const;
/** Hold operations timed per size: enough to dwarf timer noise, few enough to finish in seconds. */
const OPERATIONS = 2_000_000;
/** Mean increment, µs; its scale does not matter to the heap, only its shape. */
const MEAN_INCREMENT_US = 1_000_000;

const noop = (): void => {};

function hold(size: number): number {
  const rng = new RandomStreams(1).stream(`hold/${size}`);
  const rate = 1 / MEAN_INCREMENT_US;
  const queue = new EventQueue();
  for (let i = 0; i < size; i++) queue.push(Math.ceil(exponential(rng, rate)), noop, undefined);
  const sink: PoppedEvent = { time: 0, seq: 0, handler: undefined, payload: undefined };
  const { seconds } = timeBest(
    () => {
      for (let i = 0; i < OPERATIONS; i++) {
        queue.popInto(sink);
        queue.push(sink.time + Math.ceil(exponential(rng, rate)), noop, undefined);
      }
    },
    3,
    1,
  );
  return OPERATIONS / seconds;
}

export function holdBenchmark(): object {
  const fields: Record<string, number> = {};
  for (const size of SIZES) fields[`opsPerSec_1e${Math.log10(size)}`] = hold(size);
  return { operations: OPERATIONS, ...fields };
}
