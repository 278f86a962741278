import type { RunWarning } from '../config/run-warning.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import type { RunResult } from '../run/run-scenario.ts';
import { checkExpectations, type ExpectationOutcome } from './expectation-check.ts';

/** Bumped whenever a key of report.json changes meaning or moves. */
export const REPORT_SCHEMA_VERSION = 1;
export const TOOL_VERSION = '0.1.0';

/**
 * The report of one run, as written to report.json. Keys are built in a fixed
 * order, floats are rounded to a fixed precision, and nothing depends on the
 * wall clock or the machine, so the same scenario and seed give the same bytes.
 */
export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string };
  scenario: { name: string; variant: string; seed: number; durationSeconds: number; hash: string };
  run: { events: number; sources: number; hosts: number };
  ledger: {
    emitted: number;
    delivered: number;
    duplicates: number;
    lost: Record<string, number>;
    lostTotal: number;
    inFlight: number;
    needles: { planted: number; delivered: number; lost: number; inFlight: number };
  };
  lag: { p50: number; p99: number; max: number; mean: number };
  agent: {
    bufferPeakBytes: number;
    /** Peak of the disk part of the agent buffer (disk or spill), per host. */
    diskPeakBytes: number;
    /** Peak of the log files on disk (active, rotated, deleted but still open), per host. */
    fileDiskPeakBytes: number;
    requestsSent: number;
    retries: number;
    timeouts: number;
    batchesGivenUp: number;
    /** Agent crashes, counted per host. */
    crashes: number;
    /** Log-file rotations, counted per host. */
    rotations: number;
  };
  /** The application side: how long a blocking logger waited on the agent. */
  app: {
    /** Seconds the worst host's application was blocked. */
    stallSeconds: number;
    /** Seconds a host's application was blocked, averaged over hosts. */
    stallSecondsMean: number;
    /** Share of lines (≈ requests) emitted while their application was blocked. */
    requestsDelayedShare: number;
  };
  /** Head sampling at emit, when a service samples: lines, error lines and needles dropped, error lines kept. */
  sampling?: {
    linesSampledOut: number;
    errorsSampledOut: number;
    errorsKeptShare: number;
    needlesSampledOut: number;
  };
  backend: Record<string, unknown>;
  /** The network's figures, when the scenario has partitions: requests that never arrived. */
  network?: Record<string, unknown>;
  /** Each middle stage's figures (`stages.<name>`), when the pipeline has any. */
  stages?: Record<string, Record<string, unknown>>;
  /** Per query class of `queries:` (absent without queries): latency p50/p95/p99 in seconds, work, 429s, needles found. */
  queries?: Record<string, unknown>;
  /**
   * The backend's own sections, named by its module (Loki: `loki`, with streams, chunks,
   * index, memory and rejections); metrics read them by key path.
   */
  [section: string]: unknown;
  /** Settings without effect, defaults without a published source, estimates in place of a model. */
  warnings: RunWarning[];
  /** The scenario's `expect:` assertions checked on this run, in scenario order. */
  expectations: ExpectationOutcome[];
  series: { intervalSeconds: number; columns: Record<string, number[]> };
}

