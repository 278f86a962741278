/** Where a command writes; tests pass in-memory sinks, bin/sim.mjs the process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  readonly stderrIsTty: boolean;
  /** Environment (for GITHUB_STEP_SUMMARY and CI). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const processIo: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  stderrIsTty: process.stderr.isTTY === true,
  env: process.env,
};

/** An in-memory CliIo for tests. */
export function memoryIo(env: Record<string, string | undefined> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    stderrIsTty: false,
    env,
  };
  return io;
}
