import { createHash } from 'node:crypto';
import { Agent } from '../agent/agent.ts';
import { AgentFleet, type AgentEnvironment, type AgentWorld } from '../agent/agent-fleet.ts';
import type { AgentConfig } from '../agent/agent-config.ts';
import { GenericEndpoint, type BackendOutage } from '../backend/generic-endpoint.ts';
import type { IngestBackend } from '../backend/push.ts';
import type { RandomStream } from '../engine/rng.ts';
import { Simulation } from '../engine/simulation.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import { checkConservation, type ConservationResult } from '../ledger/conservation.ts';
import { LineLedger } from '../ledger/line-ledger.ts';
import { TimeSeries } from '../ledger/time-series.ts';
import { Link, type LinkStall } from '../network/link.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { EmissionProfile } from '../workload/emitter.ts';
import { TickStore } from '../workload/tick-store.ts';
import { RateSchedule } from '../workload/rate-schedule.ts';
import type { FaultSchedule } from '../faults/fault-schedule.ts';
import { agentSettingsPerHost, appConfig, rotationConfig, scaleAgentConfig } from './agent-settings.ts';
import { planCohorts, type Cohort } from './cohorts.ts';
import { planFaults } from './plan-faults.ts';
import { DeliveryRecorder } from './delivery-recorder.ts';
import { startQueryWorkload } from './query-settings.ts';
import type { QueryWorkload } from '../query/query-workload.ts';
import { buildLokiBackend, lokiHostSignature } from './loki-settings.ts';
import { EventLimitExceeded, InvariantViolation } from './run-errors.ts';
import { checkMemoryBudget } from './estimate-memory.ts';

/** Default cap on events, far above any shipped scenario; `--max-events` raises it. */
export const DEFAULT_MAX_EVENTS = 500_000_000;

export interface RunOptions {
  /** Refuse the run if its estimate exceeds this, and stop it if it gets there. */
  readonly maxEvents?: number;
  /** Called between slices of virtual time with progress in [0, 1]. */
  readonly onProgress?: (fraction: number) => void;
}

/** Everything a report is built from. */
export interface RunResult {
  readonly scenario: Scenario;
  readonly scenarioHash: string;
  readonly events: number;
  readonly cohorts: readonly Cohort[];
  readonly conservation: ConservationResult;
  readonly ledger: LineLedger;
  readonly recorder: DeliveryRecorder;
  readonly agents: readonly Agent[];
  /** Every source's log (what it emitted, when, its needles), by source index. */
  readonly ticks: TickStore;
  readonly backend: IngestBackend;
  readonly series: TimeSeries;
  readonly intervalUs: number;
  /** The `queries:` workload, when the scenario has one (Loki backends only). */
  readonly queries?: QueryWorkload;
}

