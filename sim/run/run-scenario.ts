import { createHash } from 'node:crypto';
import { Agent } from '../agent/agent.ts';
import { AgentFleet, type AgentEnvironment, type AgentWorld } from '../agent/agent-fleet.ts';
import type { AgentConfig } from '../agent/agent-config.ts';
import { crashesOf, diskFullOf } from '../agent/agent-faults.ts';
import type { BuiltBackend } from '../backend/backend-module.ts';
import type { IngestBackend, IngestTarget } from '../backend/push.ts';
import { SourceDirectory } from '../backend/source-directory.ts';
import type { RandomStream } from '../engine/rng.ts';
import { Simulation } from '../engine/simulation.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import type { FaultSchedule } from '../faults/fault-schedule.ts';
import { checkConservation, type ConservationResult } from '../ledger/conservation.ts';
import { LineLedger } from '../ledger/line-ledger.ts';
import { TimeSeries } from '../ledger/time-series.ts';
import { Link, type LinkStall } from '../network/link.ts';
import { cutOffsOf, partitionFault, stallsOf } from '../network/network-faults.ts';
import { PartitionHop } from '../network/partition-hop.ts';
import { BackendDownHop, downWindowsOf } from '../network/backend-down.ts';
import {
  buildPipeline,
  heldByPipeline,
  oldestHeldByStages,
  type Pipeline,
  type StageBuilder,
} from '../pipeline/pipeline.ts';
import { backendModule } from '../registry/backends.ts';
import type { Scenario, ServiceSpec } from '../scenario/schema.ts';
import { chattyBursts } from '../workload/chatty-fault.ts';
import type { EmissionProfile } from '../workload/emission-profile.ts';
import { MAX_LINES_PER_HOST_PER_SEC, RateSchedule, type RateBurst } from '../workload/rate-schedule.ts';
import { TickStore } from '../workload/tick-store.ts';
import { agentSettingsPerHost, appConfig, rotationConfig, scaleAgentConfig } from './agent-settings.ts';
import { planCohorts, type Cohort } from './cohorts.ts';
import { DeliveryRecorder } from './delivery-recorder.ts';
import { planFaults } from './plan-faults.ts';
import { startQueryWorkload } from './query-settings.ts';
import type { QueryRun } from '../backend/backend-module.ts';
import { EventLimitExceeded, InvariantViolation } from './run-errors.ts';
import { settingsWithoutEffect } from './run-warnings.ts';
import { headSamplerOf, headSamplingOf } from './sampling-settings.ts';
import type { RunWarning } from '../config/run-warning.ts';
import { budgetRemedies, checkMemoryBudget } from './estimate-memory.ts';

/** Default cap on events, far above any shipped scenario; `--max-events` raises it. */
export const DEFAULT_MAX_EVENTS = 500_000_000;

export interface RunOptions {
  /** Refuse the run if its estimate exceeds this, and stop it if it gets there. */
  readonly maxEvents?: number;
  /** Called between slices of virtual time with progress in [0, 1]. */
  readonly onProgress?: (fraction: number) => void;
  /**
   * Middle stages between the agents and the backend, in order (a collector, a
   * relay): the library's seam for stages a scenario does not name yet.
   */
  readonly stages?: readonly StageBuilder[];
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
  /** The backend as its module built it: report sections and read path. */
  readonly built: BuiltBackend;
  /** Every stage from the agents to the backend. */
  readonly pipeline: Pipeline;
  /** Hosts cut off from the backend (partition faults), when the scenario has any. */
  readonly partitions?: PartitionHop;
  /** The backend's front door, when the scenario has backend_down faults. */
  readonly backendDown?: BackendDownHop;
  readonly faults: FaultSchedule;
  /** Settings without effect, and the assumptions and estimates the figures rest on. */
  readonly warnings: readonly RunWarning[];
  readonly series: TimeSeries;
  readonly intervalUs: number;
  /** The `queries:` workload, when the scenario has one. */
  readonly queries?: QueryRun;
}

