/** What the agent does when its buffer is full. */
export type WhenFull = 'block' | 'drop_newest' | 'drop_oldest';

/** When the agent commits a file offset to its checkpoint. */
export type CommitPolicy = 'on_ack' | 'on_read';

/** Randomisation of retry back-off. */
export type Jitter = 'none' | 'full' | 'equal';

/** An agent's settings, per host; the runner multiplies sizes by the cohort's host count. */
export interface AgentConfig {
  readonly batchMaxLines: number;
  readonly batchMaxBytes: number;
  readonly lingerUs: number;
  readonly bufferMaxBytes: number;
  readonly bufferMaxLines: number;
  readonly whenFull: WhenFull;
  readonly minBackoffUs: number;
  readonly maxBackoffUs: number;
  /** Retries after the first attempt before the batch is dropped (Infinity = never give up). */
  readonly maxRetries: number;
  /** Give up once a batch has been retried for this long (Infinity = no limit). */
  readonly maxRetryElapsedUs: number;
  readonly jitter: Jitter;
  readonly requestTimeoutUs: number;
  readonly maxInFlight: number;
  readonly checkpointEveryUs: number;
  readonly commit: CommitPolicy;
  /** How often an idle agent looks at its files again when nothing was written. */
  readonly idlePollUs: number;
}