/**
 * Runs one scenario to its end in virtual time.
 *
 *   scenario ─▶ cohorts ─▶ tick store (each source's log, from its workload stream)
 *                              │ lines (counts per tick)
 *                              ▼
 *            agents (read, batch, retry, checkpoint) ─▶ links ─▶ backend
 *                                                                  │ deliver / lose
 *                                                                  ▼
 *                     ledger + lag ─▶ time series ─▶ conservation check ─▶ RunResult
 *
 * Deterministic: the same scenario and seed give the same result, bit for bit.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const estimate = estimateEvents(scenario);
  if (estimate > maxEvents) throw new EventLimitExceeded(estimate, maxEvents, false);
  checkMemoryBudget(scenario);

  const sim = new Simulation(scenario.seed);
  const durationUs = scenario.duration;
  const ledger = new LineLedger();
  // Every source's log lives in one store, sized for the cohorts the fleet splits into at least
  // (fault signatures may split more; the store then grows).
  const expectedSources = scenario.fleet.services.reduce(
    (n, svc) => n + Math.ceil(svc.hosts / scenario.fleet.cohort_max_hosts),
    0,
  );
  const ticks = new TickStore(expectedSources);
  // Every source's workload stream lives in its tick region (no stream object per source).
  const workloadStreams = sim.random.claim('workload/');
  const cohorts: Cohort[] = [];
  const recorder = new DeliveryRecorder(() => sim.now, ledger, ticks);
  // The fault schedule is data before the run begins, drawn from its own stream.
  const faults = planFaults(scenario, sim.random.stream('faults'));
  const backend = buildBackend(sim, scenario, recorder, faults, cohorts, ticks);
  const agents: Agent[] = [];
  const agentPerHost = agentSettingsPerHost(scenario);
  // One draw per cohort, in cohort order, from a stream of its own: phases never shift the workload.
  const phases = sim.random.stream('agent/phases');
  // One function for the whole fleet: an agent asks for its jitter stream only when it first retries.
  const world: AgentWorld = {
    sim,
    backend,
    sink: recorder,
    jitterStreamOf: (source: number): RandomStream =>
      sim.random.stream(`agent/${cohorts[source]?.name ?? source}`),
  };
  const linkConfig = {
    latencyUs: scenario.network.latency,
    bandwidthBytesPerSec: scenario.network.bandwidth,
  };
  const fleet = new AgentFleet(world, ticks, expectedSources);

  for (const service of scenario.fleet.services) {
    const rate = RateSchedule.withBursts(faults.chattyBursts(service.name));
    const signatureOf = (host: number): string =>
      faults.signatureOf(service.name, host) + lokiHostSignature(scenario, service.name, host);
    // Settings that depend only on the cohort's size are built once per size and shared: with
    // single-host cohorts a fleet of 100k agents holds one of each, not 100k.
    const shared = new Map<number, CohortShared>();
    const sharedOf = (hosts: number): CohortShared => {
      let s = shared.get(hosts);
      if (s === undefined) {
        s = {
          profile: {
            hosts,
            linesPerSecPerHost: service.rate,
            lineBytesMean: service.line_size.mean,
            lineBytesSigma: service.line_size.sigma,
            errorShare: service.levels.error,
            tickUs: scenario.fleet.tick,
            rate,
            needleEveryUs: service.needles?.every ?? 0,
          },
          config: scaleAgentConfig(agentPerHost, hosts),
          env: {
            app: appConfig(service, hosts),
            rotation: rotationConfig(service, hosts),
            crashes: [],
            diskFull: [],
          },
          link: new Link(sim, linkConfig, hosts, NO_STALLS),
        };
        shared.set(hosts, s);
      }
      return s;
    };
    for (const cohort of planCohorts(
      service.name,
      service.hosts,
      scenario.fleet.cohort_max_hosts,
      signatureOf,
    )) {
      const source = cohorts.length;
      cohorts.push(cohort);
      ledger.addSource({ index: source, name: cohort.name });
      const { profile, config, env } = sharedOf(cohort.hosts);
      const logIndex = ticks.addSource(profile, workloadStreams, `workload/${cohort.name}`);
      if (logIndex !== source) throw new Error(`source ${source} got tick-store index ${logIndex}`);
      const stalls = faults.stallsOf(service.name, cohort.firstHost);
      // A link holds no per-host state (the agent keeps its NIC's clock), so hosts without stalls share one per size.
      const link =
        stalls.length > 0 ? new Link(sim, linkConfig, cohort.hosts, stalls) : sharedOf(cohort.hosts).link;
      const crashes = faults.crashesOf(service.name, cohort.firstHost);
      const diskFull = faults.diskFullOf(service.name, cohort.firstHost);
      const index = fleet.add(
        cohort.hosts,
        config,
        link,
        crashes.length > 0 || diskFull.length > 0 ? { ...env, crashes, diskFull } : env,
      );
      if (index !== source) throw new Error(`source ${source} got agent index ${index}`);
      agents.push(new Agent(fleet, source));
      fleet.start(source, Math.floor(phases.next() * agentPerHost.lingerUs));
    }
  }

  const intervalUs = reportIntervalUs(scenario);
  const series = new TimeSeries();
  const sample = (): void => {
    const now = sim.now;
    const lag = recorder.takeInterval();
    let emitted = 0;
    for (let s = 0; s < ticks.sourceCount; s++) emitted += ticks.linesAt(s, now);
    let buffered = 0;
    let bufferDisk = 0;
    let fileDisk = 0;
    let stallHostUs = 0;
    let hosts = 0;
    let down = 0;
    for (const a of agents) {
      buffered += a.bufferBytes;
      bufferDisk += a.bufferDiskBytes;
      fileDisk += a.fileDiskBytes(now);
      stallHostUs += a.stall.stallUsAt(now) * a.hosts;
      hosts += a.hosts;
      if (a.isDown) down += a.hosts;
    }
    const row: Record<string, number> = {
      emitted,
      delivered: ledger.deliveredLines(),
      duplicates: ledger.duplicates,
      lost: ledger.lostLines(),
      agentBufferBytes: buffered,
      agentDiskBytes: bufferDisk,
      logFileDiskBytes: fileDisk,
      appStallSeconds: round6(stallHostUs / Math.max(1, hosts) / US_PER_SECOND),
      agentsDown: down,
      lagP50Seconds: round6(lag.quantile(0.5) / US_PER_SECOND),
      lagP99Seconds: round6(lag.quantile(0.99) / US_PER_SECOND),
    };
    for (const [cause, n] of ledger.lostByCause()) row[`lost.${cause}`] = n;
    if (backend.sample !== undefined) Object.assign(row, backend.sample());
    series.push(now / US_PER_SECOND, row);
    if (now + intervalUs <= durationUs) sim.schedule(intervalUs, sample, undefined);
  };
  sim.schedule(0, sample, undefined);

  // Queries run alongside ingest, against the backend's read view (sim/query/).
  const queries = startQueryWorkload(sim, scenario, backend, ticks, cohorts);

  // Run in slices so progress can be reported; the slicing does not change event order.
  const slices = 100;
  for (let i = 1; i <= slices; i++) {
    const until = Math.floor((durationUs * i) / slices);
    const reason = sim.run({ untilUs: until, maxEvents: maxEvents - sim.eventsProcessed });
    if (reason === 'max-events') throw new EventLimitExceeded(estimate, maxEvents, true);
    options.onProgress?.(i / slices);
  }

  // Settle what the agents compute lazily (an overflowing app queue, a disk still full) before counting.
  for (let s = 0; s < fleet.size; s++) fleet.finish(s, durationUs);
  const emittedBySource = cohorts.map((_, s) => ticks.linesAt(s, durationUs));
  const conservation = checkConservation(
    ledger,
    emittedBySource,
    (s) => [...(agents[s]?.heldRanges() ?? []), ...backend.heldRanges(s)],
    (s) => cohorts[s]?.name ?? `source ${s}`,
  );
  if (!conservation.ok) {
    throw new InvariantViolation(
      `line conservation broke in scenario ${scenario.name} (seed ${scenario.seed}): emitted ${conservation.emitted}, ` +
        `delivered ${conservation.delivered}, lost ${conservation.lost}, in flight ${conservation.inFlight}`,
      conservation.violations,
    );
  }

  return {
    scenario,
    scenarioHash: hashScenario(scenario),
    events: sim.eventsProcessed,
    cohorts,
    conservation,
    ledger,
    recorder,
    agents,
    ticks,
    backend,
    series,
    intervalUs,
    ...(queries !== undefined ? { queries } : {}),
  };
}

/** What every cohort of one service and size shares. */
interface CohortShared {
  readonly profile: EmissionProfile;
  readonly config: AgentConfig;
  readonly env: AgentEnvironment;
  /** The network path of hosts without a network stall. */
  readonly link: Link;
}

