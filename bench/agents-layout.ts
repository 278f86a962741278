/**
 * The yardstick for `agents-100k`: its event pattern on the real engine, with
 * every agent's state in one record of a shared Float64Array and events that
 * carry the agent's index instead of an object. No agent, emitter, batch or
 * request objects: an event touches its record's few adjacent cache lines.
 *
 * It is not the product's agent (no buffer policies, retries, checkpoints,
 * rotation, ledger or lag): it is the ceiling a record-per-agent layout could
 * reach on this machine, for the same fleet and the same kinds of events —
 * per agent, a wake when a line arrives and one at the linger deadline, and
 * per request an arrival, a completion at a FIFO endpoint, a reply and a
 * time-out. Whatever `agents-100k` loses against it is mostly the price of
 * scattered objects (see docs/performance.md).
 */
import { poisson } from '../sim/engine/distributions.ts';
import { RandomStreams } from '../sim/engine/rng.ts';
import { Simulation } from '../sim/engine/simulation.ts';
import { AGENTS } from './agents-100k.ts';
import { timeOnce } from './measure.ts';

const VIRTUAL_SECONDS = 60;
const LINGER_US = 1_000_000;
const TICK_US = 5_000_000;
const LINES_PER_TICK = 5; // 1 line/s on a 5 s grid, as in agents-100k
const TIMEOUT_US = 10_000_000;
const LATENCY_US = 1_000;
const SERVICE_US = 8; // endpoint service time per request: ~46 % busy at 57k requests/s
const IDLE_POLL_US = 1_000_000;

// The record of agent a is rec[a·RECORD .. (a+1)·RECORD): 16 doubles, two cache lines.
const RECORD = 16;
const READ = 0; // next line to read
const OPEN_START = 1; // first line of the open batch, −1 if none
const OPEN_SINCE = 2; // when the open batch started
const WAKE_AT = 3; // planned wake, −1 if none
const IN_FLIGHT = 4; // 1 while a request is out
const LINK_FREE = 5; // when the NIC is free
const TIMEOUTS = 6; // time-outs fired
const GENERATED = 7; // end of the generated ticks
const TICK_START_LINES = 8; // cumulative lines at the start of the current tick
const TICK_END_LINES = 9; // … at its end

/** Runs the layout model for `seconds` of virtual time over `agents` agents; returns the events run. */
export function runAgentsLayout(agents: number, seconds: number): number {
  const sim = new Simulation(1);
  const draws = new RandomStreams(1).stream('agents-layout/lines');
  const rec = new Float64Array(agents * RECORD);
  const endpointQueue: number[] = [];
  let endpointHead = 0;
  let endpointBusyUntil = 0;

  // Lines emitted by `t`, spread evenly inside the current tick; ticks are drawn as time reaches them.
  const linesAt = (b: number, t: number): number => {
    while ((rec[b + GENERATED] as number) < t) {
      rec[b + TICK_START_LINES] = rec[b + TICK_END_LINES] as number;
      rec[b + TICK_END_LINES] = (rec[b + TICK_END_LINES] as number) + poisson(draws, LINES_PER_TICK);
      rec[b + GENERATED] = (rec[b + GENERATED] as number) + TICK_US;
    }
    const l0 = rec[b + TICK_START_LINES] as number;
    const l1 = rec[b + TICK_END_LINES] as number;
    const t0 = (rec[b + GENERATED] as number) - TICK_US;
    return l0 + Math.floor(((l1 - l0) * (t - t0)) / TICK_US);
  };

  // The time the next line appears (or the idle poll), for an agent with nothing open.
  const nextLineAt = (b: number, now: number): number => {
    const l0 = rec[b + TICK_START_LINES] as number;
    const l1 = rec[b + TICK_END_LINES] as number;
    const t0 = (rec[b + GENERATED] as number) - TICK_US;
    const target = (rec[b + READ] as number) + 1;
    if (l1 >= target && l1 > l0)
      return Math.max(now + 1, t0 + Math.ceil(((target - l0) * TICK_US) / (l1 - l0)));
    return now + IDLE_POLL_US;
  };

  const step = (a: number): void => {
    const b = a * RECORD;
    const now = sim.now;
    const available = linesAt(b, now);
    if ((rec[b + READ] as number) < available) {
      if ((rec[b + OPEN_START] as number) < 0) {
        rec[b + OPEN_START] = rec[b + READ] as number;
        rec[b + OPEN_SINCE] = now;
      }
      rec[b + READ] = available;
    }
    const open = (rec[b + OPEN_START] as number) >= 0;
    if (open && now >= (rec[b + OPEN_SINCE] as number) + LINGER_US && rec[b + IN_FLIGHT] === 0) {
      rec[b + OPEN_START] = -1;
      rec[b + IN_FLIGHT] = 1;
      const leaves = Math.max(now, rec[b + LINK_FREE] as number) + 10;
      rec[b + LINK_FREE] = leaves;
      sim.scheduleAt(leaves + LATENCY_US, onArrive, a);
      sim.schedule(TIMEOUT_US, onTimeout, a);
    }
    let next =
      (rec[b + OPEN_START] as number) >= 0 ? (rec[b + OPEN_SINCE] as number) + LINGER_US : nextLineAt(b, now);
    if (next <= now) next = now + 1;
    const planned = rec[b + WAKE_AT] as number;
    if (planned < 0 || next < planned) {
      rec[b + WAKE_AT] = next;
      sim.scheduleAt(next, onWake, a);
    }
  };
  const onWake = (a: number): void => {
    const b = a * RECORD;
    if (rec[b + WAKE_AT] !== sim.now) return; // replaced by an earlier wake
    rec[b + WAKE_AT] = -1;
    step(a);
  };
  const onArrive = (a: number): void => {
    endpointBusyUntil = Math.max(sim.now, endpointBusyUntil) + SERVICE_US;
    endpointQueue.push(a);
    sim.scheduleAt(endpointBusyUntil, onComplete, undefined);
  };
  const onComplete = (): void => {
    const a = endpointQueue[endpointHead++] as number;
    if (endpointHead > 4096) {
      endpointQueue.splice(0, endpointHead);
      endpointHead = 0;
    }
    sim.schedule(LATENCY_US, onReply, a);
  };
  const onReply = (a: number): void => {
    rec[a * RECORD + IN_FLIGHT] = 0;
    step(a);
  };
  const onTimeout = (a: number): void => {
    const b = a * RECORD;
    rec[b + TIMEOUTS] = (rec[b + TIMEOUTS] as number) + 1;
  };

  const phases = new RandomStreams(1).stream('agents-layout/phases');
  for (let a = 0; a < agents; a++) {
    const b = a * RECORD;
    rec[b + OPEN_START] = -1;
    const first = Math.floor(phases.next() * LINGER_US);
    rec[b + WAKE_AT] = first;
    sim.scheduleAt(first, onWake, a);
  }
  sim.run({ untilUs: seconds * 1_000_000 });
  return sim.eventsProcessed;
}

export function agentsLayoutBenchmark(): object {
  const { result: events, seconds } = timeOnce(() => runAgentsLayout(AGENTS, VIRTUAL_SECONDS));
  return {
    agents: AGENTS,
    virtualSeconds: VIRTUAL_SECONDS,
    wallSeconds: Math.round(seconds * 100) / 100,
    events,
    eventsPerSec: Math.round(events / seconds),
  };
}
