/** A broken internal invariant: a simulator bug, never the user's fault. Exit code 3. */
export class InvariantViolation extends Error {
  readonly code = 'SIM_INVARIANT';
  readonly exitCode = 3;
  constructor(
    message: string,
    readonly details: readonly string[],
  ) {
    super(`${message}\n${details.map((d) => `  - ${d}`).join('\n')}`);
    this.name = 'InvariantViolation';
  }
}

/** The run would exceed (or exceeded) its event budget. Exit code 2: the user raises the limit. */
export class EventLimitExceeded extends Error {
  readonly code = 'SIM_EVENT_LIMIT';
  readonly exitCode = 2;
  /**
   * `remedies`: what else would bring the run under budget (run-budget.ts words
   * them for the scenario: raising cohort_max_hosts only where it would help).
   */
  constructor(
    readonly estimatedEvents: number,
    readonly maxEvents: number,
    readonly during: boolean,
    remedies: readonly string[] = ['shorten the duration'],
  ) {
    const others = remedies.length > 0 ? `, or ${remedies.join(', or ')}` : '';
    super(
      during
        ? `the run reached its limit of ${maxEvents.toLocaleString('en-US')} events before the end; ` +
            `raise it with --max-events N${others}`
        : `the scenario needs about ${estimatedEvents.toLocaleString('en-US')} events, more than --max-events ` +
            `${maxEvents.toLocaleString('en-US')}; raise it with --max-events N${others}`,
    );
    this.name = 'EventLimitExceeded';
  }
}
