import type { RateSchedule } from './rate-schedule.ts';

/** What one source emits: k identical hosts running one service. */
export interface EmissionProfile {
  /** Hosts in the cohort; every count below is per host and is multiplied by this. */
  readonly hosts: number;
  readonly linesPerSecPerHost: number;
  readonly lineBytesMean: number;
  /** Lognormal shape of line sizes (σ of the underlying normal). */
  readonly lineBytesSigma: number;
  /** Share of lines at level error. */
  readonly errorShare: number;
  /** Emission grid: lines are drawn per tick, then spread uniformly inside it. */
  readonly tickUs: number;
  readonly rate: RateSchedule;
  /** A needle (a line a query will look for) is planted every this often; 0 = none. */
  readonly needleEveryUs: number;
}