const NO_STALLS: readonly LinkStall[] = Object.freeze([]);

function buildBackend(
  sim: Simulation,
  scenario: Scenario,
  recorder: DeliveryRecorder,
  faults: FaultSchedule,
  cohorts: readonly Cohort[],
  ticks: TickStore,
): IngestBackend {
  const b = scenario.backend;
  switch (b.kind) {
    case 'loki':
      // Cohorts and sources are filled in after the backend is built; the closures read them at push time.
      return buildLokiBackend(sim, scenario, b, recorder, {
        info: (source) => {
          const c = cohorts[source];
          if (c === undefined) throw new Error(`push from unknown source ${source}`);
          return { service: c.service, firstHost: c.firstHost, hosts: c.hosts };
        },
        emitTimeOf: (source, offset) => (source < ticks.sourceCount ? ticks.emitTimeOf(source, offset) : 0),
      });
    case 'endpoint': {
      const outages: BackendOutage[] = faults.outages();
      return new GenericEndpoint(
        sim,
        {
          linesPerSec: b.capacity.lines * b.nodes,
          bytesPerSec: b.capacity.bytes * b.nodes,
          requestOverheadUs: Math.ceil(b.request_overhead / b.nodes),
          maxQueuedBytes: b.max_queued,
          outages,
        },
        recorder,
      );
    }
  }
}

function reportIntervalUs(scenario: Scenario): number {
  const explicit = scenario.report.interval;
  if (explicit !== undefined && explicit > 0) return explicit;
  return Math.max(US_PER_SECOND, Math.ceil(scenario.duration / 240 / US_PER_SECOND) * US_PER_SECOND);
}

/**
 * Events the run will need, roughly: each cohort sends about one batch per
 * linger (or more when batches fill first), and a batch costs about five events
 * (wakes, arrival, service, reply); six leaves room for time-outs and retries.
 */
export function estimateEvents(scenario: Scenario): number {
  const seconds = scenario.duration / US_PER_SECOND;
  let total = 0;
  const agent = agentSettingsPerHost(scenario);
  for (const service of scenario.fleet.services) {
    const cohorts = Math.ceil(service.hosts / scenario.fleet.cohort_max_hosts);
    const perHostLines = service.rate;
    const batchesPerSec = Math.max(
      US_PER_SECOND / Math.max(1, agent.lingerUs),
      perHostLines / agent.batchMaxLines,
      (perHostLines * service.line_size.mean) / agent.batchMaxBytes,
    );
    total += cohorts * seconds * batchesPerSec * 6;
  }
  return Math.ceil(total + seconds);
}

function hashScenario(scenario: Scenario): string {
  return createHash('sha256').update(JSON.stringify(scenario)).digest('hex').slice(0, 16);
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
