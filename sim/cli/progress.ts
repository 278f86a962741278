/**
 * Progress for long runs, on stderr only, so stdout stays clean for output
 * that other tools read (JSON, the summary table).
 *
 * Shown only on an interactive terminal and only when the job is slow: the
 * bar starts on the first update that arrives after {@link PROGRESS_DELAY_MS}
 * of wall time, so quick runs print nothing and CI logs stay free of
 * carriage-return noise.
 */
import cliProgress from 'cli-progress';

/** Receives progress of a job with a known number of steps. */
export interface ProgressReporter {
  /** `done` of `total` steps finished; `label` names the current step (scenario, variant). */
  update(done: number, total: number, label?: string): void;
  /** Removes the bar if one was shown. Safe to call more than once. */
  stop(): void;
}

/** How long a job runs before it earns a progress bar. */
export const PROGRESS_DELAY_MS = 1000;

/** Options of {@link createProgress}; the defaults are right for the CLI, tests override them. */
export interface ProgressOptions {
  /** Default `process.stderr`. Nothing is shown unless `stream.isTTY`. */
  stream?: NodeJS.WriteStream;
  /** Default {@link PROGRESS_DELAY_MS}. */
  delayMs?: number;
  /** Wall clock in milliseconds; default `performance.now`. */
  nowMs?: () => number;
}

/** Does nothing: for pipes, files, CI logs and quick runs. */
export const noProgress: ProgressReporter = {
  update: () => undefined,
  stop: () => undefined,
};

/**
 * A reporter that draws a bar on stderr once the job has run for a second, or
 * {@link noProgress} when stderr is not a terminal.
 */
export function createProgress(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY !== true) return noProgress;
  const nowMs = options.nowMs ?? (() => performance.now());
  const delayMs = options.delayMs ?? PROGRESS_DELAY_MS;
  const startedMs = nowMs();
  let bar: cliProgress.SingleBar | undefined;
  let stopped = false;

  return {
    update(done, total, label = '') {
      if (stopped) return;
      if (bar === undefined) {
        if (nowMs() - startedMs < delayMs || done >= total) return;
        bar = new cliProgress.SingleBar({
          stream,
          format: '{bar} {value}/{total} {percentage}% | ETA {eta_formatted} | {label}',
          barsize: 30,
          hideCursor: true,
          clearOnComplete: true,
          stopOnComplete: false,
          // cli-progress writes through the stream only when it is a TTY; keep it that way.
          noTTYOutput: false,
        });
        bar.start(total, done, { label });
        return;
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar?.stop();
    },
  };
}