/**
 * Runs one scenario to its end in virtual time.
 *
 *   scenario ─▶ cohorts ─▶ tick store (each source's log, from its workload stream)
 *                              │ lines (counts per tick)
 *                              ▼
 *            agents (read, batch, retry, checkpoint) ─▶ links ─▶ [stages] ─▶ backend (its module)
 *                                                                  │ deliver / lose
 *                                                                  ▼
 *                     ledger + lag ─▶ time series ─▶ conservation check ─▶ RunResult
 *
 * Deterministic: the same scenario and seed give the same result, bit for bit.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const estimate = estimateEvents(scenario);
  if (estimate > maxEvents)
    throw new EventLimitExceeded(estimate, maxEvents, false, budgetRemedies(scenario));
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
  // The fault schedule is data before the run begins, drawn from its own streams.
  const faults = planFaults(scenario, sim.random);
  const module = backendModule(scenario.backend.kind);
  const sources = new SourceDirectory(ticks);
  // Sources are added as cohorts are planned below; the backend reads them at push time.
  const built = module.build({
    sim,
    spec: scenario.backend,
    services: scenario.fleet.services,
    durationUs,
    faults,
    sink: recorder,
    sources,
    ...(scenario.pricing !== undefined ? { pricing: scenario.pricing } : {}),
  });
  const backend = built.ingest;
  const pipeline = buildPipeline(sim, backend, options.stages ?? []);
  if (pipeline.stages.length > 0) ticks.pruneGuard = (source) => oldestHeldByStages(pipeline, source);
  // Only a scenario with outages or partitions puts hops in front of the pipeline: the common path
  // pays nothing. A partitioned host's push never reaches the front door; the others meet it.
  const downWindows = downWindowsOf(faults);
  const backendDown =
    downWindows.length > 0 ? new BackendDownHop(sim, pipeline.entry, downWindows) : undefined;
  const frontDoor: IngestTarget = backendDown ?? pipeline.entry;
  const partitions = faults.of(partitionFault).length > 0 ? new PartitionHop(sim, frontDoor) : undefined;
  const entry: IngestTarget = partitions ?? frontDoor;
  const agents: Agent[] = [];
  const agentPerHost = agentSettingsPerHost(scenario);
  // One draw per cohort, in cohort order, from a stream of its own: phases never shift the workload.
  const phases = sim.random.stream('agent/phases');
  // One function for the whole fleet: an agent asks for its jitter stream only when it first retries.
  const world: AgentWorld = {
    sim,
    backend: entry,
    sink: recorder,
    jitterStreamOf: (source: number): RandomStream =>
      sim.random.stream(`agent/${cohorts[source]?.name ?? source}`),
  };
  const linkConfig = {
    latencyUs: scenario.network.latency,
    bandwidthBytesPerSec: scenario.network.bandwidth,
  };
  const fleet = new AgentFleet(world, ticks, expectedSources);

  const capped: RunWarning[] = [];
  for (const service of scenario.fleet.services) {
    const rate = burstSchedule(service, chattyBursts(faults, service.name), capped);
    const signatureOf = (host: number): string => faults.signatureOf(service.name, host);
    const sampler = headSamplerOf(service);
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
      sources.add(cohort);
      const { profile, config, env } = sharedOf(cohort.hosts);
      const logIndex = ticks.addSource(
        profile,
        workloadStreams,
        `workload/${cohort.name}`,
        sampler !== undefined ? headSamplingOf(sim, sampler, cohort.name) : undefined,
      );
      if (logIndex !== source) throw new Error(`source ${source} got tick-store index ${logIndex}`);
      partitions?.setCutOffs(source, cutOffsOf(faults, service.name, cohort.firstHost));
      if (!module.usesAgents) continue;
      const stalls = stallsOf(faults, service.name, cohort.firstHost);
      // A link holds no per-host state (the agent keeps its NIC's clock), so hosts without stalls share one per size.
      const link =
        stalls.length > 0 ? new Link(sim, linkConfig, cohort.hosts, stalls) : sharedOf(cohort.hosts).link;
      const crashes = crashesOf(faults, service.name, cohort.firstHost);
      const diskFull = diskFullOf(faults, service.name, cohort.firstHost);
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

  const sampled = scenario.fleet.services.some((svc) => headSamplerOf(svc) !== undefined);
  const intervalUs = reportIntervalUs(scenario);
  const series = new TimeSeries();
  const sample = (): void => {
    const now = sim.now;
    const lag = recorder.takeInterval();
    let emitted = 0;
    for (let s = 0; s < ticks.sourceCount; s++) emitted += ticks.linesAt(s, now);
    if (sampled) {
      for (let s = 0; s < ticks.sourceCount; s++) {
        const dropped = ticks.sampledOutAt(s, now);
        ledger.setLostBeforeWrite(s, 'sampled_head', dropped);
        emitted += dropped;
      }
    }
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
    for (const { stage } of pipeline.stages)
      if (stage.sample !== undefined) Object.assign(row, stage.sample());
    if (backend.sample !== undefined) Object.assign(row, backend.sample());
    series.push(now / US_PER_SECOND, row);
    if (now + intervalUs <= durationUs) sim.schedule(intervalUs, sample, undefined);
  };
  sim.schedule(0, sample, undefined);

  // Queries run alongside ingest, against the backend's read path.
  const queries = startQueryWorkload(sim, scenario, built, ticks, cohorts);

  // Run in slices so progress can be reported; the slicing does not change event order.
  const slices = 100;
  for (let i = 1; i <= slices; i++) {
    const until = Math.floor((durationUs * i) / slices);
    const reason = sim.run({ untilUs: until, maxEvents: maxEvents - sim.eventsProcessed });
    if (reason === 'max-events')
      throw new EventLimitExceeded(estimate, maxEvents, true, budgetRemedies(scenario));
    options.onProgress?.(i / slices);
  }

  // Settle what the agents compute lazily (an overflowing app queue, a disk still full) before counting.
  for (let s = 0; s < fleet.size; s++) fleet.finish(s, durationUs);
  if (sampled)
    for (let s = 0; s < ticks.sourceCount; s++)
      ledger.setLostBeforeWrite(s, 'sampled_head', ticks.sampledOutAt(s, durationUs));
  const emittedBySource = cohorts.map((_, s) => ticks.linesAt(s, durationUs));
  const conservation = checkConservation(
    ledger,
    emittedBySource,
    // Without agents, every line stays in its host's files, unshipped.
    (s) =>
      module.usesAgents
        ? [...(agents[s]?.heldRanges() ?? []), ...heldByPipeline(pipeline, s)]
        : [[0, emittedBySource[s] ?? 0]],
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
    built,
    pipeline,
    ...(partitions !== undefined ? { partitions } : {}),
    ...(backendDown !== undefined ? { backendDown } : {}),
    faults,
    warnings: [...settingsWithoutEffect(scenario, agentPerHost), ...capped, ...(built.warnings?.() ?? [])],
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

/**
 * A service's rate schedule under its chatty bursts, held to the most lines a
 * host can write; a cap that bites is reported in `warnings` (code `capped`).
 */
function burstSchedule(
  service: ServiceSpec,
  bursts: readonly RateBurst[],
  warnings: RunWarning[],
): RateSchedule {
  const schedule = RateSchedule.withBursts(bursts);
  const maxFactor = MAX_LINES_PER_HOST_PER_SEC / service.rate;
  if (schedule.peakFactor() <= maxFactor) return schedule;
  warnings.push({
    code: 'capped',
    path: 'faults',
    message: `chatty bursts of ${service.name} ask for ${formatRate(service.rate * schedule.peakFactor())} per host; held to ${formatRate(MAX_LINES_PER_HOST_PER_SEC)}, the most lines the simulator lets one host write (overlapping bursts do not compound: the largest factor in force applies)`,
  });
  return schedule.cappedAt(maxFactor);
}

function formatRate(perSec: number): string {
  return `${perSec.toLocaleString('en-US', { maximumFractionDigits: 0 })} lines/s`;
}
