/**
 * One simulation as a worker job: plain data in (scenario text, variant,
 * seed, overrides), plain data out (the Report, or the error it raised), so
 * it crosses thread boundaries by structured clone. The default export is
 * what `runInWorkers` calls, in a worker or in this thread alike.
 *
 * The scenario travels as text, not as a path, so every job of a batch sees
 * the same bytes even if the file changes while the batch runs.
 */
import { EventLimitExceeded, InvariantViolation } from '../run/run-errors.ts';
import { loadScenarioFromText, simulateScenario } from './simulate.ts';
import type { Report } from '../report/report.ts';

/** What one run needs. */
export interface RunJob {
  /** The scenario file's name, for diagnostics and the report. */
  readonly file: string;
  /** The scenario file's content. */
  readonly text: string;
  /** A variant of the scenario's `variants:` to apply; undefined = as written. */
  readonly variant?: string;
  /** The name the report gives this run's design (a variant name, or a label for `sim compare`). */
  readonly label: string;
  readonly seed: number;
  /** `--set` overrides, applied after the variant. */
  readonly overrides: readonly string[];
  readonly maxEvents: number;
}

/** An error a job raised, as data (class instances do not survive structured clone). */
export interface RunJobError {
  readonly kind: 'invariant' | 'event-limit' | 'other';
  readonly message: string;
  readonly details: readonly string[];
  readonly estimatedEvents: number;
  readonly maxEvents: number;
  readonly during: boolean;
}

/** The outcome of a job. */
export type RunJobResult =
  { readonly ok: true; readonly report: Report } | { readonly ok: false; readonly error: RunJobError };

/**
 * Runs one job; never throws (errors come back as data, see {@link rethrowJobError}).
 * `onProgress` (virtual-time fraction) is for a lone run in the calling thread; workers never pass it.
 */
export default function runJob(job: RunJob, onProgress?: (fraction: number) => void): RunJobResult {
  try {
    const scenario = loadScenarioFromText(job.text, job.file, {
      overrides: job.overrides,
      ...(job.variant !== undefined ? { variant: job.variant } : {}),
      seed: job.seed,
    });
    const options = { maxEvents: job.maxEvents, ...(onProgress !== undefined ? { onProgress } : {}) };
    return { ok: true, report: simulateScenario(scenario, job.label, options).report };
  } catch (e) {
    const base = { details: [], estimatedEvents: 0, maxEvents: job.maxEvents, during: false };
    if (e instanceof InvariantViolation)
      return { ok: false, error: { ...base, kind: 'invariant', message: e.message, details: e.details } };
    if (e instanceof EventLimitExceeded) {
      return {
        ok: false,
        error: {
          ...base,
          kind: 'event-limit',
          message: e.message,
          estimatedEvents: e.estimatedEvents,
          during: e.during,
        },
      };
    }
    return {
      ok: false,
      error: { ...base, kind: 'other', message: e instanceof Error ? (e.stack ?? e.message) : String(e) },
    };
  }
}

/** Turns a job's error back into the exception the CLI maps to an exit code. */
export function rethrowJobError(error: RunJobError): never {
  switch (error.kind) {
    case 'invariant': {
      const v = new InvariantViolation('', error.details);
      v.message = error.message;
      throw v;
    }
    case 'event-limit': {
      // The message as the job worded it (a memory budget is worded apart, with its remedies).
      const limit = new EventLimitExceeded(error.estimatedEvents, error.maxEvents, error.during);
      limit.message = error.message;
      throw limit;
    }
    case 'other':
      throw new Error(error.message);
  }
}
