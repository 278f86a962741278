/** Process exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** An `expect:` assertion failed. */
  expectFailed: 1,
  /** Bad input or usage: a scenario error, an unknown option, a run over its event budget. */
  usage: 2,
  /** An internal invariant broke: a simulator bug. */
  invariant: 3,
  /** Anything else: a crash. */
  crash: 70,
} as const;
