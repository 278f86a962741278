/**
 * The yardstick for `mm1`: the same M/M/1 model (same streams, same
 * distributions, same integer-microsecond clock, same statistics) written as
 * one bare loop over a minimal inline binary heap of numbers. Whatever `mm1`
 * loses against this is the price of the engine's generality (handlers,
 * payloads, cancellation, insertion-order ties).
 *
 * An event is one number: instant·2 + kind (0 arrival, 1 departure), exact
 * while instants stay below 2^52 µs.
 */
import { exponential } from '../sim/engine/distributions.ts';
import { RandomStreams } from '../sim/engine/rng.ts';
import { batchMeans } from './batch-means.ts';
import { timeBest } from './measure.ts';
import { MM1_REPETITIONS, mm1Fields } from './mm1.ts';
import { MM1_DEFAULTS, type Mm1Params, type Mm1Result } from './mm1-model.ts';

/** `mm1-baseline`: the same fields as `mm1`, for the hand-written loop. */
export function mm1BaselineBenchmark(): object {
  const p = MM1_DEFAULTS;
  const { result, seconds } = timeBest(() => simulateMm1Baseline(p), MM1_REPETITIONS);
  return mm1Fields(p, result, seconds);
}

export function simulateMm1Baseline(p: Mm1Params): Mm1Result {
  const streams = new RandomStreams(p.seed);
  const arrivals = streams.stream('mm1/arrivals');
  const services = streams.stream('mm1/services');
  const arrivalRateUs = p.lambda / p.usPerUnit;
  const serviceRateUs = p.mu / p.usPerUnit;

  let heap = new Float64Array(64);
  let heapSize = 0;
  const push = (key: number): void => {
    if (heapSize === heap.length) {
      const bigger = new Float64Array(heap.length * 2);
      bigger.set(heap);
      heap = bigger;
    }
    let hole = heapSize++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pk = heap[parent] as number;
      if (pk <= key) break;
      heap[hole] = pk;
      hole = parent;
    }
    heap[hole] = key;
  };
  const pop = (): number => {
    const top = heap[0] as number;
    const key = heap[--heapSize] as number;
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= heapSize) break;
      let ck = heap[child] as number;
      if (child + 1 < heapSize && (heap[child + 1] as number) < ck) ck = heap[++child] as number;
      if (key <= ck) break;
      heap[hole] = ck;
      hole = child;
    }
    heap[hole] = key;
    return top;
  };

  let waiting = new Float64Array(1024);
  let head = 0;
  let count = 0;
  let busy = false;
  let started = 0;
  let inSystem = 0;
  let lastChangeUs = 0;
  const batchSize = Math.floor(p.customers / p.batches);
  const waitSums = new Float64Array(p.batches);
  const areas = new Float64Array(p.batches);
  const spansUs = new Float64Array(p.batches);
  let batchStartUs = 0;
  let batch = -1;
  let events = 0;

  push(Math.ceil(exponential(arrivals, arrivalRateUs)) * 2);
  for (;;) {
    const key = pop();
    events++;
    const kind = key % 2;
    const now = (key - kind) / 2;
    if (batch >= 0) areas[batch] = (areas[batch] as number) + inSystem * (now - lastChangeUs);
    lastChangeUs = now;
    let arrivedUs = -1;
    if (kind === 0) {
      inSystem++;
      push((now + Math.ceil(exponential(arrivals, arrivalRateUs))) * 2);
      if (busy) {
        if (count === waiting.length) {
          const bigger = new Float64Array(waiting.length * 2);
          for (let i = 0; i < count; i++) bigger[i] = waiting[(head + i) & (waiting.length - 1)] as number;
          waiting = bigger;
          head = 0;
        }
        waiting[(head + count) & (waiting.length - 1)] = now;
        count++;
      } else {
        busy = true;
        arrivedUs = now;
      }
    } else {
      inSystem--;
      if (count > 0) {
        arrivedUs = waiting[head] as number;
        head = (head + 1) & (waiting.length - 1);
        count--;
      } else {
        busy = false;
      }
    }
    if (arrivedUs < 0) continue;
    // A customer starts service now.
    const index = started - p.warmupCustomers;
    started++;
    if (index >= 0) {
      const b = Math.floor(index / batchSize);
      if (b >= p.batches) {
        spansUs[batch] = now - batchStartUs;
        break;
      }
      if (b !== batch) {
        if (batch >= 0) spansUs[batch] = now - batchStartUs;
        batch = b;
        batchStartUs = now;
      }
      waitSums[b] = (waitSums[b] as number) + (now - arrivedUs);
    }
    push((now + Math.ceil(exponential(services, serviceRateUs))) * 2 + 1);
  }

  const wq = batchMeans(Array.from(waitSums, (s) => s / (batchSize * p.usPerUnit)));
  const l = batchMeans(Array.from(areas, (a, i) => a / (spansUs[i] as number)));
  return {
    wq: wq.mean,
    wqCi95: wq.halfWidth95,
    l: l.mean,
    lCi95: l.halfWidth95,
    events,
    customersServed: started,
  };
}
