/**
 * The M/M/1 queue on the engine's public API only (Simulation, schedule,
 * stop, named streams, distributions): Poisson arrivals at rate λ, one server
 * with exponential service at rate μ, first come first served.
 *
 * It is the engine's analytic oracle (tests/engine/mm1.test.ts checks the
 * mean wait against ρ/(μ−λ)) and its throughput benchmark (bench/mm1.ts).
 * One model unit of time is `usPerUnit` microseconds of virtual time, so the
 * integer clock has ample resolution for exponential durations.
 *
 *   arrival ──► [queue of arrival instants] ──► server ──► departure
 *      └─ schedules the next arrival            └─ schedules its own departure
 */
import { exponential } from '../sim/engine/distributions.ts';
import type { RandomStream } from '../sim/engine/rng.ts';
import { Simulation } from '../sim/engine/simulation.ts';
import { batchMeans } from './batch-means.ts';

export interface Mm1Params {
  /** Arrival rate, customers per model time unit. */
  lambda: number;
  /** Service rate, customers per model time unit. */
  mu: number;
  /** Customers measured after the warm-up (counted when they start service). */
  customers: number;
  /** Customers discarded first, so the empty start does not bias the waits. */
  warmupCustomers: number;
  /** Number of batches for the batch-means confidence interval. */
  batches: number;
  seed: number;
  /** Microseconds of virtual time per model time unit. */
  usPerUnit: number;
}

export interface Mm1Result {
  /** Mean wait in queue (model time units) over the measured customers. */
  wq: number;
  /** Half-width of its 95% confidence interval by batch means. */
  wqCi95: number;
  /** Time-average number in system over the measured span. */
  l: number;
  /** Half-width of its 95% confidence interval by batch means. */
  lCi95: number;
  /** Events the simulation processed (about two per customer). */
  events: number;
  /** Customers that started service, warm-up included. */
  customersServed: number;
}

export const MM1_DEFAULTS: Mm1Params = {
  lambda: 0.8,
  mu: 1,
  customers: 1_000_000,
  warmupCustomers: 10_000,
  batches: 20,
  seed: 1,
  usPerUnit: 1_000_000,
};

/** Runs the M/M/1 model to completion and returns its estimates. */
export function simulateMm1(params: Mm1Params): Mm1Result {
  const model = new Mm1Model(params);
  return model.run();
}

class Mm1Model {
  private readonly sim: Simulation;
  private readonly arrivals: RandomStream;
  private readonly services: RandomStream;
  private readonly arrivalRateUs: number;
  private readonly serviceRateUs: number;

  // FIFO of arrival instants of waiting customers: a growable ring buffer.
  private waiting = new Float64Array(1024);
  private head = 0;
  private count = 0;
  private busy = false;

  // Statistics.
  private started = 0;
  private inSystem = 0;
  private lastChangeUs = 0;
  private readonly batchSize: number;
  private readonly waitSums: Float64Array;
  private readonly areas: Float64Array;
  private readonly spansUs: Float64Array;
  private batchStartUs = 0;
  private batch = -1; // -1 during warm-up

  // Handlers are bound once, so scheduling allocates nothing.
  private readonly onArrival = (): void => this.arrive();
  private readonly onDeparture = (): void => this.depart();

  constructor(private readonly p: Mm1Params) {
    this.sim = new Simulation(p.seed);
    this.arrivals = this.sim.random.stream('mm1/arrivals');
    this.services = this.sim.random.stream('mm1/services');
    this.arrivalRateUs = p.lambda / p.usPerUnit;
    this.serviceRateUs = p.mu / p.usPerUnit;
    this.batchSize = Math.floor(p.customers / p.batches);
    this.waitSums = new Float64Array(p.batches);
    this.areas = new Float64Array(p.batches);
    this.spansUs = new Float64Array(p.batches);
  }

  run(): Mm1Result {
    const p = this.p;
    this.sim.schedule(exponential(this.arrivals, this.arrivalRateUs), this.onArrival, undefined);
    // Every run has a hard limit: a little over two events per customer.
    const reason = this.sim.run({ untilUs: Infinity, maxEvents: 3 * (p.customers + p.warmupCustomers) + 10 });
    if (reason !== 'stopped') throw new Error(`M/M/1 run ended early: ${reason}`);
    const waits = Array.from(this.waitSums, (s) => s / (this.batchSize * p.usPerUnit));
    const ls = Array.from(this.areas, (a, i) => a / (this.spansUs[i] as number));
    const wq = batchMeans(waits);
    const l = batchMeans(ls);
    return {
      wq: wq.mean,
      wqCi95: wq.halfWidth95,
      l: l.mean,
      lCi95: l.halfWidth95,
      events: this.sim.eventsProcessed,
      customersServed: this.started,
    };
  }

  private arrive(): void {
    const now = this.sim.now;
    this.account(now);
    this.inSystem++;
    this.sim.schedule(exponential(this.arrivals, this.arrivalRateUs), this.onArrival, undefined);
    if (this.busy) {
      this.enqueue(now);
    } else {
      this.busy = true;
      this.startService(now, now);
    }
  }

  private depart(): void {
    const now = this.sim.now;
    this.account(now);
    this.inSystem--;
    if (this.count > 0) {
      const arrivedUs = this.waiting[this.head] as number;
      this.head = (this.head + 1) & (this.waiting.length - 1);
      this.count--;
      this.startService(now, arrivedUs);
    } else {
      this.busy = false;
    }
  }

  private startService(now: number, arrivedUs: number): void {
    const index = this.started - this.p.warmupCustomers;
    this.started++;
    if (index >= 0) {
      const batch = Math.floor(index / this.batchSize);
      if (batch >= this.p.batches) {
        this.closeBatch(now);
        this.sim.stop();
        return;
      }
      if (batch !== this.batch) {
        if (this.batch >= 0) this.closeBatch(now);
        this.batch = batch;
        this.batchStartUs = now;
      }
      this.waitSums[batch] = (this.waitSums[batch] as number) + (now - arrivedUs);
    }
    this.sim.schedule(exponential(this.services, this.serviceRateUs), this.onDeparture, undefined);
  }

  /** Integrates the number in system up to `now` into the current batch. */
  private account(now: number): void {
    if (this.batch >= 0) {
      this.areas[this.batch] = (this.areas[this.batch] as number) + this.inSystem * (now - this.lastChangeUs);
    }
    this.lastChangeUs = now;
  }

  private closeBatch(now: number): void {
    this.account(now);
    this.spansUs[this.batch] = now - this.batchStartUs;
  }

  private enqueue(arrivedUs: number): void {
    if (this.count === this.waiting.length) {
      // Double and unroll the ring so head restarts at 0.
      const bigger = new Float64Array(this.waiting.length * 2);
      for (let i = 0; i < this.count; i++)
        bigger[i] = this.waiting[(this.head + i) & (this.waiting.length - 1)] as number;
      this.waiting = bigger;
      this.head = 0;
    }
    this.waiting[(this.head + this.count) & (this.waiting.length - 1)] = arrivedUs;
    this.count++;
  }
}