/** Builds the report of a finished run. `variant` is "baseline" for the scenario as written. */
export function buildReport(result: RunResult, variant = 'baseline'): Report {
  const { scenario, ledger, recorder, conservation } = result;
  const lost: Record<string, number> = {};
  for (const [cause, n] of ledger.lostByCause()) lost[cause] = n;

  const needles = { planted: 0, delivered: 0, lost: 0, inFlight: 0 };
  let sampling: Report['sampling'];
  for (let source = 0; source < result.ticks.sourceCount; source++) {
    const hs = result.ticks.headSampling(source);
    if (hs !== undefined) {
      // Needles the head sampler dropped were planted, and lost at emit.
      const dropped = hs.needlesUs.filter((t) => t < scenario.duration).length;
      needles.planted += dropped;
      needles.lost += dropped;
      sampling ??= { linesSampledOut: 0, errorsSampledOut: 0, errorsKeptShare: 0, needlesSampledOut: 0 };
      sampling.linesSampledOut += result.ticks.sampledOutAt(source, scenario.duration);
      sampling.errorsSampledOut += hs.errors;
      sampling.needlesSampledOut += dropped;
    }
    const emitted = result.ticks.linesAt(source, scenario.duration);
    for (const offset of result.ticks.needles(source)) {
      if (offset >= emitted) continue;
      needles.planted++;
      if (ledger.isDelivered(source, offset)) needles.delivered++;
      else if (ledger.lossCauseOf(source, offset) !== undefined) needles.lost++;
      else needles.inFlight++;
    }
  }

  const agent = {
    bufferPeakBytes: 0,
    diskPeakBytes: 0,
    fileDiskPeakBytes: 0,
    requestsSent: 0,
    retries: 0,
    timeouts: 0,
    batchesGivenUp: 0,
    crashes: 0,
    rotations: 0,
  };
  if (sampling !== undefined) {
    let kept = 0;
    for (let source = 0; source < result.ticks.sourceCount; source++)
      kept += result.ticks.headSampling(source)?.keptErrors ?? 0;
    const all = kept + sampling.errorsSampledOut;
    sampling.errorsKeptShare = all > 0 ? Math.round((kept / all) * 1e6) / 1e6 : 1;
  }
  const app = { stallSeconds: 0, stallSecondsMean: 0, requestsDelayedShare: 0 };
  let stallHostUs = 0;
  let hosts = 0;
  let delayedLines = 0;
  for (const a of result.agents) {
    const stallUs = a.stall.stallUsAt(scenario.duration);
    stallHostUs += stallUs * a.hosts;
    hosts += a.hosts;
    app.stallSeconds = Math.max(app.stallSeconds, seconds(stallUs));
    delayedLines += a.stall.delayedLines;
    agent.diskPeakBytes = Math.max(agent.diskPeakBytes, Math.round(a.stats.diskPeakBytes));
    agent.fileDiskPeakBytes = Math.max(agent.fileDiskPeakBytes, Math.round(a.stats.fileDiskPeakBytes));
    agent.crashes += a.stats.crashes * a.hosts;
    agent.rotations += a.stats.rotations * a.hosts;
    agent.bufferPeakBytes = Math.max(agent.bufferPeakBytes, Math.round(a.stats.bufferPeakBytes));
    // A cohort's request stands for one request per host.
    agent.requestsSent += a.stats.requestsSent * a.hosts;
    agent.retries += a.stats.retries * a.hosts;
    agent.timeouts += a.stats.timeouts * a.hosts;
    agent.batchesGivenUp += a.stats.batchesGivenUp * a.hosts;
  }

  app.stallSecondsMean = seconds(stallHostUs / Math.max(1, hosts));
  app.requestsDelayedShare =
    conservation.emitted > 0 ? Math.round((delayedLines / conservation.emitted) * 1e6) / 1e6 : 0;

  const lag = recorder.lagUs;
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'logsim', version: TOOL_VERSION },
    scenario: {
      name: scenario.name,
      variant,
      seed: scenario.seed,
      durationSeconds: scenario.duration / US_PER_SECOND,
      hash: result.scenarioHash,
    },
    run: {
      events: result.events,
      sources: result.cohorts.length,
      hosts: result.cohorts.reduce((n, c) => n + c.hosts, 0),
    },
    ledger: {
      emitted: conservation.emitted,
      delivered: conservation.delivered,
      duplicates: ledger.duplicates,
      lost,
      lostTotal: conservation.lost,
      inFlight: conservation.inFlight,
      needles,
    },
    lag: {
      p50: seconds(lag.quantile(0.5)),
      p99: seconds(lag.quantile(0.99)),
      max: seconds(lag.max),
      mean: seconds(lag.mean),
    },
    agent,
    app,
    ...(sampling !== undefined ? { sampling } : {}),
    backend: { kind: result.backend.kind, ...result.backend.report() },
    ...(result.partitions !== undefined ? { network: result.partitions.report() } : {}),
    ...(result.backendDown !== undefined ? { backendDown: result.backendDown.report() } : {}),
    ...(result.pipeline.stages.length > 0 ? { stages: stageReports(result) } : {}),
    ...(result.queries !== undefined ? { queries: result.queries.report() } : {}),
    ...(result.built.sections?.() ?? {}),
    warnings: [...result.warnings],
    expectations: [],
    series: { intervalSeconds: result.intervalUs / US_PER_SECOND, columns: result.series.toJSON() },
  };
  // Checked on the finished report, so assertions read exactly the figures report.json shows.
  report.expectations = checkExpectations(scenario.expect, report);
  return report;
}

function stageReports(result: RunResult): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const { name, stage } of result.pipeline.stages) out[name] = stage.report();
  return out;
}

/** report.json text: 2-space JSON with a trailing newline. */
export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function seconds(us: number): number {
  return Math.round((us / US_PER_SECOND) * 1e6) / 1e6;
}
