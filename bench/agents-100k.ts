/**
 * `agents-100k`: 100,000 live agents, one per host (fleet.cohort_max_hosts: 1),
 * each tailing a quiet service (1 line/s, a 5 s emission grid) and shipping
 * Promtail-style (1 s linger) to a large endpoint.
 * Goals: eventsPerSec ≥ 1 M (the agent model never spends an event per line)
 * and bytesPerIdleAgent ≤ 1,024 (memory held by one agent at rest, with its
 * record, tick region, batches, random stream and ledger book, measured after a
 * forced GC: the JS heap plus array buffers, since the fleet's typed-array
 * slabs live outside it).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { runScenario, type RunResult } from '../sim/run/run-scenario.ts';
import { scenarioSchema, type Scenario } from '../sim/scenario/schema.ts';
import { timeOnce } from './measure.ts';

export const AGENTS = 100_000;

/** The bench scenario: `seconds` of virtual time. */
export function agentsScenario(seconds: number): Scenario {
  return scenarioSchema().parse({
    name: 'agents-100k',
    seed: 1,
    duration: `${seconds}s`,
    fleet: {
      services: [{ name: 'edge', hosts: AGENTS, rate: '1/s', line_size: { mean: '200B' } }],
      cohort_max_hosts: 1,
      // About 5 lines per tick at 1 line/s: the grid is fine enough for a quiet service.
      tick: '5s',
    },
    // Promtail's 1 s linger: each agent ships about one batch a second.
    agent: { batch: { linger: '1s' } },
    // Sized for the fleet: 100k requests/s × 2 ms request overhead is 200 node-seconds per second,
    // so 250 nodes run at 80 % and agents ship quietly instead of queueing, timing out and retrying.
    backend: { kind: 'endpoint', nodes: 250 },
    report: { interval: `${seconds}s` },
  });
}

/** Bytes held now: the JS heap and the array buffers kept outside it. */
function heldBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function collectGarbage(): () => void {
  // The bench runs without --expose-gc; V8 lets a process turn it on for itself.
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

export function agents100kBenchmark(): object {
  const gc = collectGarbage();
  // Memory: build the fleet and run one virtual second, then hold the result while measuring.
  gc();
  const before = heldBytes();
  let held: RunResult | undefined = runScenario(agentsScenario(1));
  gc();
  const bytesPerIdleAgent = Math.round((heldBytes() - before) / AGENTS);
  if (held.agents.length !== AGENTS) throw new Error(`expected ${AGENTS} agents, got ${held.agents.length}`);
  held = undefined;
  gc();

  const virtualSeconds = 60;
  const { result, seconds } = timeOnce(() => runScenario(agentsScenario(virtualSeconds)));
  return {
    agents: AGENTS,
    virtualSeconds,
    wallSeconds: Math.round(seconds * 100) / 100,
    events: result.events,
    eventsPerSec: Math.round(result.events / seconds),
    linesEmitted: result.conservation.emitted,
    bytesPerIdleAgent,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}
